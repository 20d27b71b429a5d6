import type { Migration } from '../store/sqlite/sqlite-database';

/**
 * Notification tables live in the filing store's SQLite file on purpose: marking an outbox row
 * done and writing its inbox message must be one atomic batch (one `repo.commit`).
 */
export const NOTIFICATION_MIGRATION: Migration = {
  id: '002-notifications',
  sql: `
    CREATE TABLE notification_inbox (
      id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL,
      recipient TEXT GENERATED ALWAYS AS (json_extract(doc, '$.recipientOpenid')) VIRTUAL,
      created_at TEXT GENERATED ALWAYS AS (json_extract(doc, '$.createdAt')) VIRTUAL,
      is_read INTEGER GENERATED ALWAYS AS (json_extract(doc, '$.read')) VIRTUAL,
      source_id TEXT GENERATED ALWAYS AS (json_extract(doc, '$.sourceId')) VIRTUAL
    );
    CREATE INDEX notification_inbox_recipient ON notification_inbox (recipient, created_at DESC, id DESC);
    CREATE INDEX notification_inbox_unread ON notification_inbox (recipient, is_read);
    CREATE INDEX notification_inbox_source ON notification_inbox (source_id);
    CREATE TABLE notification_credits (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL);
    CREATE TABLE notification_deliveries (
      id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL,
      state TEXT GENERATED ALWAYS AS (json_extract(doc, '$.state')) VIRTUAL,
      next_attempt_at TEXT GENERATED ALWAYS AS (json_extract(doc, '$.nextAttemptAt')) VIRTUAL,
      created_at TEXT GENERATED ALWAYS AS (json_extract(doc, '$.createdAt')) VIRTUAL
    );
    CREATE INDEX notification_deliveries_due ON notification_deliveries (state, next_attempt_at, id);
    CREATE INDEX notification_deliveries_listed ON notification_deliveries (state, created_at DESC, id DESC);
  `,
};
