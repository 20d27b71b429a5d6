import type { DocumentStore } from '../store/document-store';
import type { IsoDate } from '../../core/time/china-date';
import type { Page } from '../filing/filing-repository.port';
import type { FilingRecord } from '../filing/filing-records';
import type { HolidayYearRecord, PolicyAuditRecord, PolicyChangeRecord, PolicyVersionRecord } from './policy-records';

/**
 * The policy store: the filing store's DocumentStore contract (get/commit are the filing
 * store's own, so a calendar load and the deadlines it recounts live in one database) plus the
 * queries of the version cache, the admins' pages and the deadline recount.
 */
export interface PolicyStore extends DocumentStore {
  /** Versions numbered above `number`, ascending, at most `limit`. */
  versionsAfter(number: number, limit: number): Promise<PolicyVersionRecord[]>;
  /** Proposals, newest first, by (proposedAt, ID). */
  changes(cursor: string | undefined, limit: number): Promise<Page<PolicyChangeRecord>>;
  /** Every loaded year (a few dozen at most). */
  holidayYears(): Promise<HolidayYearRecord[]>;
  /** Audit rows of the policy context, newest first. */
  audit(cursor: string | undefined, limit: number): Promise<Page<PolicyAuditRecord>>;
  /** Open filings (submitted, in review) whose review deadline is on or after `from`, by (deadline, ID). */
  openFilingsDueFrom(from: IsoDate, cursor: string | undefined, limit: number): Promise<Page<FilingRecord>>;
  close(): void;
}
