import { FILING_STATUS_LABELS } from '../../core/filing/filing-status';
import { FILING_TYPE_RULES } from '../../core/filing/filing-type';
import { maskPhone } from '../../core/identity/mask';
import { describeBasis } from '../../core/policy/policy-basis';
import { WEEKENDS_ONLY_NOTE } from '../../core/time/holiday-schedule';
import type { FilingDetail, FilingSummary, TimelineEntry } from '../../core/api/filing-api';
import type { PiiCipher } from '../security/pii-cipher';
import type { AuditRecord, FilingPersonalData, FilingRecord } from './filing-records';

const ROLE_LABELS: Record<string, string> = { resident: '申请人', reviewer: '经办机构', admin: '经办机构', system: '系统' };

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

export function toTimeline(audit: readonly AuditRecord[], showActorIds: boolean): TimelineEntry[] {
  return audit
    .filter((a) => a.event !== 'pii_access' || showActorIds)
    .map((a) => {
      const label = a.event === 'pii_access'
        ? '查看了完整身份证号'
        : a.event === 'deadline_recomputed'
          ? '审核期限重新核定'
          : a.from && a.to ? `${FILING_STATUS_LABELS[a.from]} → ${FILING_STATUS_LABELS[a.to]}` : '变更申请';
      const entry: TimelineEntry = {
        event: a.event,
        label,
        actorRole: a.actorRole,
        actor: showActorIds ? a.actorId : ROLE_LABELS[a.actorRole] ?? a.actorRole,
        at: a.at,
      };
      if (a.from) entry.from = a.from;
      if (a.to) entry.to = a.to;
      if (a.reason) entry.reason = a.reason;
      return entry;
    });
}

export function toDetail(f: FilingRecord, audit: readonly AuditRecord[], cipher: PiiCipher, showActorIds: boolean): FilingDetail & { personal: FilingPersonalData } {
  const personal = cipher.decrypt<FilingPersonalData>(f.pii);
  const detail: FilingDetail & { personal: FilingPersonalData } = {
    ...toSummary(f),
    phoneMasked: maskPhone(personal.applicant.phone),
    fileIds: f.fileIds,
    timeline: toTimeline(audit, showActorIds),
    personal,
  };
  if (personal.residenceAddress) detail.residenceAddress = personal.residenceAddress;
  if (personal.hospital) detail.hospital = personal.hospital;
  if (personal.diagnosis) detail.diagnosis = personal.diagnosis;
  if (personal.admissionDate) detail.admissionDate = personal.admissionDate;
  if (f.policyBasis) detail.policyRules = describeBasis(f.policyBasis);
  return detail;
}
