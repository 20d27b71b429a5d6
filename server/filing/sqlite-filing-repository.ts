import path from 'node:path';
import type { Statement } from 'better-sqlite3';
import { openSqlite, type Migration, type SqliteDatabase } from '../store/sqlite/sqlite-database';
import { sqliteWriterFor, type SqliteWriter } from '../store/sqlite/sqlite-writer';
import { disjointScopes, regionLevel } from '../../core/region/region-code';
import { addDays } from '../../core/time/china-date';
import type { FilingRepository, Page, QueueQuery } from './filing-repository.port';
import { Collections, type AuditRecord, type FilingRecord, type OutboxRecord, type StaffRecord } from './filing-records';
import { decodeCursor, encodeCursor, pageOf } from './cursor';
import { NOTIFICATION_MIGRATION } from '../notification/sqlite-notification.schema';
import { POLICY_MIGRATION } from '../policy/sqlite-policy.schema';
import { IDENTITY_MIGRATION } from '../identity/sqlite-identity.schema';

/**
 * Documents are stored whole as JSON; the fields that queries filter or sort on are generated
 * columns with indexes, so the SQLite adapter keeps the same document shapes as CloudBase.
 */
export const FILING_MIGRATIONS: Migration[] = [
  {
    id: '001-filings',
    sql: `
      CREATE TABLE filings (
        id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL,
        applicant_openid TEXT GENERATED ALWAYS AS (json_extract(doc, '$.applicantOpenid')) VIRTUAL,
        person_hash TEXT GENERATED ALWAYS AS (json_extract(doc, '$.personHash')) VIRTUAL,
        status TEXT GENERATED ALWAYS AS (json_extract(doc, '$.status')) VIRTUAL,
        insured_region TEXT GENERATED ALWAYS AS (json_extract(doc, '$.insuredRegion')) VIRTUAL,
        insured_city TEXT GENERATED ALWAYS AS (json_extract(doc, '$.insuredCity')) VIRTUAL,
        insured_province TEXT GENERATED ALWAYS AS (json_extract(doc, '$.insuredProvince')) VIRTUAL,
        review_deadline TEXT GENERATED ALWAYS AS (json_extract(doc, '$.reviewDeadline')) VIRTUAL,
        submitted_at TEXT GENERATED ALWAYS AS (json_extract(doc, '$.submittedAt')) VIRTUAL,
        end_date TEXT GENERATED ALWAYS AS (json_extract(doc, '$.endDate')) VIRTUAL
      );
      CREATE INDEX filings_applicant ON filings (applicant_openid, submitted_at DESC, id DESC);
      CREATE INDEX filings_person ON filings (person_hash);
      CREATE INDEX filings_queue_province ON filings (insured_province, status, review_deadline, id);
      CREATE INDEX filings_queue_city ON filings (insured_city, status, review_deadline, id);
      CREATE INDEX filings_queue_region ON filings (insured_region, status, review_deadline, id);
      CREATE INDEX filings_expiry ON filings (status, end_date);
      CREATE TABLE filing_audit (
        id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL,
        filing_id TEXT GENERATED ALWAYS AS (json_extract(doc, '$.filingId')) VIRTUAL,
        at TEXT GENERATED ALWAYS AS (json_extract(doc, '$.at')) VIRTUAL
      );
      CREATE INDEX filing_audit_filing ON filing_audit (filing_id, at, id);
      CREATE TABLE outbox (
        id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL,
        state TEXT GENERATED ALWAYS AS (json_extract(doc, '$.state')) VIRTUAL,
        created_at TEXT GENERATED ALWAYS AS (json_extract(doc, '$.createdAt')) VIRTUAL
      );
      CREATE INDEX outbox_pending ON outbox (state, created_at, id);
      CREATE TABLE idempotency (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL);
      CREATE TABLE active_slots (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL);
      CREATE TABLE drafts (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL);
      CREATE TABLE staff (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL);
      CREATE TABLE files (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL);
    `,
  },
  NOTIFICATION_MIGRATION,
  IDENTITY_MIGRATION,
  { id: '004-filing-numbers', sql: 'CREATE TABLE filing_numbers (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL);' },
  POLICY_MIGRATION,
  {
    // The review desk (issue 14): 我在审, 已办结, search by masked name, orphaned change requests, the personal-data access log.
    id: '006-review-desk',
    sql: `
      ALTER TABLE filings ADD COLUMN claimed_by TEXT GENERATED ALWAYS AS (json_extract(doc, '$.claimedBy')) VIRTUAL;
      ALTER TABLE filings ADD COLUMN decided_at TEXT GENERATED ALWAYS AS (json_extract(doc, '$.decidedAt')) VIRTUAL;
      ALTER TABLE filings ADD COLUMN decision TEXT GENERATED ALWAYS AS (json_extract(doc, '$.decision')) VIRTUAL;
      ALTER TABLE filings ADD COLUMN change_of TEXT GENERATED ALWAYS AS (json_extract(doc, '$.changeOf')) VIRTUAL;
      ALTER TABLE filings ADD COLUMN name_masked TEXT GENERATED ALWAYS AS (json_extract(doc, '$.applicantNameMasked')) VIRTUAL;
      CREATE INDEX filings_claimed ON filings (claimed_by, status, review_deadline, id);
      CREATE INDEX filings_decided_province ON filings (insured_province, decided_at DESC, id DESC) WHERE decision IS NOT NULL;
      CREATE INDEX filings_decided_city ON filings (insured_city, decided_at DESC, id DESC) WHERE decision IS NOT NULL;
      CREATE INDEX filings_decided_region ON filings (insured_region, decided_at DESC, id DESC) WHERE decision IS NOT NULL;
      CREATE INDEX filings_change_of ON filings (change_of);
      CREATE INDEX filings_name ON filings (name_masked, submitted_at DESC, id DESC);
      ALTER TABLE filing_audit ADD COLUMN event TEXT GENERATED ALWAYS AS (json_extract(doc, '$.event')) VIRTUAL;
      CREATE INDEX filing_audit_event ON filing_audit (event, at DESC, id DESC);
    `,
  },
  {
    // Issue 16: one event row per transition. The audit record carries its outbox row's delivery
    // fields; pending rows of the old outbox table move onto the audit record of the same
    // transition (same filing, event and instant), or in whole when none matches, so nothing
    // pending is lost. Delivered rows stay in the old table, read by nothing.
    id: '007-event-rows',
    sql: `
      ALTER TABLE filing_audit ADD COLUMN state TEXT GENERATED ALWAYS AS (json_extract(doc, '$.state')) VIRTUAL;
      ALTER TABLE filing_audit ADD COLUMN created_at TEXT GENERATED ALWAYS AS (json_extract(doc, '$.createdAt')) VIRTUAL;
      CREATE INDEX filing_audit_pending ON filing_audit (created_at, id) WHERE state = 'pending';
      INSERT INTO filing_audit (id, version, doc)
        SELECT o.id, o.version, json_set(o.doc, '$.at', json_extract(o.doc, '$.createdAt'), '$.actorRole', 'system', '$.actorId', 'outbox-migration')
        FROM outbox o
        WHERE o.state = 'pending' AND NOT EXISTS (
          SELECT 1 FROM filing_audit a
          WHERE a.filing_id = json_extract(o.doc, '$.filingId') AND a.event = json_extract(o.doc, '$.event') AND a.at = json_extract(o.doc, '$.createdAt'));
      UPDATE filing_audit SET version = o.version, doc = json_set(filing_audit.doc,
          '$.state', 'pending', '$.createdAt', json_extract(o.doc, '$.createdAt'), '$.version', o.version,
          '$.applicantOpenid', json_extract(o.doc, '$.applicantOpenid'), '$.insuredRegion', json_extract(o.doc, '$.insuredRegion'))
        FROM outbox o
        WHERE o.state = 'pending' AND filing_audit.state IS NULL AND filing_audit.filing_id = json_extract(o.doc, '$.filingId')
          AND filing_audit.event = json_extract(o.doc, '$.event') AND filing_audit.at = json_extract(o.doc, '$.createdAt');
      DELETE FROM outbox WHERE state = 'pending';
    `,
  },
  {
    // A reviewer's search by name (issue 14) stays inside their regions: one range per scope level.
    id: '008-masked-name-by-region',
    sql: `
      CREATE INDEX filings_name_province ON filings (insured_province, name_masked, submitted_at DESC, id DESC);
      CREATE INDEX filings_name_city ON filings (insured_city, name_masked, submitted_at DESC, id DESC);
      CREATE INDEX filings_name_region ON filings (insured_region, name_masked, submitted_at DESC, id DESC);
    `,
  },
  {
    // History, stats and export (issue 14): one decision kind (the unfiltered range rides filings_decided_*), and filings received in a range.
    id: '009-decided-by-kind',
    sql: `
      CREATE INDEX filings_decision_province ON filings (insured_province, decision, decided_at DESC, id DESC) WHERE decision IS NOT NULL;
      CREATE INDEX filings_decision_city ON filings (insured_city, decision, decided_at DESC, id DESC) WHERE decision IS NOT NULL;
      CREATE INDEX filings_decision_region ON filings (insured_region, decision, decided_at DESC, id DESC) WHERE decision IS NOT NULL;
      CREATE INDEX filings_received_province ON filings (insured_province, submitted_at);
      CREATE INDEX filings_received_city ON filings (insured_city, submitted_at);
      CREATE INDEX filings_received_region ON filings (insured_region, submitted_at);
    `,
  },
  {
    // Submit cost (issue 16): every index a new filing enters is written at each commit. Those
    // that only serve filings in a later state (claimed, a change request, approved) hold only
    // those; the search by name without a region served no query.
    id: '010-lean-submit-indexes',
    sql: `
      DROP INDEX filings_claimed;
      CREATE INDEX filings_claimed ON filings (claimed_by, status, review_deadline, id) WHERE claimed_by IS NOT NULL;
      DROP INDEX filings_change_of;
      CREATE INDEX filings_change_of ON filings (change_of) WHERE change_of IS NOT NULL;
      DROP INDEX filings_expiry;
      CREATE INDEX filings_expiry ON filings (status, end_date, id) WHERE status = 'approved';
      DROP INDEX filings_name;
    `,
  },
];

