import { sortableId } from '../kernel/sortable-id';
import { ok, type Result } from '../../core/errors/result';
import { maskName, maskResidentId } from '../../core/identity/mask';
import { isFilingNumber } from '../../core/filing/filing-number';
import { chinaTimestamp, chinaToday } from '../../core/time/china-date';
import type { FilingStatus } from '../../core/filing/filing-status';
import type { ListPage } from '../../core/api/filing-api';
import type { QueueCounts, QueueItem, QueueTab } from '../../core/api/review-api';
import type { WriteOp } from '../store/document-store';
import type { FilingContext } from './filing-context';
import type { Page } from './filing-repository.port';
import type { FilingNumberRecord } from './filing-number';
import { Collections, type AuditRecord, type FilingRecord, type StaffRecord } from './filing-records';
import { toSummary } from './filing-views';
import { covers, selfHashOfStaff, staffOf } from './staff-directory';
import { isOwnCase } from './review.service';
import { deciderNameOf, regionNamesOf, staffNamesFor } from './desk-names';

/** Only open filings can be late: a decided or returned one is no longer the agency's to hurry. */
const OPEN: readonly FilingStatus[] = ['submitted', 'in_review'];

/** A name search answers at most this many filings (masked names collide; the filing number tells them apart). */
const SEARCH_LIMIT = 50;

export interface QueueRequest {
  tab?: QueueTab;
  status?: 'submitted' | 'in_review';
  cursor?: string;
  limit?: number;
}

export interface SearchRequest {
  filingNo?: string;
  idNumber?: string;
  name?: string;
}

/**
 * The review desk (issue 14): the queue by tab, the counts on the tabs, and search. Every list
 * is of the reviewer's own regions; a filing of another region is simply not there.
 */
