import type { Migration } from '../store/sqlite/sqlite-database';

/**
 * Identity tables live in the filing store's SQLite file, like the notification tables: a binding
 * moved between accounts, its audit rows and the old account's inbox notice are one batch.
 * Every read is by primary key (openid, person hash, verify_id), so no other index is needed.
 */
export const IDENTITY_MIGRATION: Migration = {
  id: '003-identity',
  sql: `
    CREATE TABLE identity_accounts (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL);
    CREATE TABLE identity_persons (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL);
    CREATE TABLE identity_sessions (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL);
    CREATE TABLE identity_audit (
      id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL,
      openid TEXT GENERATED ALWAYS AS (json_extract(doc, '$.openid')) VIRTUAL
    );
    CREATE INDEX identity_audit_openid ON identity_audit (openid, id);
    CREATE TABLE identity_face_local (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL);
  `,
};
