import * as z from 'zod/mini';
import type { FilingType, TemporaryFilingType } from '../filing/filing-type';
import type { IsoDate } from '../time/china-date';

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
  /** The policy version that set the value (1: the seeded table), whose rule it is, and the day it took effect. */
  version?: number;
  regionName?: string;
  effectiveFrom?: IsoDate;
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

const SETTLEMENT_EXCLUSIONS = ['work_injury', 'third_party', 'maternity'] as const satisfies readonly SettlementExclusion[];

const yesNo = z.boolean('请选择“是”或“否”');
const wholeNumber = (label: string, min: number, max: number) =>
  z.number(`${label}应为数字`).check(z.int(`${label}应为整数`), z.minimum(min, `${label}不能小于${min}`), z.maximum(max, `${label}不能大于${max}`));
const lockMonths = wholeNumber('月数', 0, 120);
const validity = z.object(
  { amount: wholeNumber('有效期', 1, 3650), unit: z.enum(['day', 'month'], '有效期单位只能是天或月') },
  { error: '请填写有效期' },
);
const benefit = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('none') }),
    z.object({ kind: z.literal('subtract_points'), points: wholeNumber('降低的百分点', 0, 100) }),
    z.object({
      kind: z.literal('multiply'),
      factor: z.number('报销比例应为数字').check(z.gt(0, '报销比例应大于0'), z.maximum(1, '报销比例不能超过100%')),
    }),
  ],
  { error: '请选择报销待遇的计算方式' },
);

/**
 * The schema of every field's value: what a proposed change (`policy.propose`) must satisfy
 * before anyone can approve it, and what the proposal form checks on the phone.
 */
export const POLICY_VALUE_SCHEMAS: { [K in PolicyKey]: z.ZodMiniType<PolicyValues[K]> } = {
  'commitment.retired_resettled': yesNo,
  'commitment.long_term_residence': yesNo,
  'commitment.stationed_work': yesNo,
  'commitment.referral': yesNo,
  'commitment.emergency': yesNo,
  'commitment.other_temporary': yesNo,
  'commitment.multiPlace': yesNo,
  'refiling.commitmentLockMonths': lockMonths,
  'change.longTermLockMonths': lockMonths,
  'validity.referral': validity,
  'validity.emergency': validity,
  'validity.other_temporary': validity,
  'emergency.filingDeadlineDays': z.nullable(wholeNumber('天数', 1, 365)),
  'review.workingDays': wholeNumber('工作日', 1, 30),
  'review.instantApprovalByCommitment': yesNo,
  'benefit.referral': benefit,
  'benefit.emergency': benefit,
  'benefit.other_temporary': benefit,
  'benefit.longTermBothPlaces': yesNo,
  'benefit.pharmacyPersonalAccountOnly': yesNo,
  'settlement.excluded': z.array(z.enum(SETTLEMENT_EXCLUSIONS, '不支持的情形'), '请选择不能直接结算的情形').check(
    z.maxLength(SETTLEMENT_EXCLUSIONS.length, '情形重复'),
    z.refine((list: readonly string[]) => new Set(list).size === list.length, '情形重复'),
  ),
  'proof.longTermInterchangeable': yesNo,
  'renewal.reminderDays': wholeNumber('天数', 1, 180),
};

export const POLICY_KEYS = Object.keys(POLICY_VALUE_SCHEMAS) as PolicyKey[];

export function isPolicyKey(key: string): key is PolicyKey {
  return Object.prototype.hasOwnProperty.call(POLICY_VALUE_SCHEMAS, key);
}
