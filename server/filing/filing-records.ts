import type { FilingEventType, ActorRole } from '../../core/filing/status-machine';
import type { TimelineEvent } from '../../core/filing/timeline-labels';
import type { FilingStatus } from '../../core/filing/filing-status';
import type { FilingType, InsuranceType } from '../../core/filing/filing-type';
import type { IsoDate } from '../../core/time/china-date';
import type { PolicyBasis } from '../../core/policy/policy-basis';
import { IdentityCollections } from '../identity/identity-records';
import type { Decision } from '../../core/api/review-api';

/** Collections of the filings context, shared by both adapters. */
export const Collections = {
  filings: 'filings',
  audit: 'filing_audit',
  /**
   * One document per event (issue 16): a transition's audit record carries its outbox row's
   * delivery fields (`state`, `applicantOpenid`, …), so the outbox is the audit records with a
   * `state` and a transition writes one document, not two. Records without a `state` (personal-
   * data access, notes) are audit only.
   */
  outbox: 'filing_audit',
  /** Where outbox rows lived before issue 16; the migration moves any still pending onto their audit records. */
  legacyOutbox: 'outbox',
  idempotency: 'idempotency',
  activeSlots: 'active_slots',
  drafts: 'drafts',
  staff: 'staff',
  files: 'files',
  /** 备案编号 → filing ID: claims a number once, and finds a filing by the number people quote. */
  filingNumbers: 'filing_numbers',
  /** Notifications (server/notification): in the same store so the outbox hand-off is one batch. */
  inbox: 'notification_inbox',
  sendCredits: 'notification_credits',
  deliveries: 'notification_deliveries',
  /** Policy versions and the holiday calendar (server/policy): in the same store, so a calendar load and the deadlines it moves share one database. */
  policyVersions: 'policy_versions',
  policyChanges: 'policy_changes',
  policyHead: 'policy_head',
  policyAudit: 'policy_audit',
  holidayYears: 'holiday_years',
  /** Identity (server/identity): in the same store so a binding and its notice commit together. */
  identityAccounts: IdentityCollections.accounts,
  identityPersons: IdentityCollections.persons,
  identitySessions: IdentityCollections.sessions,
  identityAudit: IdentityCollections.audit,
  identityLocalFace: IdentityCollections.localFace,
} as const;

/** Personal fields, stored only inside the encrypted `pii` envelope. */
export interface FilingPersonalData {
  applicant: { name: string; idNumber: string; phone: string };
  /** The account holder who filed for a family member: recorded from the binding, never from the phone. */
  agent?: { name: string; idNumber: string; phone?: string; relationship: string };
  residenceAddress?: string;
  hospital?: { code?: string; name: string };
  diagnosis?: string;
  admissionDate?: IsoDate;
  memo?: string;
}

/**
 * One filing (or one version of it, for changes) as stored: the fields queues and rules need in
 * clear, everything personal sealed in `pii`, and masked copies for lists.
 */
export interface FilingRecord {
  id: string;
  version: number;
  /** 备案编号 people read aloud (20261202-042917); absent on records stored before it existed. */
  filingNo?: string;
  applicantOpenid: string;
  /** Keyed hash of the applicant's ID number: finds the person's filings without decrypting. */
  personHash: string;
  /** Keyed hash of the agent's ID number, when an account filed for a family member. */
  agentPersonHash?: string;
  type: FilingType;
  status: FilingStatus;
  insuranceType: InsuranceType;
  insuredRegion: string;
  insuredCity: string;
  insuredProvince: string;
  treatmentRegion: string;
  treatmentProvince: string;
  startDate: IsoDate;
  endDate?: IsoDate;
  proofKind: 'commitment' | 'documents';
  fileIds: string[];
  pii: string;
  applicantNameMasked: string;
  idNumberMasked: string;
  submittedAt: string;
  /** Date by which staff must decide (working days of the policy). */
  reviewDeadline?: IsoDate;
  /** How `reviewDeadline` was counted, so a holiday schedule loaded later can recount it. */
  reviewClock?: ReviewClock;
  /** The policy version the filing was judged under (docs/policy.md). */
  policyBasis?: PolicyBasis;
  claimedBy?: string;
  approvedOn?: IsoDate;
  decidedAt?: string;
  /** The latest staff decision (or `closed`: an orphaned change request the system closed); kept when the filing moves on. */
  decision?: Decision;
  /** Who made `decision` (a staff openid, or the system job that closed the request). */
  decidedBy?: string;
  /** What the decider wrote with `decision` (审核意见), so history and export need no timeline reads. */
  decisionReason?: string;
  /** A change request names the approved filing it would replace. */
  changeOf?: string;
  supersededBy?: string;
  /** 续期: the filing this one continues (it starts the day after that one ends). */
  renewalOf?: string;
  /** The latest renewal filed for this one (it may since have been withdrawn or refused). */
  renewedBy?: string;
  updatedAt: string;
}

/** The count behind a review deadline: from which day, how many working days, and which years had no schedule. */
export interface ReviewClock {
  from: IsoDate;
  workingDays: number;
  /** Years the count crossed before their holiday schedule was known: the deadline counts weekends only there. */
  weekendsOnlyYears?: number[];
}

export interface AuditRecord {
  id: string;
  filingId: string;
  event: TimelineEvent;
  from?: FilingStatus;
  to?: FilingStatus;
  actorRole: ActorRole;
  actorId: string;
  at: string;
  reason?: string;
  /** 备案编号 of the filing, on personal-data records (pii_access, pii_search) so their log needs no filing reads. */
  filingNo?: string;
}

/** A notification to deliver, written in the same batch as the transition it reports. */
export interface OutboxRecord {
  id: string;
  filingId: string;
  event: FilingEventType;
  from: FilingStatus;
  to: FilingStatus;
  applicantOpenid: string;
  insuredRegion: string;
  reason?: string;
  createdAt: string;
  /** pending → done; the dispatcher owns it afterwards. */
  state: 'pending' | 'done';
  version: number;
}

/** The one document a transition writes: its audit record and its outbox row, under one ID. */
export type EventRecord = OutboxRecord & Omit<AuditRecord, 'event'>;

export interface IdempotencyRecord {
  id: string;
  callerOpenid: string;
  /** Hash of the request body: the same key with another body is refused. */
  requestHash: string;
  filingId: string;
  createdAt: string;
}

/** Holds the one active filing a person may have per treatment province. */
export interface ActiveSlotRecord {
  id: string;
  filingId: string;
}

export interface DraftRecord {
  id: string;
  version: number;
  sealed: string;
  updatedAt: string;
}

export type StaffRole = 'reviewer' | 'admin';

export interface StaffRecord {
  id: string;
  version: number;
  name: string;
  role: StaffRole;
  regions: string[];
  createdAt: string;
  /**
   * The person (personHash) the account is verified as, kept by the identity service whenever that
   * changes (issue 16): the desk checks "not their own case" without reading the identity. Absent:
   * not known yet, read from the identity (and kept) on first need.
   */
  selfHash?: string;
}

export interface FileRecord {
  id: string;
  version: number;
  /** Absent: a resident's material. 'export': a spreadsheet the review desk wrote for `uploaderOpenid` alone. */
  kind?: 'export';
  uploaderOpenid: string;
  name: string;
  contentType: string;
  size: number;
  /** Filings that reference the file: their reviewers may read it. */
  filingIds: string[];
  createdAt: string;
}
