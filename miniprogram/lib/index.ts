/**
 * Everything the pages use from core and the cloud client, bundled by the build into one
 * lib/index.js so each page stays a small file and core ships once.
 */
export { callCloud, useCloudTransport, type CloudTransport } from './cloud-client';
export { describePolicy, type PolicyLine } from '../../core/policy/describe-policy';
export { PolicyActions, type PolicyView, type PolicyChangeView, type CalendarView, type CalendarLoadView } from '../../core/api/policy-api';
// Versioned rules and the holiday calendar (policy page, admins' pages in the staff subpackage).
export { resolvePolicyAt, upcomingChanges } from '../../core/policy/resolve-policy-at';
export { describeUpcoming, POLICY_FIELDS, valueInWords, type PolicyValueKind } from '../../core/policy/policy-wording';
export { POLICY_KEYS, POLICY_VALUE_SCHEMAS, type PolicyKey } from '../../core/policy/policy-values';
export { scheduleProblems, type CalendarDay } from '../../core/time/holiday-schedule';
export { addDays, chinaToday, dateInWords, instantInWords } from '../../core/time/china-date';
export { adminGate, type AdminGate } from './admin-gate';
export { issuesToFieldErrors } from '../../core/validation/field-errors';
export { FILING_TYPE_RULES } from '../../core/filing/filing-type';
export type { Result, AppError } from '../../core/errors/result';
// Filing and review pages (resident form, my filings, detail, staff subpackage).
export { loadListPage, type ListPageOf } from './paged-list';
export { chooseAndUploadMaterials, materialThumbnails, previewMaterial, previewPhotos, type UploadedMaterial } from './materials';
// Words, not machine text: every date and time a page shows goes through these (China time).
export { chinaDateText, chinaDateTimeText } from '../../core/time/china-date';
export { checkFiling } from '../../core/filing/check-filing';
export type { PolicyValues } from '../../core/policy/policy-values';
export { FilingInputSchema, type FilingInput } from '../../core/filing/filing-input.schema';
export { FilingActions, type FilingSummary, type FilingDetail, type FilingPrefill, type RenewalView, type TimelineEntry } from '../../core/api/filing-api';
export { ReviewActions, type QueueItem, type ReviewDetail, type StaffView } from '../../core/api/review-api';
// 审核 decisions: 常用意见 chips and the preview of what the resident will read (issue 14).
export { REASON_TEMPLATES, composeReason, type ReasonDecision } from '../../core/review/reason-templates';
export type { DecisionPreview, PiiAccessEntry } from '../../core/api/review-api';
// Admin pages: staff, dead letters, the personal-data access log.
export { MESSAGE_KIND_LABELS } from '../../core/notification/message-kind-labels';
export type { DeadLetterView } from '../../core/api/notification-api';
// The review desk (issue 14): tabs with counts, search.
export { QUEUE_TABS, type QueueCounts, type QueueTab } from '../../core/api/review-api';
export { DECISION_LABELS, DECISION_SHORT_LABELS } from '../../core/filing/decision-labels';
export { queueRowOf, type QueueRow } from './queue-rows';
// The desk's 审核记录 and 工作量 pages (issue 14): decisions in words, figures, opening the export.
export { DECISIONS, type Decision, type RegionStats, type ReviewStats } from '../../core/api/review-api';
export { openSpreadsheet } from './open-spreadsheet';
export { INSURANCE_TYPE_LABELS, type FilingType, type FilingTypeRule } from '../../core/filing/filing-type';
export type { LateFilingAdvice } from '../../core/filing/late-filing';
export type { FieldErrors } from '../../core/errors/result';
// Institutions, inbox and subscribe messages (选定点, 消息).
export { askForLongTerm, askToSubscribe, longTermOffered, prepareSubscribe, type SubscribeOutcome } from './subscribe';
export { getPosition, type PositionResult } from './location';
export { CAPABILITIES, CAPABILITY_LABELS, KIND_LABELS, type Capability, type InstitutionKind } from '../../core/institution/institution';
export type { AgenciesView, AgencyView, InstitutionDetail, InstitutionPage, InstitutionView } from '../../core/api/institution-api';
export type { InboxItem } from '../../core/api/notification-api';
// 实名认证 and family members (identity).
export { runFaceCheck, type FaceCheckEnd } from './face-check';
export { IdentityActions, type IdentityStatus, type FamilyMemberView, type VerifiedPersonView, type ConfirmedIdentity } from '../../core/api/identity-api';
export { FAMILY_RELATIONSHIPS, FAMILY_RELATIONSHIP_LABELS, MAX_FAMILY_MEMBERS, type FamilyRelationship } from '../../core/identity/family-relationship';
