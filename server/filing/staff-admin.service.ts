import { fail, ok, type Result } from '../../core/errors/result';
import { chinaTimestamp, type IsoDate } from '../../core/time/china-date';
import type { ListPage } from '../../core/api/filing-api';
import type { PiiAccessEntry, StaffView } from '../../core/api/review-api';
import type { FilingContext } from './filing-context';
import { Collections, type AuditRecord, type FilingRecord, type StaffRecord } from './filing-records';
import { commitKeepingAnAdmin, staffOf } from './staff-directory';
import { regionFullName, type RegionDirectory } from '../regions/region-directory';

export function staffView(s: StaffRecord, regions: RegionDirectory): StaffView {
  return { openid: s.id, name: s.name, role: s.role, regions: s.regions, regionNames: s.regions.map((r) => regionFullName(regions, r)) };
}

/** The name a log shows for someone no longer on the staff list. */
export const FORMER_STAFF_NAME = '已不在名单中的工作人员';

export interface StaffUpdate {
  openid: string;
  name?: string;
  role?: 'reviewer' | 'admin';
  regions?: string[];
}

/** The admin's desk: the staff list (add, change, remove) and the log of who saw or searched full ID numbers. */
export function staffAdminService(ctx: FilingContext) {
  const { repo, runtime } = ctx;

  async function adminOf(openid: string | undefined): Promise<Result<StaffRecord>> {
    const admin = await staffOf(ctx, openid);
    if (!admin.ok) return admin;
    return admin.data.role === 'admin' ? admin : fail('AUTH.FORBIDDEN');
  }

  function unknownRegions(regions: readonly string[]): Result<true> {
    const unknown = regions.filter((r) => !runtime.regions.exists(r));
    return unknown.length > 0 ? fail('REGION.UNKNOWN', { regions: `没有这些地区：${unknown.join('、')}` }) : ok(true);
  }

  return {
    async staffList(openid: string | undefined): Promise<Result<ListPage<StaffView>>> {
      const admin = await adminOf(openid);
      if (!admin.ok) return admin;
      return ok({ items: (await repo.listStaff()).map((s) => staffView(s, runtime.regions)) });
    },

    async staffAdd(openid: string | undefined, input: { openid: string; name: string; role: 'reviewer' | 'admin'; regions: string[] }): Promise<Result<StaffView>> {
      const admin = await adminOf(openid);
      if (!admin.ok) return admin;
      const known = unknownRegions(input.regions);
      if (!known.ok) return known;
      // The last admin can be neither removed nor demoted (here: saved again as a reviewer).
      const saved = await commitKeepingAnAdmin(ctx, input.openid, input.role === 'admin', (existing) => {
        const record: StaffRecord = { id: input.openid, version: (existing?.version ?? 0) + 1, name: input.name, role: input.role, regions: [...new Set(input.regions)], createdAt: existing?.createdAt ?? chinaTimestamp(runtime.clock.now()) };
        // The cached verified person stays with the account (only the identity service changes it).
        if (existing?.selfHash) record.selfHash = existing.selfHash;
        return { value: record, op: existing ? { kind: 'update', collection: Collections.staff, doc: record, expectedVersion: existing.version } : { kind: 'create', collection: Collections.staff, doc: record } };
      });
      if (!saved.ok) return saved;
      const record = saved.data;
      runtime.log.info('staff.saved', { by: admin.data.id, staff: record.id, role: record.role, regions: record.regions });
      return ok(staffView(record, runtime.regions));
    },

    /** Changes only what is given; a staff member who is not on the list is STAFF.NOT_FOUND (never created). */
    async staffUpdate(openid: string | undefined, input: StaffUpdate): Promise<Result<StaffView>> {
      const admin = await adminOf(openid);
      if (!admin.ok) return admin;
      if (input.regions) {
        const known = unknownRegions(input.regions);
        if (!known.ok) return known;
      }
      const found = await repo.get<StaffRecord>(Collections.staff, input.openid);
      if (!found) return fail('STAFF.NOT_FOUND');
      const staysAdmin = (input.role ?? found.role) === 'admin';
      const saved = await commitKeepingAnAdmin(ctx, input.openid, staysAdmin, (current) => {
        const base = current ?? found;
        const record: StaffRecord = {
          ...base,
          version: base.version + 1,
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.role !== undefined ? { role: input.role } : {}),
          ...(input.regions !== undefined ? { regions: [...new Set(input.regions)] } : {}),
        };
        return { value: record, op: { kind: 'update', collection: Collections.staff, doc: record, expectedVersion: base.version } };
      });
      if (!saved.ok) return saved;
      const record = saved.data;
      runtime.log.info('staff.updated', { by: admin.data.id, staff: record.id, role: record.role, regions: record.regions });
      return ok(staffView(record, runtime.regions));
    },

    async staffRemove(openid: string | undefined, target: string): Promise<Result<{ removed: true }>> {
      const admin = await adminOf(openid);
      if (!admin.ok) return admin;
      if (target === admin.data.id) return fail('AUTH.FORBIDDEN', { openid: '不能删除自己的账号' });
      const removed = await commitKeepingAnAdmin(ctx, target, false, () => ({ value: true, op: { kind: 'delete', collection: Collections.staff, id: target } }));
      if (!removed.ok) return removed;
      runtime.log.info('staff.removed', { by: admin.data.id, staff: target });
      return ok({ removed: true });
    },

    /**
     * Who revealed a full ID number (review.get with revealIdNumber) or searched by one, newest
     * first, with the staff member's name and the 备案编号. Rows written before the number was
     * stored on them read it from their filing (at most one page's worth of reads).
     */
    async piiAccessLog(openid: string | undefined, from: IsoDate, to: IsoDate, cursor: string | undefined, limit = 20): Promise<Result<ListPage<PiiAccessEntry>>> {
      const admin = await adminOf(openid);
      if (!admin.ok) return admin;
      const page = await repo.piiAccess(from, to, cursor, limit);
      const names = new Map((await repo.listStaff()).map((s) => [s.id, s.name]));
      const numbers = new Map<string, string | undefined>();
      for (const a of page.items) {
        if (a.filingNo || !a.filingId || numbers.has(a.filingId)) continue;
        numbers.set(a.filingId, (await repo.get<FilingRecord>(Collections.filings, a.filingId))?.filingNo);
      }
      const items = page.items.map((a: AuditRecord): PiiAccessEntry => {
        const entry: PiiAccessEntry = {
          id: a.id,
          at: a.at,
          staffOpenid: a.actorId,
          staffName: names.get(a.actorId) ?? FORMER_STAFF_NAME,
          kind: a.event === 'pii_search' ? 'search' : 'reveal',
        };
        if (a.filingId) entry.filingId = a.filingId;
        const filingNo = a.filingNo ?? (a.filingId ? numbers.get(a.filingId) : undefined);
        if (filingNo) entry.filingNo = filingNo;
        return entry;
      });
      return ok(page.nextCursor ? { items, nextCursor: page.nextCursor } : { items });
    },
  };
}