const LEVEL_COLUMN = { province: 'insured_province', city: 'insured_city', district: 'insured_region' } as const;

const KNOWN = new Set<string>(Object.values(Collections));

function table(collection: string): string {
  // Table names cannot be bound parameters: only our own collection names ever reach SQL.
  if (!KNOWN.has(collection)) throw new Error(`unknown collection ${collection}`);
  return collection;
}

function parse<T>(row: { doc: string } | undefined): T | undefined {
  return row ? (JSON.parse(row.doc) as T) : undefined;
}

export function openSqliteFilingRepository(dataDir: string | ':memory:'): FilingRepository {
  const db: SqliteDatabase = openSqlite(dataDir === ':memory:' ? ':memory:' : path.join(dataDir, 'filings.sqlite'), FILING_MIGRATIONS);

  // Preparing a statement costs more than running it: keep one per SQL text.
  const statements = new Map<string, Statement<unknown[]>>();
  const sql = (text: string) => {
    let statement = statements.get(text);
    if (!statement) {
      statement = db.prepare<unknown[]>(text);
      statements.set(text, statement);
    }
    return statement;
  };

  const file = dataDir === ':memory:' ? undefined : path.join(dataDir, 'filings.sqlite');
  const writer: SqliteWriter = sqliteWriterFor(db, file, table);

  const queueStatement = (level: 'insured_province' | 'insured_city' | 'insured_region') =>
    sql(
      `SELECT doc FROM filings WHERE ${level} = ? AND status = ? AND (review_deadline, id) > (?, ?)
       ORDER BY review_deadline, id LIMIT ?`,
    );
  const queueBy = {
    province: queueStatement('insured_province'),
    city: queueStatement('insured_city'),
    district: queueStatement('insured_region'),
  };

  const docs = <T>(rows: unknown[]): T[] => (rows as { doc: string }[]).map((r) => JSON.parse(r.doc) as T);

  return {
    async get<T extends { id: string }>(collection: string, id: string) {
      return parse<T>(sql(`SELECT doc FROM ${table(collection)} WHERE id = ?`).get(id) as { doc: string } | undefined);
    },
    commit(ops) {
      return writer.commit(ops);
    },
    async listByApplicant(openid, cursor, limit) {
      const after = cursor ? decodeCursor('filings.byApplicant', cursor) : undefined;
      const rows = (after
        ? sql(`SELECT doc FROM filings WHERE applicant_openid = ? AND (submitted_at, id) < (?, ?) ORDER BY submitted_at DESC, id DESC LIMIT ?`)
          .all(openid, after[0], after[1], limit + 1)
        : sql(`SELECT doc FROM filings WHERE applicant_openid = ? ORDER BY submitted_at DESC, id DESC LIMIT ?`)
          .all(openid, limit + 1)) as { doc: string }[];
      const items = rows.slice(0, limit).map((r) => JSON.parse(r.doc) as FilingRecord);
      const page: Page<FilingRecord> = { items };
      if (rows.length > limit) {
        const last = items[items.length - 1]!;
        page.nextCursor = encodeCursor('filings.byApplicant', [last.submittedAt, last.id]);
      }
      return page;
    },
    async listByPerson(personHash) {
      return (sql('SELECT doc FROM filings WHERE person_hash = ?').all(personHash) as { doc: string }[]).map(
        (r) => JSON.parse(r.doc) as FilingRecord,
      );
    },
    async queue(query: QueueQuery) {
      const after = query.cursor ? decodeCursor('filings.queue', query.cursor) : ['', ''];
      const statuses = query.status ? [query.status] : ['submitted', 'in_review'];
      const merged: FilingRecord[] = [];
      // Each (scope, status) pair is one index range scan already in deadline order; merge them.
      for (const scope of query.scopes) {
        const statement = queueBy[regionLevel(scope)];
        for (const status of statuses) {
          const rows = statement.all(scope, status, after[0], after[1], query.limit + 1) as { doc: string }[];
          for (const r of rows) merged.push(JSON.parse(r.doc) as FilingRecord);
        }
      }
      const unique = [...new Map(merged.map((f) => [f.id, f])).values()];
      unique.sort((a, b) => (a.reviewDeadline ?? '').localeCompare(b.reviewDeadline ?? '') || a.id.localeCompare(b.id));
      const items = unique.slice(0, query.limit);
      const page: Page<FilingRecord> = { items };
      if (unique.length > query.limit) {
        const last = items[items.length - 1]!;
        page.nextCursor = encodeCursor('filings.queue', [last.reviewDeadline ?? '', last.id]);
      }
      return page;
    },
    async claimedBy(openid, cursor, limit) {
      const after = cursor ? decodeCursor('filings.claimed', cursor) : ['', ''];
      const rows = docs<FilingRecord>(sql(
        `SELECT doc FROM filings WHERE claimed_by = ? AND status = 'in_review' AND (review_deadline, id) > (?, ?) ORDER BY review_deadline, id LIMIT ?`,
      ).all(openid, after[0], after[1], limit + 1));
      return pageOf('filings.claimed', rows, limit, (f) => [f.reviewDeadline ?? '', f.id]);
    },
    async decided(scopes, cursor, limit) {
      const after = cursor ? decodeCursor('filings.decided', cursor) : undefined;
      const merged: FilingRecord[] = [];
      for (const scope of disjointScopes(scopes)) {
        const column = LEVEL_COLUMN[regionLevel(scope)];
        const base = `SELECT doc FROM filings WHERE ${column} = ? AND decision IS NOT NULL AND status NOT IN ('submitted', 'in_review')`;
        merged.push(...docs<FilingRecord>(after
          ? sql(`${base} AND (decided_at, id) < (?, ?) ORDER BY decided_at DESC, id DESC LIMIT ?`).all(scope, after[0], after[1], limit + 1)
          : sql(`${base} ORDER BY decided_at DESC, id DESC LIMIT ?`).all(scope, limit + 1)));
      }
      merged.sort((a, b) => (b.decidedAt ?? '').localeCompare(a.decidedAt ?? '') || b.id.localeCompare(a.id));
      return pageOf('filings.decided', merged, limit, (f) => [f.decidedAt ?? '', f.id]);
    },
    async decidedBetween(query) {
      const after = query.cursor ? decodeCursor('filings.decidedBetween', query.cursor) : undefined;
      // decidedAt is a China timestamp (+08:00), so its first ten characters are its China date.
      const until = addDays(query.to, 1);
      const merged: FilingRecord[] = [];
      for (const scope of disjointScopes(query.scopes)) {
        const column = LEVEL_COLUMN[regionLevel(scope)];
        const args: unknown[] = [scope];
        let where = `${column} = ? AND decision IS NOT NULL`;
        if (query.decision) {
          where += ' AND decision = ?';
          args.push(query.decision);
        }
        where += ' AND decided_at >= ? AND decided_at < ?';
        args.push(query.from, until);
        if (after) {
          where += ' AND (decided_at, id) < (?, ?)';
          args.push(after[0], after[1]);
        }
        merged.push(...docs<FilingRecord>(sql(`SELECT doc FROM filings WHERE ${where} ORDER BY decided_at DESC, id DESC LIMIT ?`).all(...args, query.limit + 1)));
      }
      merged.sort((a, b) => (b.decidedAt ?? '').localeCompare(a.decidedAt ?? '') || b.id.localeCompare(a.id));
      return pageOf('filings.decidedBetween', merged, query.limit, (f) => [f.decidedAt ?? '', f.id]);
    },
    async countSubmittedBetween(scope, from, to) {
      const column = LEVEL_COLUMN[regionLevel(scope)];
      return (sql(`SELECT count(*) AS n FROM filings WHERE ${column} = ? AND submitted_at >= ? AND submitted_at < ?`).get(scope, from, addDays(to, 1)) as { n: number }).n;
    },
    async countQueue(query) {
      let total = 0;
      for (const scope of disjointScopes(query.scopes)) {
        const column = LEVEL_COLUMN[regionLevel(scope)];
        for (const status of query.statuses) {
          const row = (query.deadlineBefore
            ? sql(`SELECT count(*) AS n FROM filings WHERE ${column} = ? AND status = ? AND review_deadline < ?`).get(scope, status, query.deadlineBefore)
            : sql(`SELECT count(*) AS n FROM filings WHERE ${column} = ? AND status = ?`).get(scope, status)) as { n: number };
          total += row.n;
        }
      }
      return total;
    },
    async countClaimedBy(openid) {
      return (sql(`SELECT count(*) AS n FROM filings WHERE claimed_by = ? AND status = 'in_review'`).get(openid) as { n: number }).n;
    },
    async countDecided(scopes) {
      let total = 0;
      for (const scope of disjointScopes(scopes)) {
        const column = LEVEL_COLUMN[regionLevel(scope)];
        total += (sql(`SELECT count(*) AS n FROM filings WHERE ${column} = ? AND decision IS NOT NULL AND status NOT IN ('submitted', 'in_review')`).get(scope) as { n: number }).n;
      }
      return total;
    },
    async byMaskedNameIn(masked, scopes, limit) {
      const merged: FilingRecord[] = [];
      for (const scope of disjointScopes(scopes)) {
        const column = LEVEL_COLUMN[regionLevel(scope)];
        merged.push(...docs<FilingRecord>(sql(`SELECT doc FROM filings WHERE ${column} = ? AND name_masked = ? ORDER BY submitted_at DESC, id DESC LIMIT ?`).all(scope, masked, limit)));
      }
      merged.sort((a, b) => b.submittedAt.localeCompare(a.submittedAt) || b.id.localeCompare(a.id));
      return merged.slice(0, limit);
    },
    async pendingChangesOf(baseId) {
      return docs<FilingRecord>(sql(`SELECT doc FROM filings WHERE change_of = ? AND status IN ('submitted', 'in_review', 'returned')`).all(baseId));
    },
    async piiAccess(from, to, cursor, limit) {
      const after = cursor ? decodeCursor('audit.pii', cursor) : undefined;
      const until = addDays(to, 1);
      const base = `SELECT doc FROM filing_audit WHERE event IN ('pii_access', 'pii_search') AND at >= ? AND at < ?`;
      const rows = docs<AuditRecord>(after
        ? sql(`${base} AND (at, id) < (?, ?) ORDER BY at DESC, id DESC LIMIT ?`).all(from, until, after[0], after[1], limit + 1)
        : sql(`${base} ORDER BY at DESC, id DESC LIMIT ?`).all(from, until, limit + 1));
      return pageOf('audit.pii', rows, limit, (a) => [a.at, a.id]);
    },
    async timeline(filingId) {
      return (sql('SELECT doc FROM filing_audit WHERE filing_id = ? ORDER BY at, id').all(filingId) as { doc: string }[]).map(
        (r) => JSON.parse(r.doc) as AuditRecord,
      );
    },
    async filingWithTimeline(filingId) {
      const filing = parse<FilingRecord>(sql('SELECT doc FROM filings WHERE id = ?').get(filingId) as { doc: string } | undefined);
      if (!filing) return undefined;
      return { filing, timeline: docs<AuditRecord>(sql('SELECT doc FROM filing_audit WHERE filing_id = ? ORDER BY at, id').all(filingId)) };
    },
    async dueForExpiry(today, limit) {
      return (sql(`SELECT doc FROM filings WHERE status = 'approved' AND end_date < ? ORDER BY end_date LIMIT ?`).all(today, limit) as { doc: string }[])
        .map((r) => JSON.parse(r.doc) as FilingRecord);
    },
    async pendingOutbox(limit) {
      return (sql(`SELECT doc FROM filing_audit WHERE state = 'pending' ORDER BY created_at, id LIMIT ?`).all(limit) as { doc: string }[])
        .map((r) => JSON.parse(r.doc) as OutboxRecord);
    },
    async listStaff() {
      return (sql('SELECT doc FROM staff ORDER BY id').all() as { doc: string }[]).map((r) => JSON.parse(r.doc) as StaffRecord);
    },
    async count(collection) {
      return (sql(`SELECT count(*) AS n FROM ${table(collection)}`).get() as { n: number }).n;
    },
    close() {
      writer.close();
      db.close();
    },
  };
}

