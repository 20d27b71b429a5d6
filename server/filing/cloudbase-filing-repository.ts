import type { Db } from '@cloudbase/database';
import { disjointScopes, regionLevel } from '../../core/region/region-code';
import { addDays } from '../../core/time/china-date';
import { WriteConflict, type WriteOp } from '../store/document-store';
import type { FilingRepository, QueueQuery } from './filing-repository.port';
import { Collections, type AuditRecord, type FilingRecord, type OutboxRecord, type StaffRecord } from './filing-records';
import { decodeCursor } from './cursor';
import { check, codeOf, fromStored, pageOf, toStored } from '../store/cloudbase/cloudbase-documents';

type Doc = Record<string, unknown>;

/** What a CloudBase transaction offers (the package types `runTransaction` as `any`). */
interface TransactionDoc {
  get(): Promise<unknown>;
  create(data: object): Promise<unknown>;
  set(data: object): Promise<unknown>;
  remove(): Promise<unknown>;
}
interface TransactionalDb {
  runTransaction(callback: (tx: { collection(name: string): { doc(id: string): TransactionDoc } }) => Promise<void>): Promise<void>;
}

/**
 * The indexes the queries below need, declared as code: create them in the CloudBase console
 * (or by its management API) before the first deployment. Each query uses one of them.
 */
export const FILING_INDEXES: Readonly<Record<string, readonly { name: string; keys: Readonly<Record<string, 1 | -1>>; unique?: boolean }[]>> = {
  [Collections.filings]: [
    { name: 'applicant', keys: { applicantOpenid: 1, submittedAt: -1, _id: -1 } },
    { name: 'person', keys: { personHash: 1 } },
    { name: 'queue_province', keys: { insuredProvince: 1, status: 1, reviewDeadline: 1, _id: 1 } },
    { name: 'queue_city', keys: { insuredCity: 1, status: 1, reviewDeadline: 1, _id: 1 } },
    { name: 'queue_region', keys: { insuredRegion: 1, status: 1, reviewDeadline: 1, _id: 1 } },
    { name: 'expiry', keys: { status: 1, endDate: 1 } },
    // The review desk (issue 14): 我在审, 已办结 per scope level, search by masked name, orphaned change requests.
    { name: 'claimed', keys: { claimedBy: 1, status: 1, reviewDeadline: 1, _id: 1 } },
    { name: 'decided_province', keys: { insuredProvince: 1, decidedAt: -1, _id: -1 } },
    { name: 'decided_city', keys: { insuredCity: 1, decidedAt: -1, _id: -1 } },
    { name: 'decided_region', keys: { insuredRegion: 1, decidedAt: -1, _id: -1 } },
    { name: 'change_of', keys: { changeOf: 1 } },
    // A reviewer's search by name, inside their regions: one per scope level.
    { name: 'masked_name_province', keys: { insuredProvince: 1, applicantNameMasked: 1, submittedAt: -1, _id: -1 } },
    { name: 'masked_name_city', keys: { insuredCity: 1, applicantNameMasked: 1, submittedAt: -1, _id: -1 } },
    { name: 'masked_name_region', keys: { insuredRegion: 1, applicantNameMasked: 1, submittedAt: -1, _id: -1 } },
    // History, stats and export of one decision kind (the unfiltered range rides decided_*).
    { name: 'decision_province', keys: { insuredProvince: 1, decision: 1, decidedAt: -1, _id: -1 } },
    { name: 'decision_city', keys: { insuredCity: 1, decision: 1, decidedAt: -1, _id: -1 } },
    { name: 'decision_region', keys: { insuredRegion: 1, decision: 1, decidedAt: -1, _id: -1 } },
    // Stats: filings received in a range.
    { name: 'received_province', keys: { insuredProvince: 1, submittedAt: 1 } },
    { name: 'received_city', keys: { insuredCity: 1, submittedAt: 1 } },
    { name: 'received_region', keys: { insuredRegion: 1, submittedAt: 1 } },
  ],
  [Collections.audit]: [
    { name: 'filing', keys: { filingId: 1, at: 1, _id: 1 } },
    { name: 'event', keys: { event: 1, at: -1, _id: -1 } },
    // The outbox is the event records with a delivery state (issue 16).
    { name: 'pending', keys: { state: 1, createdAt: 1, _id: 1 } },
  ],
  // Before issue 16: emptied of pending rows by the migration (server/filing/legacy-outbox.ts).
  [Collections.legacyOutbox]: [{ name: 'pending', keys: { state: 1, createdAt: 1, _id: 1 } }],
};

