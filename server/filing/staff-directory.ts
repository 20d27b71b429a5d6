import { fail, ok, type Result } from '../../core/errors/result';
import { WriteConflict, type WriteOp } from '../store/document-store';
import { regionCovers } from '../../core/region/region-code';
import type { Actor } from '../../core/filing/status-machine';
import type { FilingContext } from './filing-context';
import { Collections, type StaffRecord } from './filing-records';
import { identityContextOf } from '../identity/identity-context';
import { identityService } from '../identity/identity.service';

/** Staff are openids registered with a role and regions; nothing in the payload makes anyone staff. */
export async function staffOf(ctx: FilingContext, openid: string | undefined): Promise<Result<StaffRecord>> {
  if (!openid) return fail('AUTH.NO_IDENTITY');
  const staff = await ctx.repo.get<StaffRecord>(Collections.staff, openid);
  if (!staff) return fail('AUTH.NOT_STAFF');
  return ok(staff);
}

export function actorOf(staff: StaffRecord): Actor {
  return { role: staff.role, id: staff.id, regions: staff.regions };
}

export function covers(staff: StaffRecord, region: string): boolean {
  return staff.regions.some((scope) => regionCovers(scope, region));
}

/** The deployment names its first admins (ADMIN_OPENIDS); they are created if missing. */
export async function ensureConfiguredAdmins(ctx: FilingContext, openids: readonly string[], at: string): Promise<void> {
  for (const openid of openids) {
    const existing = await ctx.repo.get<StaffRecord>(Collections.staff, openid);
    if (existing) continue;
    const admin: StaffRecord = { id: openid, version: 1, name: '系统管理员', role: 'admin', regions: [], createdAt: at };
    await ctx.repo.commit([{ kind: 'put', collection: Collections.staff, doc: admin }]);
  }
}

/**
 * Commits one change to the staff record `targetId` (the op `build` makes from the record as it
 * is now) so that the deployment always keeps an admin: a change that takes the last admin's
 * role away (demotion or removal) is refused with AUTH.LAST_ADMIN. When an admin loses the role,
 * every other admin is version-bumped in the same batch, so two admins demoting each other at
 * once cannot both succeed: the loser's batch fails on a version and is judged again.
 */
export async function commitKeepingAnAdmin<T>(
  ctx: FilingContext,
  targetId: string,
  staysAdmin: boolean,
  build: (current: StaffRecord | undefined) => { op: WriteOp; value: T },
): Promise<Result<T>> {
  for (let attempt = 0; ; attempt++) {
    const current = await ctx.repo.get<StaffRecord>(Collections.staff, targetId);
    const { op, value } = build(current);
    const ops: WriteOp[] = [op];
    if (current?.role === 'admin' && !staysAdmin) {
      const others = (await ctx.repo.listStaff()).filter((s) => s.role === 'admin' && s.id !== targetId);
      if (others.length === 0) return fail('AUTH.LAST_ADMIN', { openid: '这是最后一位系统管理员' });
      for (const other of others) ops.push({ kind: 'update', collection: Collections.staff, doc: { ...other, version: other.version + 1 }, expectedVersion: other.version });
    }
    try {
      await ctx.repo.commit(ops);
      return ok(value);
    } catch (error) {
      if (!(error instanceof WriteConflict) || attempt >= 3) throw error;
    }
  }
}

/**
 * The person a staff member is verified as: kept on the staff record (issue 16: no identity read
 * per desk call; the identity service rewrites it whenever the account's self changes). A record
 * stored before it knew reads the identity once and keeps the answer; losing that write to a
 * concurrent change only means reading again next time.
 */
export async function selfHashOfStaff(ctx: FilingContext, staff: StaffRecord): Promise<string | undefined> {
  if (staff.selfHash) return staff.selfHash;
  const selfHash = await identityService(identityContextOf(ctx.runtime)).selfHashOf(staff.id);
  if (!selfHash) return undefined;
  try {
    const kept: StaffRecord = { ...staff, selfHash, version: staff.version + 1 };
    await ctx.repo.commit([{ kind: 'update', collection: Collections.staff, doc: kept, expectedVersion: staff.version }]);
  } catch (error) {
    if (!(error instanceof WriteConflict)) throw error;
  }
  return selfHash;
}
