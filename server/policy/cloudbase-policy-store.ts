import type { Db } from '@cloudbase/database';
import type { FilingRepository } from '../filing/filing-repository.port';
import { Collections, type FilingRecord } from '../filing/filing-records';
import { decodeCursor } from '../filing/cursor';
import { check, fromStored, pageOf } from '../store/cloudbase/cloudbase-documents';
import type { PolicyStore } from './policy-store.port';
import type { HolidayYearRecord, PolicyAuditRecord, PolicyChangeRecord, PolicyVersionRecord } from './policy-records';

type Doc = Record<string, unknown>;
type IndexSpec = { name: string; keys: Readonly<Record<string, 1 | -1>>; unique?: boolean };

/**
 * The indexes the queries below need, declared as code like FILING_INDEXES (create them before
 * the first deployment). The filings entry comes on top of FILING_INDEXES: the deadline
 * recount reads open filings by status and deadline across all regions.
 */
export const POLICY_INDEXES: Readonly<Record<string, readonly IndexSpec[]>> = {
  [Collections.policyVersions]: [{ name: 'number', keys: { number: 1 }, unique: true }],
  [Collections.policyChanges]: [{ name: 'proposed', keys: { proposedAt: -1, _id: -1 } }],
  [Collections.policyAudit]: [{ name: 'at', keys: { at: -1, _id: -1 } }],
  [Collections.filings]: [{ name: 'open_deadline', keys: { status: 1, reviewDeadline: 1, _id: 1 } }],
};

/** CloudBase answers at most 1,000 documents per query. */
const MAX_LIMIT = 1000;
const capped = (limit: number) => Math.max(1, Math.min(limit, MAX_LIMIT));

/**
 * The production policy store. Reads and batches are the filing repository's own (one CloudBase
 * transaction of single-document operations by `_id`); each query below uses one declared
 * index (holiday_years is read whole by `_id`) and pages by a (sort key, `_id`) cursor.
 */
export function cloudbasePolicyStore(db: Db, repo: FilingRepository): PolicyStore {
  const _ = db.command;

  async function list<T>(query: { get(): Promise<unknown> }): Promise<T[]> {
    const res = check(await query.get(), 'query') as { data: Doc[] };
    return res.data.map((d) => fromStored<T>(d));
  }

  /** A collection in descending (key, _id) order, after the cursor when there is one. */
  const newestFirst = (collection: string, field: string, cursor: string | undefined, limit: number) => {
    const [at, id] = cursor ? decodeCursor(cursor) : ['', ''];
    const base = db.collection(collection);
    const from = at ? base.where(_.or([{ [field]: _.lt(at) }, { [field]: at, _id: _.lt(id) }])) : base;
    return from.orderBy(field, 'desc').orderBy('_id', 'desc').limit(capped(limit + 1));
  };

  return {
    get: (collection, id) => repo.get(collection, id),
    commit: (ops) => repo.commit(ops),
    async versionsAfter(number, limit) {
      return list<PolicyVersionRecord>(db.collection(Collections.policyVersions).where({ number: _.gt(number) }).orderBy('number', 'asc').limit(capped(limit)));
    },
    async changes(cursor, limit) {
      const items = await list<PolicyChangeRecord>(newestFirst(Collections.policyChanges, 'proposedAt', cursor, limit));
      return pageOf(items, limit, (c) => [c.proposedAt, c.id]);
    },
    async holidayYears() {
      return list<HolidayYearRecord>(db.collection(Collections.holidayYears).orderBy('_id', 'asc').limit(MAX_LIMIT));
    },
    async audit(cursor, limit) {
      const items = await list<PolicyAuditRecord>(newestFirst(Collections.policyAudit, 'at', cursor, limit));
      return pageOf(items, limit, (a) => [a.at, a.id]);
    },
    async openFilingsDueFrom(from, cursor, limit) {
      const [at, id] = cursor ? decodeCursor(cursor) : ['', ''];
      const merged: FilingRecord[] = [];
      for (const status of ['submitted', 'in_review']) {
        const where = _.and([
          { status, reviewDeadline: _.gte(from) },
          _.or([{ reviewDeadline: _.gt(at) }, { reviewDeadline: at, _id: _.gt(id) }]),
        ]);
        merged.push(...(await list<FilingRecord>(
          db.collection(Collections.filings).where(where).orderBy('reviewDeadline', 'asc').orderBy('_id', 'asc').limit(capped(limit + 1)),
        )));
      }
      merged.sort((a, b) => (a.reviewDeadline ?? '').localeCompare(b.reviewDeadline ?? '') || a.id.localeCompare(b.id));
      return pageOf(merged, limit, (f) => [f.reviewDeadline ?? '', f.id]);
    },
    close() {
      // The SDK keeps no connection to close.
    },
  };
}
