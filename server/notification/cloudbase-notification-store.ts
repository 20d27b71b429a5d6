import type { Db } from '@cloudbase/database';
import { regionLevel } from '../../core/region/region-code';
import type { FilingRepository } from '../filing/filing-repository.port';
import { Collections, type FilingRecord } from '../filing/filing-records';
import { decodeCursor, type CursorList } from '../filing/cursor';
import { check, fromStored, pageOf } from '../store/cloudbase/cloudbase-documents';
import type { NotificationStore } from './notification-store.port';
import type { DeliveryRecord, InboxRecord } from './notification-records';

type Doc = Record<string, unknown>;
type IndexSpec = { name: string; keys: Readonly<Record<string, 1 | -1>>; unique?: boolean };

/**
 * The indexes the queries below need, declared as code like FILING_INDEXES (create them in the
 * CloudBase console or by its management API before the first deployment). The filings
 * collection's entries come on top of FILING_INDEXES: the reminders read filings too (the
 * staff digest uses FILING_INDEXES' queue_* indexes, the expiring reminder its `expiry` index
 * extended by `_id` for paging).
 */
export const NOTIFICATION_INDEXES: Readonly<Record<string, readonly IndexSpec[]>> = {
  [Collections.inbox]: [
    { name: 'recipient', keys: { recipientOpenid: 1, createdAt: -1, _id: -1 } },
    { name: 'unread', keys: { recipientOpenid: 1, read: 1 } },
  ],
  [Collections.deliveries]: [
    { name: 'due', keys: { state: 1, nextAttemptAt: 1, _id: 1 } },
    { name: 'listed', keys: { state: 1, createdAt: -1, _id: -1 } },
  ],
  [Collections.filings]: [
    { name: 'ending', keys: { status: 1, endDate: 1, _id: 1 } },
    { name: 'returned', keys: { status: 1, decidedAt: 1, _id: 1 } },
  ],
};

/** CloudBase answers at most 1,000 documents per query: callers page with cursors. */
const MAX_LIMIT = 1000;
const capped = (limit: number) => Math.max(1, Math.min(limit, MAX_LIMIT));

/**
 * The production notification store. Reads and batches are the filing repository's own (one
 * CloudBase transaction of single-document operations by `_id`, so an outbox row and its
 * messages commit together); the list queries below each use one declared index and page by
 * a (sort key, `_id`) cursor.
 */
export function cloudbaseNotificationStore(db: Db, repo: FilingRepository): NotificationStore {
  const _ = db.command;

  async function list<T>(query: { get(): Promise<unknown> }): Promise<T[]> {
    const res = check(await query.get(), 'query') as { data: Doc[] };
    return res.data.map((d) => fromStored<T>(d));
  }

  /** `where` of a descending (key, _id) order after the cursor. */
  const beforeCursor = (list: CursorList, field: string, cursor: string | undefined): Doc[] => {
    if (!cursor) return [];
    const [at, id] = decodeCursor(list, cursor);
    if (!at) return [];
    return [_.or([{ [field]: _.lt(at) }, { [field]: at, _id: _.lt(id) }]) as unknown as Doc];
  };
  /** `where` of an ascending (key, _id) order after the cursor. */
  const afterCursor = (list: CursorList, field: string, cursor: string | undefined): Doc[] => {
    if (!cursor) return [];
    const [at, id] = decodeCursor(list, cursor);
    if (!at) return [];
    return [_.or([{ [field]: _.gt(at) }, { [field]: at, _id: _.gt(id) }]) as unknown as Doc];
  };

  const unread = (openid: string) => db.collection(Collections.inbox).where({ recipientOpenid: openid, read: false });

  return {
    get: (collection, id) => repo.get(collection, id),
    commit: (ops) => repo.commit(ops),

    async inbox(openid, cursor, limit) {
      const where = _.and([{ recipientOpenid: openid }, ...beforeCursor('notifications.inbox', 'createdAt', cursor)]);
      const items = await list<InboxRecord>(
        db.collection(Collections.inbox).where(where).orderBy('createdAt', 'desc').orderBy('_id', 'desc').limit(capped(limit + 1)),
      );
      return pageOf('notifications.inbox', items, limit, (m) => [m.createdAt, m.id]);
    },

    async unreadIds(openid, limit) {
      const res = check(await unread(openid).field({ _id: true }).limit(capped(limit)).get(), 'query') as { data: Doc[] };
      return res.data.map((d) => String(d._id));
    },

    async unreadCount(openid) {
      const res = check(await unread(openid).count(), 'count') as { total: number };
      return res.total;
    },

    async dueDeliveries(now, limit) {
      return list<DeliveryRecord>(
        db.collection(Collections.deliveries)
          .where({ state: 'pending', nextAttemptAt: _.lte(now) })
          .orderBy('nextAttemptAt', 'asc').orderBy('_id', 'asc').limit(capped(limit)),
      );
    },

    async deliveries(state, cursor, limit) {
      const where = _.and([{ state }, ...beforeCursor('notifications.deliveries', 'createdAt', cursor)]);
      const items = await list<DeliveryRecord>(
        db.collection(Collections.deliveries).where(where).orderBy('createdAt', 'desc').orderBy('_id', 'desc').limit(capped(limit + 1)),
      );
      return pageOf('notifications.deliveries', items, limit, (d) => [d.createdAt, d.id]);
    },

    async endingBetween(from, to, cursor, limit) {
      const where = _.and([{ status: 'approved', endDate: _.gte(from).and(_.lte(to)) }, ...afterCursor('filings.ending', 'endDate', cursor)]);
      const items = await list<FilingRecord>(
        db.collection(Collections.filings).where(where).orderBy('endDate', 'asc').orderBy('_id', 'asc').limit(capped(limit + 1)),
      );
      return pageOf('filings.ending', items, limit, (f) => [f.endDate ?? '', f.id]);
    },

    async returnedBefore(decidedBy, cursor, limit) {
      const where = _.and([{ status: 'returned', decidedAt: _.lte(decidedBy) }, ...afterCursor('filings.returned', 'decidedAt', cursor)]);
      const items = await list<FilingRecord>(
        db.collection(Collections.filings).where(where).orderBy('decidedAt', 'asc').orderBy('_id', 'asc').limit(capped(limit + 1)),
      );
      return pageOf('filings.returned', items, limit, (f) => [f.decidedAt ?? '', f.id]);
    },

    async pendingDueBy(scopes, date, cursor, limit) {
      const field = { province: 'insuredProvince', city: 'insuredCity', district: 'insuredRegion' } as const;
      const merged: FilingRecord[] = [];
      for (const scope of scopes) {
        for (const status of ['submitted', 'in_review']) {
          const where = _.and([{ [field[regionLevel(scope)]]: scope, status, reviewDeadline: _.lte(date) }, ...afterCursor('filings.pendingDue', 'reviewDeadline', cursor)]);
          merged.push(...(await list<FilingRecord>(
            db.collection(Collections.filings).where(where).orderBy('reviewDeadline', 'asc').orderBy('_id', 'asc').limit(capped(limit + 1)),
          )));
        }
      }
      const unique = [...new Map(merged.map((f) => [f.id, f])).values()];
      unique.sort((a, b) => (a.reviewDeadline ?? '').localeCompare(b.reviewDeadline ?? '') || a.id.localeCompare(b.id));
      return pageOf('filings.pendingDue', unique, limit, (f) => [f.reviewDeadline ?? '', f.id]);
    },

    close() {
      // The SDK keeps no connection to close.
    },
  };
}
