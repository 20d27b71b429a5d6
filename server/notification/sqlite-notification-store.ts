import path from 'node:path';
import { openSqlite, type SqliteDatabase } from '../store/sqlite/sqlite-database';
import { regionLevel } from '../../core/region/region-code';
import type { FilingRepository, Page } from '../filing/filing-repository.port';
import type { FilingRecord } from '../filing/filing-records';
import { decodeCursor, encodeCursor, type CursorList } from '../filing/cursor';
import type { NotificationStore } from './notification-store.port';
import type { DeliveryRecord, InboxRecord } from './notification-records';

type Row = { doc: string };
const docs = <T>(rows: unknown[]): T[] => (rows as Row[]).map((r) => JSON.parse(r.doc) as T);

/**
 * SQLite adapter. Writes and single reads go through the filing repository (one connection, one
 * transaction for the outbox hand-off); the list queries use a read connection to the same
 * file, which WAL lets read without blocking the writer. The tables come from the filing
 * store's migrations (002-notifications), so the repository must be opened first.
 */
export function openSqliteNotificationStore(dataDir: string, repo: FilingRepository): NotificationStore {
  const db: SqliteDatabase = openSqlite(path.join(dataDir, 'filings.sqlite'), []);
  const pendingStatement = (level: 'insured_province' | 'insured_city' | 'insured_region') =>
    db.prepare(
      `SELECT doc FROM filings WHERE ${level} = ? AND status IN ('submitted', 'in_review') AND review_deadline <= ?
       AND (review_deadline, id) > (?, ?) ORDER BY review_deadline, id LIMIT ?`,
    );
  const q = {
    inboxFirst: db.prepare('SELECT doc FROM notification_inbox WHERE recipient = ? ORDER BY created_at DESC, id DESC LIMIT ?'),
    inboxAfter: db.prepare('SELECT doc FROM notification_inbox WHERE recipient = ? AND (created_at, id) < (?, ?) ORDER BY created_at DESC, id DESC LIMIT ?'),
    unreadIds: db.prepare('SELECT id FROM notification_inbox WHERE recipient = ? AND is_read = 0 LIMIT ?').pluck(),
    unreadCount: db.prepare('SELECT count(*) FROM notification_inbox WHERE recipient = ? AND is_read = 0').pluck(),
    due: db.prepare(`SELECT doc FROM notification_deliveries WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`),
    listedFirst: db.prepare('SELECT doc FROM notification_deliveries WHERE state = ? ORDER BY created_at DESC, id DESC LIMIT ?'),
    listedAfter: db.prepare('SELECT doc FROM notification_deliveries WHERE state = ? AND (created_at, id) < (?, ?) ORDER BY created_at DESC, id DESC LIMIT ?'),
    ending: db.prepare(`SELECT doc FROM filings WHERE status = 'approved' AND end_date >= ? AND end_date <= ? AND (end_date, id) > (?, ?) ORDER BY end_date, id LIMIT ?`),
    returned: db.prepare(`SELECT doc FROM filings WHERE status = 'returned' AND json_extract(doc, '$.decidedAt') <= ? AND (json_extract(doc, '$.decidedAt'), id) > (?, ?) ORDER BY json_extract(doc, '$.decidedAt'), id LIMIT ?`),
    pendingBy: {
      province: pendingStatement('insured_province'),
      city: pendingStatement('insured_city'),
      district: pendingStatement('insured_region'),
    },
  };

  function page<T>(list: CursorList, items: T[], limit: number, key: (last: T) => [string, string]): Page<T> {
    const shown = items.slice(0, limit);
    return items.length > limit ? { items: shown, nextCursor: encodeCursor(list, key(shown[shown.length - 1]!)) } : { items: shown };
  }

  return {
    get: (collection, id) => repo.get(collection, id),
    commit: (ops) => repo.commit(ops),
    async inbox(openid, cursor, limit) {
      const after = cursor ? decodeCursor('notifications.inbox', cursor) : undefined;
      const rows = after ? q.inboxAfter.all(openid, after[0], after[1], limit + 1) : q.inboxFirst.all(openid, limit + 1);
      return page('notifications.inbox', docs<InboxRecord>(rows), limit, (m) => [m.createdAt, m.id]);
    },
    async unreadIds(openid, limit) {
      return q.unreadIds.all(openid, limit) as string[];
    },
    async unreadCount(openid) {
      return q.unreadCount.get(openid) as number;
    },
    async dueDeliveries(now, limit) {
      return docs<DeliveryRecord>(q.due.all(now, limit));
    },
    async deliveries(state, cursor, limit) {
      const after = cursor ? decodeCursor('notifications.deliveries', cursor) : undefined;
      const rows = after ? q.listedAfter.all(state, after[0], after[1], limit + 1) : q.listedFirst.all(state, limit + 1);
      return page('notifications.deliveries', docs<DeliveryRecord>(rows), limit, (d) => [d.createdAt, d.id]);
    },
    async endingBetween(from, to, cursor, limit) {
      const [at, id] = cursor ? decodeCursor('filings.ending', cursor) : ['', ''];
      return page('filings.ending', docs<FilingRecord>(q.ending.all(from, to, at, id, limit + 1)), limit, (f) => [f.endDate ?? '', f.id]);
    },
    async returnedBefore(decidedBy, cursor, limit) {
      const [at, id] = cursor ? decodeCursor('filings.returned', cursor) : ['', ''];
      return page('filings.returned', docs<FilingRecord>(q.returned.all(decidedBy, at, id, limit + 1)), limit, (f) => [f.decidedAt ?? '', f.id]);
    },
    async pendingDueBy(scopes, date, cursor, limit) {
      const [at, id] = cursor ? decodeCursor('filings.pendingDue', cursor) : ['', ''];
      const found = new Map<string, FilingRecord>();
      for (const scope of scopes) {
        for (const f of docs<FilingRecord>(q.pendingBy[regionLevel(scope)].all(scope, date, at, id, limit + 1))) found.set(f.id, f);
      }
      const merged = [...found.values()].sort((a, b) => (a.reviewDeadline ?? '').localeCompare(b.reviewDeadline ?? '') || a.id.localeCompare(b.id));
      return page('filings.pendingDue', merged, limit, (f) => [f.reviewDeadline ?? '', f.id]);
    },
    close() {
      db.close();
    },
  };
}
