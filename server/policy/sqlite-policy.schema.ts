import type { Migration } from '../store/sqlite/sqlite-database';

/**
 * Policy tables live in the filing store's SQLite file (like the notification tables): a
 * calendar load and the deadlines it recounts are read and written through one connection.
 * `filings_open_deadline` serves the recount: open filings by status and deadline.
 */
export const POLICY_MIGRATION: Migration = {
  id: '003-policy',
  sql: `
    CREATE TABLE policy_versions (
      id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL,
      number INTEGER GENERATED ALWAYS AS (json_extract(doc, '$.number')) VIRTUAL
    );
    CREATE INDEX policy_versions_number ON policy_versions (number);
    CREATE TABLE policy_changes (
      id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL,
      proposed_at TEXT GENERATED ALWAYS AS (json_extract(doc, '$.proposedAt')) VIRTUAL
    );
    CREATE INDEX policy_changes_proposed ON policy_changes (proposed_at DESC, id DESC);
    CREATE TABLE policy_head (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL);
    CREATE TABLE policy_audit (
      id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL,
      at TEXT GENERATED ALWAYS AS (json_extract(doc, '$.at')) VIRTUAL
    );
    CREATE INDEX policy_audit_at ON policy_audit (at DESC, id DESC);
    CREATE TABLE holiday_years (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL);
    CREATE INDEX filings_open_deadline ON filings (status, review_deadline, id);
  `,
};