/**
 * The production store. Every batch is one CloudBase transaction of single-document operations
 * addressed by `_id` (the only kind CloudBase allows): an update reads the version it expects, then
 * writes; a create is one insert, which the service refuses for a taken `_id`; a concurrent change
 * makes CloudBase fail the commit, which `runTransaction` retries.
 */
const SCOPE_FIELD = { province: 'insuredProvince', city: 'insuredCity', district: 'insuredRegion' } as const;

export function cloudbaseFilingRepository(db: Db): FilingRepository {
  const _ = db.command;
  /** A decision the desk shows as 已办结: made by staff (or closed), and the filing not back in review. */
  const decidedIn = (scope: string): Doc => ({ [SCOPE_FIELD[regionLevel(scope)]]: scope, decision: _.exists(true), status: _.nin(['submitted', 'in_review']) });
  const total = async (collection: string, where: object): Promise<number> =>
    (check(await db.collection(collection).where(where).count(), 'count') as { total: number }).total;

  async function list<T>(query: { get(): Promise<unknown> }): Promise<T[]> {
    const res = check(await query.get(), 'query') as { data: Doc[] };
    return res.data.map((d) => fromStored<T>(d));
  }

  return {
    async get<T extends { id: string }>(collection: string, id: string) {
      const res = check(await db.collection(collection).doc(id).get(), 'get') as { data: Doc[] };
      const doc = res.data[0];
      return doc ? fromStored<T>(doc) : undefined;
    },

    async commit(ops: readonly WriteOp[]) {
      try {
        await (db as unknown as TransactionalDb).runTransaction(async (tx) => {
          for (const op of ops) {
            const id = op.kind === 'delete' ? op.id : op.doc.id;
            const ref = tx.collection(op.collection).doc(id);
            if (op.kind === 'put') {
              check(await ref.set(toStored(op.doc)), 'set');
              continue;
            }
            if (op.kind === 'delete') {
              check(await ref.remove(), 'remove');
              continue;
            }
            if (op.kind === 'create') {
              // One request, not a read then a write (issue 16): the service refuses a taken _id itself.
              const created = await ref.create(toStored(op.doc));
              if (codeOf(created) === 'DATABASE_DUPLICATE_WRITE') throw new WriteConflict(op.collection, id, 'exists');
              check(created, 'create');
              continue;
            }
            const current = (check(await ref.get(), 'get') as unknown as { data: Doc | null }).data;
            if (!current) throw new WriteConflict(op.collection, id, 'missing');
            if (current.version !== op.expectedVersion) throw new WriteConflict(op.collection, id, 'version');
            check(await ref.set(toStored(op.doc)), 'set');
          }
        });
      } catch (error) {
        if (error instanceof WriteConflict) throw error;
        const code = codeOf(error);
        // runTransaction already retried; a conflict that persists is a lost race.
        if (code === 'DATABASE_TRANSACTION_CONFLICT') throw new WriteConflict(ops[0]?.collection ?? '', '', 'version');
        throw error;
      }
    },

    async listByApplicant(openid, cursor, limit) {
      const conditions: Doc[] = [{ applicantOpenid: openid }];
      if (cursor) {
        const [at, id] = decodeCursor('filings.byApplicant', cursor);
        conditions.push(_.or([{ submittedAt: _.lt(at) }, { submittedAt: at, _id: _.lt(id) }]) as unknown as Doc);
      }
      const items = await list<FilingRecord>(
        db.collection(Collections.filings).where(_.and(conditions)).orderBy('submittedAt', 'desc').orderBy('_id', 'desc').limit(limit + 1) ,
      );
      return pageOf('filings.byApplicant', items, limit, (f) => [f.submittedAt, f.id]);
    },

    async listByPerson(personHash) {
      return list<FilingRecord>(db.collection(Collections.filings).where({ personHash }).limit(1000));
    },

    async queue(query: QueueQuery) {
      const [afterDeadline, afterId] = query.cursor ? decodeCursor('filings.queue', query.cursor) : ['', ''];
      const statuses = query.status ? [query.status] : ['submitted', 'in_review'];
      const merged: FilingRecord[] = [];
      // One query per scope (issue 16: a request each): both open statuses through `_.in`.
      const status = statuses.length === 1 ? statuses[0] : _.in(statuses);
      for (const scope of query.scopes) {
        const where = _.and([
          { [SCOPE_FIELD[regionLevel(scope)]]: scope, status },
          _.or([{ reviewDeadline: _.gt(afterDeadline) }, { reviewDeadline: afterDeadline, _id: _.gt(afterId) }]),
        ]);
        merged.push(...(await list<FilingRecord>(
          db.collection(Collections.filings).where(where).orderBy('reviewDeadline', 'asc').orderBy('_id', 'asc').limit(query.limit + 1),
        )));
      }
      const unique = [...new Map(merged.map((f) => [f.id, f])).values()];
      unique.sort((a, b) => (a.reviewDeadline ?? '').localeCompare(b.reviewDeadline ?? '') || a.id.localeCompare(b.id));
      return pageOf('filings.queue', unique, query.limit, (f) => [f.reviewDeadline ?? '', f.id]);
    },

    async claimedBy(openid, cursor, limit) {
      const [afterDeadline, afterId] = cursor ? decodeCursor('filings.claimed', cursor) : ['', ''];
      const where = _.and([
        { claimedBy: openid, status: 'in_review' },
        _.or([{ reviewDeadline: _.gt(afterDeadline) }, { reviewDeadline: afterDeadline, _id: _.gt(afterId) }]),
      ]);
      const items = await list<FilingRecord>(
        db.collection(Collections.filings).where(where).orderBy('reviewDeadline', 'asc').orderBy('_id', 'asc').limit(limit + 1),
      );
      return pageOf('filings.claimed', items, limit, (f) => [f.reviewDeadline ?? '', f.id]);
    },

    async decided(scopes, cursor, limit) {
      const after = cursor ? decodeCursor('filings.decided', cursor) : undefined;
      const merged: FilingRecord[] = [];
      for (const scope of disjointScopes(scopes)) {
        const conditions: Doc[] = [decidedIn(scope)];
        if (after) conditions.push(_.or([{ decidedAt: _.lt(after[0]) }, { decidedAt: after[0], _id: _.lt(after[1]) }]) as unknown as Doc);
        merged.push(...(await list<FilingRecord>(
          db.collection(Collections.filings).where(_.and(conditions)).orderBy('decidedAt', 'desc').orderBy('_id', 'desc').limit(limit + 1),
        )));
      }
      merged.sort((a, b) => (b.decidedAt ?? '').localeCompare(a.decidedAt ?? '') || b.id.localeCompare(a.id));
      return pageOf('filings.decided', merged, limit, (f) => [f.decidedAt ?? '', f.id]);
    },

    async decidedBetween(query) {
      const after = query.cursor ? decodeCursor('filings.decidedBetween', query.cursor) : undefined;
      const merged: FilingRecord[] = [];
      for (const scope of disjointScopes(query.scopes)) {
        // decidedAt is a China timestamp (+08:00): [from, to + 1 day) is its China date in [from, to].
        const conditions: Doc[] = [{
          [SCOPE_FIELD[regionLevel(scope)]]: scope,
          decision: query.decision ?? _.exists(true),
          decidedAt: _.gte(query.from).and(_.lt(addDays(query.to, 1))),
        }];
        if (after) conditions.push(_.or([{ decidedAt: _.lt(after[0]) }, { decidedAt: after[0], _id: _.lt(after[1]) }]) as unknown as Doc);
        merged.push(...(await list<FilingRecord>(
          db.collection(Collections.filings).where(_.and(conditions)).orderBy('decidedAt', 'desc').orderBy('_id', 'desc').limit(query.limit + 1),
        )));
      }
      merged.sort((a, b) => (b.decidedAt ?? '').localeCompare(a.decidedAt ?? '') || b.id.localeCompare(a.id));
      return pageOf('filings.decidedBetween', merged, query.limit, (f) => [f.decidedAt ?? '', f.id]);
    },

    async countSubmittedBetween(scope, from, to) {
      return total(Collections.filings, { [SCOPE_FIELD[regionLevel(scope)]]: scope, submittedAt: _.gte(from).and(_.lt(addDays(to, 1))) });
    },

    async countQueue(query) {
      let sum = 0;
      for (const scope of disjointScopes(query.scopes)) {
        const where: Doc = { [SCOPE_FIELD[regionLevel(scope)]]: scope, status: query.statuses.length === 1 ? query.statuses[0] : _.in([...query.statuses]) };
        if (query.deadlineBefore) where.reviewDeadline = _.lt(query.deadlineBefore);
        sum += await total(Collections.filings, where);
      }
      return sum;
    },

    async countClaimedBy(openid) {
      return total(Collections.filings, { claimedBy: openid, status: 'in_review' });
    },

    async countDecided(scopes) {
      let sum = 0;
      for (const scope of disjointScopes(scopes)) sum += await total(Collections.filings, decidedIn(scope));
      return sum;
    },

    async byMaskedNameIn(masked, scopes, limit) {
      const merged: FilingRecord[] = [];
      for (const scope of disjointScopes(scopes)) {
        merged.push(...(await list<FilingRecord>(
          db.collection(Collections.filings).where({ [SCOPE_FIELD[regionLevel(scope)]]: scope, applicantNameMasked: masked })
            .orderBy('submittedAt', 'desc').orderBy('_id', 'desc').limit(limit),
        )));
      }
      merged.sort((a, b) => b.submittedAt.localeCompare(a.submittedAt) || b.id.localeCompare(a.id));
      return merged.slice(0, limit);
    },

    async pendingChangesOf(baseId) {
      return list<FilingRecord>(db.collection(Collections.filings).where({ changeOf: baseId, status: _.in(['submitted', 'in_review', 'returned']) }).limit(100));
    },

    async piiAccess(from, to, cursor, limit) {
      const conditions: Doc[] = [{ event: _.in(['pii_access', 'pii_search']), at: _.gte(from).and(_.lt(addDays(to, 1))) }];
      if (cursor) {
        const [at, id] = decodeCursor('audit.pii', cursor);
        conditions.push(_.or([{ at: _.lt(at) }, { at, _id: _.lt(id) }]) as unknown as Doc);
      }
      const items = await list<AuditRecord>(
        db.collection(Collections.audit).where(_.and(conditions)).orderBy('at', 'desc').orderBy('_id', 'desc').limit(limit + 1),
      );
      return pageOf('audit.pii', items, limit, (a) => [a.at, a.id]);
    },

    async timeline(filingId) {
      return list<AuditRecord>(db.collection(Collections.audit).where({ filingId }).orderBy('at', 'asc').orderBy('_id', 'asc').limit(1000));
    },

    async filingWithTimeline(filingId) {
      // One request, not two (issue 16): the filing by _id, its audit records joined on the `filing` index.
      const res = check(
        await db.collection(Collections.filings).aggregate().match({ _id: filingId })
          .lookup({ from: Collections.audit, localField: '_id', foreignField: 'filingId', as: 'timeline' }).end(),
        'aggregate',
      ) as { data: Doc[] };
      const doc = res.data[0];
      if (!doc) return undefined;
      const { timeline, ...filing } = doc;
      const audit = ((timeline ?? []) as Doc[]).map((d) => fromStored<AuditRecord>(d));
      audit.sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
      return { filing: fromStored<FilingRecord>(filing), timeline: audit };
    },

    async dueForExpiry(today, limit) {
      return list<FilingRecord>(
        db.collection(Collections.filings).where({ status: 'approved', endDate: _.lt(today) }).orderBy('endDate', 'asc').limit(limit) ,
      );
    },

    async pendingOutbox(limit) {
      return list<OutboxRecord>(
        db.collection(Collections.outbox).where({ state: 'pending' }).orderBy('createdAt', 'asc').orderBy('_id', 'asc').limit(limit) ,
      );
    },

    async listStaff() {
      return list<StaffRecord>(db.collection(Collections.staff).orderBy('_id', 'asc').limit(1000));
    },

    async count(collection) {
      const res = check(await db.collection(collection).count(), 'count') as { total: number };
      return res.total;
    },

    close() {
      // The SDK keeps no connection to close.
    },
  };
}
