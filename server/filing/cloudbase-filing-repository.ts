import type { Db } from '@cloudbase/database';
import { regionLevel } from '../../core/region/region-code';
import { WriteConflict, type WriteOp } from '../store/document-store';
import type { FilingRepository, QueueQuery } from './filing-repository.port';
import { Collections, type AuditRecord, type FilingRecord, type OutboxRecord, type StaffRecord } from './filing-records';
import { decodeCursor } from './cursor';
import { check, codeOf, fromStored, pageOf, toStored } from '../store/cloudbase/cloudbase-documents';

type Doc = Record<string, unknown>;

/** What a CloudBase transaction offers (the package types `runTransaction` as `any`). */
interface TransactionDoc {
  get(): Promise<unknown>;
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
  ],
  [Collections.audit]: [{ name: 'filing', keys: { filingId: 1, at: 1, _id: 1 } }],
  [Collections.outbox]: [{ name: 'pending', keys: { state: 1, createdAt: 1, _id: 1 } }],
};

/**
 * The production store. Every batch is one CloudBase transaction of single-document operations
 * addressed by `_id` (the only kind CloudBase allows): reads check existence and versions, then
 * writes; a concurrent change makes CloudBase fail the commit, which `runTransaction` retries.
 */
export function cloudbaseFilingRepository(db: Db): FilingRepository {
  const _ = db.command;

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
            const current = (check(await ref.get(), 'get') as unknown as { data: Doc | null }).data;
            if (op.kind === 'create') {
              if (current) throw new WriteConflict(op.collection, id, 'exists');
            } else {
              if (!current) throw new WriteConflict(op.collection, id, 'missing');
              if (current.version !== op.expectedVersion) throw new WriteConflict(op.collection, id, 'version');
            }
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
      const field = { province: 'insuredProvince', city: 'insuredCity', district: 'insuredRegion' } as const;
      const merged: FilingRecord[] = [];
      for (const scope of query.scopes) {
        for (const status of statuses) {
          const where = _.and([
            { [field[regionLevel(scope)]]: scope, status },
            _.or([{ reviewDeadline: _.gt(afterDeadline) }, { reviewDeadline: afterDeadline, _id: _.gt(afterId) }]),
          ]);
          merged.push(...(await list<FilingRecord>(
            db.collection(Collections.filings).where(where).orderBy('reviewDeadline', 'asc').orderBy('_id', 'asc').limit(query.limit + 1) ,
          )));
        }
      }
      const unique = [...new Map(merged.map((f) => [f.id, f])).values()];
      unique.sort((a, b) => (a.reviewDeadline ?? '').localeCompare(b.reviewDeadline ?? '') || a.id.localeCompare(b.id));
      return pageOf('filings.queue', unique, query.limit, (f) => [f.reviewDeadline ?? '', f.id]);
    },

    async timeline(filingId) {
      return list<AuditRecord>(db.collection(Collections.audit).where({ filingId }).orderBy('at', 'asc').orderBy('_id', 'asc').limit(1000));
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
