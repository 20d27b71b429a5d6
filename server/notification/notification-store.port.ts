import type { DocumentStore } from '../store/document-store';
import type { IsoDate } from '../../core/time/china-date';
import type { FilingRecord } from '../filing/filing-records';
import type { Page } from '../filing/filing-repository.port';
import type { DeliveryState } from '../../core/api/notification-api';
import type { DeliveryRecord, InboxRecord } from './notification-records';

/**
 * The notification store: the filing store's DocumentStore contract (get/commit are the filing
 * store's own, so an outbox row and its messages commit together) plus the queries of
 * the inbox, the delivery queue and the reminders.
 */
export interface NotificationStore extends DocumentStore {
  inbox(openid: string, cursor: string | undefined, limit: number): Promise<Page<InboxRecord>>;
  unreadIds(openid: string, limit: number): Promise<string[]>;
  unreadCount(openid: string): Promise<number>;
  /** Pending deliveries whose backoff or lease has run out at `now` (UTC ISO). */
  dueDeliveries(now: string, limit: number): Promise<DeliveryRecord[]>;
  deliveries(state: DeliveryState, cursor: string | undefined, limit: number): Promise<Page<DeliveryRecord>>;
  /** Approved filings whose end date lies in [from, to], by (end date, ID), one page at a time. */
  endingBetween(from: IsoDate, to: IsoDate, cursor: string | undefined, limit: number): Promise<Page<FilingRecord>>;
  /** Returned filings decided at or before `decidedBy` (ISO timestamp), by (decidedAt, ID), one page at a time. */
  returnedBefore(decidedBy: string, cursor: string | undefined, limit: number): Promise<Page<FilingRecord>>;
  /**
   * Pending filings (submitted, in review) of the scopes with a review deadline on or before
   * `date`, by (review deadline, ID), each once even where scopes overlap; one page at a time.
   */
  pendingDueBy(scopes: readonly string[], date: IsoDate, cursor: string | undefined, limit: number): Promise<Page<FilingRecord>>;
  close(): void;
}
