import type { DocumentStore } from '../store/document-store';
import type { FilingStatus } from '../../core/filing/filing-status';
import type { IsoDate } from '../../core/time/china-date';
import type { Decision } from '../../core/api/review-api';
import type { AuditRecord, FilingRecord, OutboxRecord, StaffRecord } from './filing-records';

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface QueueQuery {
  /** Region scopes of the reviewer (province, city or district codes). */
  scopes: readonly string[];
  /** One status, or all pending (submitted + in review). */
  status?: FilingStatus;
  cursor?: string;
  limit: number;
}

/** What the review desk counts: filings of the scopes in the statuses, optionally only those past their deadline. */
export interface CountQuery {
  scopes: readonly string[];
  statuses: readonly FilingStatus[];
  /** Only filings whose review deadline lies before this date (overdue on it). */
  deadlineBefore?: IsoDate;
}

/** Decisions of the scopes made on China dates [from, to], optionally of one kind: history, stats, export. */
export interface DecidedBetweenQuery {
  scopes: readonly string[];
  from: IsoDate;
  to: IsoDate;
  decision?: Decision;
  cursor?: string;
  limit: number;
}

/**
 * The filings context's store: single-document reads and atomic batches (DocumentStore) plus
 * the few queries the services need, each served by an index in both adapters.
 */
export interface FilingRepository extends DocumentStore {
  listByApplicant(openid: string, cursor: string | undefined, limit: number): Promise<Page<FilingRecord>>;
  listByPerson(personHash: string): Promise<FilingRecord[]>;
  queue(query: QueueQuery): Promise<Page<FilingRecord>>;
  /** In review, claimed by `openid`: the 我在审 tab, earliest deadline first. */
  claimedBy(openid: string, cursor: string | undefined, limit: number): Promise<Page<FilingRecord>>;
  /** Filings of the scopes with a staff decision (`decision`) and not back in review: 已办结, newest decision first. */
  decided(scopes: readonly string[], cursor: string | undefined, limit: number): Promise<Page<FilingRecord>>;
  /**
   * Filings of the scopes whose latest staff decision (`decision`, `decidedAt`) fell on a China date
   * in [from, to], newest decision first, whatever their status since (a returned filing back in
   * review still shows its 退回).
   */
  decidedBetween(query: DecidedBetweenQuery): Promise<Page<FilingRecord>>;
  /** Filings of one scope submitted on China dates [from, to] (stats: received), whatever their status. */
  countSubmittedBetween(scope: string, from: IsoDate, to: IsoDate): Promise<number>;
  countQueue(query: CountQuery): Promise<number>;
  countClaimedBy(openid: string): Promise<number>;
  countDecided(scopes: readonly string[]): Promise<number>;
  /** Filings whose applicant's masked name is `masked` (张*明) within the region scopes (a reviewer's search), newest first, at most `limit`. */
  byMaskedNameIn(masked: string, scopes: readonly string[], limit: number): Promise<FilingRecord[]>;
  /** Change requests of `baseId` still waiting (submitted, in review or returned). */
  pendingChangesOf(baseId: string): Promise<FilingRecord[]>;
  /** Reveals of and searches by a full ID number in [from, to] (China dates), newest first. */
  piiAccess(from: IsoDate, to: IsoDate, cursor: string | undefined, limit: number): Promise<Page<AuditRecord>>;
  timeline(filingId: string): Promise<AuditRecord[]>;
  /** A filing and its timeline (oldest first) together: one round trip on CloudBase (issue 16). */
  filingWithTimeline(filingId: string): Promise<{ filing: FilingRecord; timeline: AuditRecord[] } | undefined>;
  /** Approved temporary filings whose end date lies before `today`. */
  dueForExpiry(today: IsoDate, limit: number): Promise<FilingRecord[]>;
  pendingOutbox(limit: number): Promise<OutboxRecord[]>;
  listStaff(): Promise<StaffRecord[]>;
  count(collection: string): Promise<number>;
  close(): void;
}
