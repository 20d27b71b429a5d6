import { fail, ok, type Result } from '../../core/errors/result';
import { regionCovers } from '../../core/region/region-code';
import type { Actor } from '../../core/filing/status-machine';
import type { FilingContext } from './filing-context';
import { Collections, type StaffRecord } from './filing-records';

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