export function reviewDeskService(ctx: FilingContext) {
  const { repo, cipher, runtime } = ctx;
  const today = () => chinaToday(runtime.clock.now());

  /** Rows as the desk shows them: regions and colleagues by name, overdue and own cases marked. */
  async function itemsOf(staff: StaffRecord, filings: readonly FilingRecord[]): Promise<QueueItem[]> {
    const now = today();
    const selfHash = await selfHashOfStaff(ctx, staff);
    // Colleagues by name: one staff read, and only when a row names someone other than the caller.
    const names = await staffNamesFor(repo, staff, filings.flatMap((f) => [f.claimedBy, f.decidedBy]));
    return filings.map((f) => {
      const item: QueueItem = {
        ...toSummary(f),
        ...regionNamesOf(runtime.regions, f),
        overdue: OPEN.includes(f.status) && f.reviewDeadline !== undefined && f.reviewDeadline < now,
      };
      if (f.claimedBy) {
        item.claimedBy = f.claimedBy;
        const claimer = names.get(f.claimedBy);
        if (claimer) item.claimedByName = claimer;
      }
      if (f.decision && !OPEN.includes(f.status)) {
        item.decision = f.decision;
        if (f.decidedAt) item.decidedAt = f.decidedAt;
        // A reviewer since removed is still named as such, never by openid.
        if (f.decidedBy) item.reviewerName = deciderNameOf(f, names);
        if (f.decisionReason) item.reason = f.decisionReason;
      }
      if (isOwnCase(staff, selfHash, f)) item.ownCase = true;
      return item;
    });
  }

  async function pageOfTab(staff: StaffRecord, request: QueueRequest, limit: number): Promise<Page<FilingRecord>> {
    const cursor = request.cursor ? { cursor: request.cursor } : {};
    switch (request.tab) {
      case 'pending':
        return repo.queue({ scopes: staff.regions, status: 'submitted', limit, ...cursor });
      case 'returned':
        return repo.queue({ scopes: staff.regions, status: 'returned', limit, ...cursor });
      case 'mine': {
        const page = await repo.claimedBy(staff.id, request.cursor, limit);
        // A claim outlives a change of regions: what is no longer theirs is not shown.
        return { ...page, items: page.items.filter((f) => covers(staff, f.insuredRegion)) };
      }
      case 'done':
        return repo.decided(staff.regions, request.cursor, limit);
      default:
        // No tab: the queue as before issue 14, open filings (or one open status).
        return repo.queue({ scopes: staff.regions, limit, ...(request.status ? { status: request.status } : {}), ...cursor });
    }
  }

  /** Audits an ID-number search in one commit: one row per filing found, or one saying none was. */
  async function auditIdSearch(staff: StaffRecord, idNumber: string, found: readonly FilingRecord[]): Promise<void> {
    const at = chinaTimestamp(runtime.clock.now());
    // The number searched for, masked: the log says what was looked for without holding it.
    const reason = `按身份证号查询：${maskResidentId(idNumber.toUpperCase())}`;
    const row = (f?: FilingRecord): AuditRecord => {
      const audit: AuditRecord = { id: sortableId(), filingId: f?.id ?? '', event: 'pii_search', actorRole: staff.role, actorId: staff.id, at, reason };
      if (f?.filingNo) audit.filingNo = f.filingNo;
      return audit;
    };
    const rows = found.length > 0 ? found.map(row) : [row()];
    const ops: WriteOp[] = rows.map((doc) => ({ kind: 'create', collection: Collections.audit, doc }));
    await repo.commit(ops);
  }

  async function byFilingNo(filingNo: string): Promise<FilingRecord[]> {
    if (!isFilingNumber(filingNo)) return [];
    const number = await repo.get<FilingNumberRecord>(Collections.filingNumbers, filingNo);
    const filing = number ? await repo.get<FilingRecord>(Collections.filings, number.filingId) : undefined;
    return filing ? [filing] : [];
  }

  const newestFirst = (a: FilingRecord, b: FilingRecord) => b.submittedAt.localeCompare(a.submittedAt) || b.id.localeCompare(a.id);

  return {
    async queue(openid: string | undefined, request: QueueRequest): Promise<Result<ListPage<QueueItem>>> {
      const staff = await staffOf(ctx, openid);
      if (!staff.ok) return staff;
      const page = await pageOfTab(staff.data, request, request.limit ?? 20);
      const items = await itemsOf(staff.data, page.items);
      return ok(page.nextCursor ? { items, nextCursor: page.nextCursor } : { items });
    },

    async queueCounts(openid: string | undefined): Promise<Result<QueueCounts>> {
      const staff = await staffOf(ctx, openid);
      if (!staff.ok) return staff;
      const scopes = staff.data.regions;
      const [pending, mine, returned, done, overdue] = await Promise.all([
        repo.countQueue({ scopes, statuses: ['submitted'] }),
        repo.countClaimedBy(staff.data.id),
        repo.countQueue({ scopes, statuses: ['returned'] }),
        repo.countDecided(scopes),
        repo.countQueue({ scopes, statuses: OPEN, deadlineBefore: today() }),
      ]);
      return ok({ pending, mine, returned, done, overdue });
    },

    /**
     * One of 备案编号, full ID number or name, within the reviewer's regions. A filing of another
     * region is not found, exactly like one that does not exist.
     */
    async search(openid: string | undefined, request: SearchRequest): Promise<Result<ListPage<QueueItem>>> {
      const staff = await staffOf(ctx, openid);
      if (!staff.ok) return staff;
      const mine = (filings: readonly FilingRecord[]) => filings.filter((f) => covers(staff.data, f.insuredRegion));
      let found: FilingRecord[];
      if (request.idNumber !== undefined) {
        found = mine(await repo.listByPerson(cipher.lookupHash(request.idNumber))).sort(newestFirst).slice(0, SEARCH_LIMIT);
        // Looking a person up by their full ID number is itself a recorded act (PIPL), found or not.
        await auditIdSearch(staff.data, request.idNumber, found);
      } else if (request.filingNo !== undefined) {
        found = mine(await byFilingNo(request.filingNo.trim()));
      } else {
        const typed = (request.name ?? '').trim();
        // 张秀英 is looked up as the 张*英 lists store; a number typed in the name box is taken as one.
        const masked = typed.includes('*') ? typed : maskName(typed);
        const [named, numbered] = await Promise.all([
          repo.byMaskedNameIn(masked, staff.data.regions, SEARCH_LIMIT),
          byFilingNo(typed),
        ]);
        found = [...new Map(mine([...numbered, ...named]).map((f) => [f.id, f])).values()];
      }
      return ok({ items: await itemsOf(staff.data, found) });
    },
  };
}
