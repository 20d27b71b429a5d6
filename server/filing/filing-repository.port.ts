import type { DocumentStore } from '../store/document-store';
import type { FilingStatus } from '../../core/filing/filing-status';
import type { IsoDate } from '../../core/time/china-date';
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

/**
 * The filings context's store: single-document reads and atomic batches (DocumentStore) plus
 * the few queries the services need, each served by an index in both adapters.
 */
export interface FilingRepository extends DocumentStore {
  listByApplicant(openid: string, cursor: string | undefined, limit: number): Promise<Page<FilingRecord>>;
  listByPerson(personHash: string): Promise<FilingRecord[]>;
  queue(query: QueueQuery): Promise<Page<FilingRecord>>;
  timeline(filingId: string): Promise<AuditRecord[]>;
  /** Approved temporary filings whose end date lies before `today`. */
  dueForExpiry(today: IsoDate, limit: number): Promise<FilingRecord[]>;
  pendingOutbox(limit: number): Promise<OutboxRecord[]>;
  listStaff(): Promise<StaffRecord[]>;
  count(collection: string): Promise<number>;
  close(): void;
}
