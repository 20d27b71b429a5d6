import path from 'node:path';
import { openSqlite, type SqliteDatabase } from '../store/sqlite/sqlite-database';
import type { FilingRepository, Page } from '../filing/filing-repository.port';
import type { FilingRecord } from '../filing/filing-records';
import { decodeCursor, encodeCursor } from '../filing/cursor';
import type { PolicyStore } from './policy-store.port';
import type { HolidayYearRecord, PolicyAuditRecord, PolicyChangeRecord, PolicyVersionRecord } from './policy-records';

type Row = { doc: string };
const docs = <T>(rows: unknown[]): T[] => (rows as Row[]).map((r) => JSON.parse(r.doc) as T);

function page<T>(items: T[], limit: number, key: (last: T) => [string, string]): Page<T> {
  const shown = items.slice(0, limit);
  return items.length > limit ? { items: shown, nextCursor: encodeCursor(key(shown[shown.length - 1]!)) } : { items: shown };
}

/**
 * SQLite adapter. Writes and single reads go through the filing repository (one connection, so
 * group commit covers them); the queries use a read connection to the same file, which WAL lets
 * read beside the writer. The tables come from the filing store's migrations (003-policy).
 */
export function openSqlitePolicyStore(dataDir: string, repo: FilingRepository): PolicyStore {
  const db: SqliteDatabase = openSqlite(path.join(dataDir, 'filings.sqlite'), []);
  const q = {
    versionsAfter: db.prepare('SELECT doc FROM policy_versions WHERE number > ? ORDER BY number LIMIT ?'),
    changesFirst: db.prepare('SELECT doc FROM policy_changes ORDER BY proposed_at DESC, id DESC LIMIT ?'),
    changesAfter: db.prepare('SELECT doc FROM policy_changes WHERE (proposed_at, id) < (?, ?) ORDER BY proposed_at DESC, id DESC LIMIT ?'),
    years: db.prepare('SELECT doc FROM holiday_years ORDER BY id'),
    auditFirst: db.prepare('SELECT doc FROM policy_audit ORDER BY at DESC, id DESC LIMIT ?'),
    auditAfter: db.prepare('SELECT doc FROM policy_audit WHERE (at, id) < (?, ?) ORDER BY at DESC, id DESC LIMIT ?'),
    open: db.prepare(
      `SELECT doc FROM filings WHERE status = ? AND review_deadline >= ? AND (review_deadline, id) > (?, ?)
       ORDER BY review_deadline, id LIMIT ?`,
    ),
  };

  return {
    get: (collection, id) => repo.get(collection, id),
    commit: (ops) => repo.commit(ops),
    async versionsAfter(number, limit) {
      return docs<PolicyVersionRecord>(q.versionsAfter.all(number, limit));
    },
    async changes(cursor, limit) {
      const after = cursor ? decodeCursor(cursor) : undefined;
      const rows = after && after[0] ? q.changesAfter.all(after[0], after[1], limit + 1) : q.changesFirst.all(limit + 1);
      return page(docs<PolicyChangeRecord>(rows), limit, (c) => [c.proposedAt, c.id]);
    },
    async holidayYears() {
      return docs<HolidayYearRecord>(q.years.all());
    },
    async audit(cursor, limit) {
      const after = cursor ? decodeCursor(cursor) : undefined;
      const rows = after && after[0] ? q.auditAfter.all(after[0], after[1], limit + 1) : q.auditFirst.all(limit + 1);
      return page(docs<PolicyAuditRecord>(rows), limit, (a) => [a.at, a.id]);
    },
    async openFilingsDueFrom(from, cursor, limit) {
      const [at, id] = cursor ? decodeCursor(cursor) : ['', ''];
      // Each status is one range of the (status, deadline, id) index, already in order: merge them.
      const merged = ['submitted', 'in_review']
        .flatMap((status) => docs<FilingRecord>(q.open.all(status, from, at, id, limit + 1)))
        .sort((a, b) => (a.reviewDeadline ?? '').localeCompare(b.reviewDeadline ?? '') || a.id.localeCompare(b.id));
      return page(merged, limit, (f) => [f.reviewDeadline ?? '', f.id]);
    },
    close() {
      db.close();
    },
  };
}
