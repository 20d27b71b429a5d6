import type { AppError } from '../errors/result';
import { appError } from '../errors/result';
import { addMonths, chinaDateText, type IsoDate } from '../time/china-date';
import type { PolicyValues } from '../policy/policy-values';
import { isLongTerm, type FilingType } from './filing-type';
import type { FilingStatus } from './filing-status';
import { ACTIVE_STATUSES } from './filing-status';

/** What the history rules need to know of the person's other filings. */
export interface PastFiling {
  id: string;
  type: FilingType;
  status: FilingStatus;
  treatmentProvince: string;
  proofKind: 'commitment' | 'documents';
  approvedOn?: IsoDate;
  endDate?: IsoDate;
  /** A change request is judged against its own filing, not as a second filing. */
  changeOf?: string;
}

export interface NewFilingFacts {
  type: FilingType;
  treatmentProvince: string;
  proofKind: 'commitment' | 'documents';
  /** 续期: the filing this one continues; it may still be active, since this one starts after it ends. */
  renewalOf?: string;
  startDate?: IsoDate;
}

/** The renewed filing ends before its renewal starts, so the two never overlap. */
function continuedBy(f: PastFiling, next: NewFilingFacts): boolean {
  return next.renewalOf === f.id && f.endDate !== undefined && next.startDate !== undefined && f.endDate < next.startDate;
}

/**
 * Rules that need the person's other filings (DOMAIN §3): one active filing per treatment
 * province; the re-filing lock after a commitment-based long-term filing; no commitment when
 * filing long-term in several places where the policy forbids it.
 */
export function checkHistory(next: NewFilingFacts, past: readonly PastFiling[], policy: PolicyValues, today: IsoDate): AppError | null {
  const filings = past.filter((f) => !f.changeOf);
  if (filings.some((f) => ACTIVE_STATUSES.includes(f.status) && f.treatmentProvince === next.treatmentProvince && !continuedBy(f, next))) {
    return appError('FILING.DUPLICATE_ACTIVE', { treatmentRegion: '该就医省份已有有效或正在办理的备案' });
  }
  if (!isLongTerm(next.type)) return null;

  const lockMonths = policy['refiling.commitmentLockMonths'];
  if (lockMonths > 0) {
    const locked = filings.find(
      (f) => isLongTerm(f.type) && f.proofKind === 'commitment' && f.approvedOn && today < addMonths(f.approvedOn, lockMonths),
    );
    if (locked?.approvedOn) {
      return appError('FILING.REFILING_LOCKED', { type: `以承诺方式办理的长期备案需满${lockMonths}个月，${chinaDateText(addMonths(locked.approvedOn, lockMonths))}起可重新备案` });
    }
  }
  const elsewhere = filings.some((f) => isLongTerm(f.type) && ACTIVE_STATUSES.includes(f.status) && f.treatmentProvince !== next.treatmentProvince);
  if (elsewhere && next.proofKind === 'commitment' && !policy['commitment.multiPlace']) {
    return appError('FILING.COMMITMENT_MULTI_PLACE', { proof: '多地长期备案需要上传居住证明材料' });
  }
  return null;
}
