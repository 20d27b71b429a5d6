import type { PolicyKey } from '../../core/policy/policy-values';
import type { PolicyVersion } from '../../core/policy/policy-version';
import type { CalendarDay } from '../../core/time/holiday-schedule';
import type { IsoDate } from '../../core/time/china-date';

/** The one document every approval and calendar load moves forward (optimistic concurrency). */
export const POLICY_HEAD_ID = 'head';

export interface PolicyHeadRecord {
  id: typeof POLICY_HEAD_ID;
  version: number;
  /** Number of the newest approved version: the next approval creates latestVersion + 1. */
  latestVersion: number;
  /** Moves with every calendar load, so caches know to reread the years. */
  calendarRevision: number;
  updatedAt: string;
}

/** An immutable policy version as stored (written once, never updated). */
export interface PolicyVersionRecord extends PolicyVersion {
  id: string;
  version: 1;
  /** The proposal it came from (none for version 1, the seeded table). */
  changeId?: string;
  proposedBy?: string;
  approvedBy: string;
  approvedAt: string;
}

export function versionId(number: number): string {
  return `v${String(number).padStart(6, '0')}`;
}

/** A proposed change of one field of one region, and the approval that made it a version. */
export interface PolicyChangeRecord {
  id: string;
  version: number;
  region: string;
  regionName: string;
  field: PolicyKey;
  value: unknown;
  effectiveFrom: IsoDate;
  /** The notice that makes the change (文件名称和文号). */
  source: string;
  state: 'proposed' | 'approved';
  proposedBy: string;
  /** The proposer's verified person (keyed hash): the approver must be someone else, whatever the account. */
  proposerPerson: string;
  proposerName: string;
  proposedAt: string;
  approvedBy?: string;
  approverName?: string;
  approvedAt?: string;
  policyVersion?: number;
}

/** A year's holiday schedule loaded by an admin (it takes precedence over chinese-days). */
export interface HolidayYearRecord {
  id: string;
  version: number;
  year: number;
  days: CalendarDay[];
  loadedBy: string;
  loadedByName: string;
  loadedAt: string;
  /** Open filings' deadlines still to recount under this schedule (the scheduled pass resumes it). */
  recomputePending: boolean;
}

export function holidayYearId(year: number): string {
  return String(year);
}

export type PolicyAuditEvent = 'policy_seeded' | 'policy_proposed' | 'policy_approved' | 'calendar_loaded' | 'deadlines_recomputed';

/** Every step of a rule change or a calendar load, written in the same batch as the step. */
export interface PolicyAuditRecord {
  id: string;
  event: PolicyAuditEvent;
  actorRole: 'admin' | 'system';
  actorId: string;
  at: string;
  detail: string;
  changeId?: string;
  policyVersion?: number;
  year?: number;
  /** A reloaded year keeps the schedule it replaced here. */
  previousDays?: CalendarDay[];
}
