import { FILING_STATUS_LABELS } from '../../core/filing/filing-status';
import { FILING_TYPE_RULES } from '../../core/filing/filing-type';
import { maskPhone } from '../../core/identity/mask';
import { describeBasis } from '../../core/policy/policy-basis';
import { WEEKENDS_ONLY_NOTE } from '../../core/time/holiday-schedule';
import type { FilingDetail, FilingSummary, TimelineEntry } from '../../core/api/filing-api';
import { timelineLabel } from '../../core/filing/timeline-labels';
import { cityOf, provinceOf } from '../../core/region/region-code';
import type { RegionDirectory } from '../regions/region-directory';
import type { PiiCipher } from '../security/pii-cipher';
import type { AuditRecord, FilingPersonalData, FilingRecord } from './filing-records';

/** How a timeline names who acted and what the first entry was: residents read words, not roles or IDs. */
export interface TimelineContext {
  /** 本人, or 代办人 when the account filed for a relative. */
  resident: string;
  /** The insured region's agency: 苏州市医保经办机构. */
  staff: string;
  changeRequest: boolean;
  /** Staff views only: reviewers and admins by their display names (StaffRecord.name). */
  staffNames?: ReadonlyMap<string, string>;
}

const SYSTEM_ACTOR = '系统';

/** The resident's view of who acted on this filing, with region names from the division table. */
export function residentTimelineContext(f: FilingRecord, regions: RegionDirectory): TimelineContext {
  const agencyRegion = regions.get(cityOf(f.insuredRegion)) ?? regions.get(provinceOf(f.insuredRegion));
  return {
    resident: f.agentPersonHash ? '代办人' : '本人',
    staff: `${agencyRegion?.name ?? ''}医保经办机构`,
    changeRequest: f.changeOf !== undefined,
  };
}

/** Someone no longer on the staff list: staff still learn that a colleague acted, not an openid. */
const FORMER_STAFF = '已离任的工作人员';

/**
 * Who acted, as the agency's own staff read it: colleagues by name, the resident as 申请人 or
 * 代办人 (staff are not the 本人 a resident's own view speaks of).
 */
export function staffTimelineContext(f: FilingRecord, regions: RegionDirectory, staffNames: ReadonlyMap<string, string>): TimelineContext {
  return { ...residentTimelineContext(f, regions), resident: f.agentPersonHash ? '代办人' : '申请人', staffNames };
}

function actorText(role: string, context: TimelineContext, actorId: string): string {
  if (context.staffNames && (role === 'reviewer' || role === 'admin')) return context.staffNames.get(actorId) ?? FORMER_STAFF;
  if (role === 'resident') return context.resident;
  if (role === 'reviewer' || role === 'admin') return context.staff;
  return SYSTEM_ACTOR;
}

export function toSummary(f: FilingRecord): FilingSummary {
  const s: FilingSummary = {
    id: f.id,
    type: f.type,
    typeLabel: FILING_TYPE_RULES[f.type].label,
    status: f.status,
    statusLabel: FILING_STATUS_LABELS[f.status],
    insuredRegion: f.insuredRegion,
    treatmentRegion: f.treatmentRegion,
    startDate: f.startDate,
    applicantName: f.applicantNameMasked,
    idNumberMasked: f.idNumberMasked,
    submittedAt: f.submittedAt,
    version: f.version,
  };
  if (f.filingNo) s.filingNo = f.filingNo;
  if (f.endDate) s.endDate = f.endDate;
  if (f.reviewDeadline) s.reviewDeadline = f.reviewDeadline;
  if (f.reviewDeadline && f.reviewClock?.weekendsOnlyYears?.length) s.reviewDeadlineNote = WEEKENDS_ONLY_NOTE;
  if (f.changeOf) s.changeOf = f.changeOf;
  return s;
}

/** `forStaff`: the agency's view, which also shows who looked at personal data. */
export function toTimeline(audit: readonly AuditRecord[], forStaff: boolean, context: TimelineContext): TimelineEntry[] {
  return audit
    .filter((a) => (a.event !== 'pii_access' && a.event !== 'pii_search') || forStaff)
    .map((a) => {
      const entry: TimelineEntry = {
        event: a.event,
        label: timelineLabel(a.event, context.changeRequest),
        actorRole: a.actorRole,
        actor: actorText(a.actorRole, context, a.actorId),
        at: a.at,
      };
      if (a.from) entry.from = a.from;
      if (a.to) entry.to = a.to;
      if (a.reason) entry.reason = a.reason;
      return entry;
    });
}

export function toDetail(f: FilingRecord, audit: readonly AuditRecord[], cipher: PiiCipher, forStaff: boolean, context: TimelineContext): FilingDetail & { personal: FilingPersonalData } {
  const personal = cipher.decrypt<FilingPersonalData>(f.pii);
  const detail: FilingDetail & { personal: FilingPersonalData } = {
    ...toSummary(f),
    phoneMasked: maskPhone(personal.applicant.phone),
    fileIds: f.fileIds,
    timeline: toTimeline(audit, forStaff, context),
    personal,
  };
  if (personal.residenceAddress) detail.residenceAddress = personal.residenceAddress;
  if (personal.hospital) detail.hospital = personal.hospital;
  if (personal.diagnosis) detail.diagnosis = personal.diagnosis;
  if (personal.admissionDate) detail.admissionDate = personal.admissionDate;
  if (f.policyBasis) detail.policyRules = describeBasis(f.policyBasis);
  return detail;
}
