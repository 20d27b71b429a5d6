import type { FilingType, TemporaryFilingType } from '../filing/filing-type';

/** How long a temporary filing stays valid from its start date. */
export interface ValidityPeriod {
  amount: number;
  unit: 'day' | 'month';
}

/**
 * How the reimbursement ratio of a temporary filing differs from the insured region's normal
 * one. The national notice lowers it by points; Suzhou pays a share of the normal ratio (001).
 */
export type BenefitAdjustment =
  | { kind: 'none' }
  | { kind: 'subtract_points'; points: number }
  | { kind: 'multiply'; factor: number };

/** Cases never settled directly across provinces (003, 001). */
export type SettlementExclusion = 'work_injury' | 'third_party' | 'maternity';

/**
 * Every configurable rule of DOMAIN.md §3, one key per value, so a province or city can
 * override exactly one of them and the resolver can say where each effective value came from.
 */
export interface PolicyValues {
  'commitment.retired_resettled': boolean;
  'commitment.long_term_residence': boolean;
  'commitment.stationed_work': boolean;
  'commitment.referral': boolean;
  'commitment.emergency': boolean;
  'commitment.other_temporary': boolean;
  /** Whether a long-term filer who already holds a long-term filing elsewhere may use commitment. */
  'commitment.multiPlace': boolean;
  /** Months a commitment-based long-term filing must run before a new filing (0: none). */
  'refiling.commitmentLockMonths': number;
  /** Months after approval during which a long-term filing cannot be changed or cancelled. */
  'change.longTermLockMonths': number;
  'validity.referral': ValidityPeriod;
  'validity.emergency': ValidityPeriod;
  'validity.other_temporary': ValidityPeriod;
  /** Days after emergency admission within which the filing must be made (null: no limit). */
  'emergency.filingDeadlineDays': number | null;
  /** Working days staff have to decide an online filing. */
  'review.workingDays': number;
  /** Commitment-based filings are approved at once online, without staff review. */
  'review.instantApprovalByCommitment': boolean;
  'benefit.referral': BenefitAdjustment;
  'benefit.emergency': BenefitAdjustment;
  'benefit.other_temporary': BenefitAdjustment;
  /** Long-term filers keep direct settlement in the insured region too (双向享受). */
  'benefit.longTermBothPlaces': boolean;
  /** At pharmacies of the treatment region only the personal account pays. */
  'benefit.pharmacyPersonalAccountOnly': boolean;
  'settlement.excluded': readonly SettlementExclusion[];
  /** Any long-term proof (settlement, residence, work) serves for any long-term type (Jilin, 002). */
  'proof.longTermInterchangeable': boolean;
  /** Days before a temporary filing ends when the resident is reminded and may renew it (续期). */
  'renewal.reminderDays': number;
}

export type PolicyKey = keyof PolicyValues;

export type PolicyLevel = 'national' | 'province' | 'city';

/** A seeded value and the document it comes from (a seed file, or "illustrative"). */
export interface Sourced<T> {
  value: T;
  source: string;
}

export type PolicyOverrides = { [K in PolicyKey]?: Sourced<PolicyValues[K]> };

export interface PolicyTableEntry {
  region: string;
  name: string;
  level: PolicyLevel;
  overrides: PolicyOverrides;
}

export interface PolicyOrigin {
  level: PolicyLevel;
  region: string;
  source: string;
}

export interface EffectivePolicy {
  /** The region asked about. */
  region: string;
  values: PolicyValues;
  origins: Record<PolicyKey, PolicyOrigin>;
}

export function commitmentKey(type: FilingType): PolicyKey {
  return `commitment.${type}`;
}

export function validityOf(policy: PolicyValues, type: TemporaryFilingType): ValidityPeriod {
  return policy[`validity.${type}`];
}

export function benefitOf(policy: PolicyValues, type: TemporaryFilingType): BenefitAdjustment {
  return policy[`benefit.${type}`];
}

export function commitmentAllowed(policy: PolicyValues, type: FilingType): boolean {
  return policy[`commitment.${type}`];
}
