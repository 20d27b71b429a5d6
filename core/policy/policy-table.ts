import type { PolicyTableEntry, PolicyValues, Sourced } from './policy-values';

/**
 * The per-region policy table: a national default, overridden by province, overridden by city.
 * Sources name the seed file in shared/seeds (000–004) or say "illustrative" where no source
 * gives the value; DOMAIN.md §3 cites them.
 */
const NATIONAL: { [K in keyof PolicyValues]: Sourced<PolicyValues[K]> } = {
  'commitment.retired_resettled': { value: false, source: 'DOMAIN §2: default no (proof of household move)' },
  'commitment.long_term_residence': { value: true, source: '004, DOMAIN §2' },
  'commitment.stationed_work': { value: true, source: '004, DOMAIN §2' },
  'commitment.referral': { value: false, source: '004: referral certificate required' },
  'commitment.emergency': { value: false, source: '003: emergency medical record required' },
  'commitment.other_temporary': { value: true, source: '004: personal commitment is the only way' },
  'commitment.multiPlace': { value: true, source: 'illustrative' },
  'refiling.commitmentLockMonths': { value: 0, source: 'illustrative: no national rule found' },
  'change.longTermLockMonths': { value: 6, source: 'DOMAIN §3: national, in principle 6 months (unconfirmed wording)' },
  'validity.referral': { value: { amount: 6, unit: 'month' }, source: '004: 原则上不少于6个月' },
  'validity.emergency': { value: { amount: 6, unit: 'month' }, source: '004: 原则上不少于6个月' },
  'validity.other_temporary': { value: { amount: 6, unit: 'month' }, source: '004: 原则上不少于6个月' },
  'emergency.filingDeadlineDays': { value: null, source: 'illustrative: no national deadline found' },
  'review.workingDays': { value: 2, source: '001: 线上业务1-2个工作日 (taken as national default, illustrative)' },
  'review.instantApprovalByCommitment': { value: false, source: 'illustrative' },
  'benefit.referral': { value: { kind: 'subtract_points', points: 10 }, source: '004: 降低不超过10个百分点' },
  'benefit.emergency': { value: { kind: 'subtract_points', points: 10 }, source: '004: 降低不超过10个百分点' },
  'benefit.other_temporary': { value: { kind: 'subtract_points', points: 20 }, source: '004: 降低不超过20个百分点' },
  'benefit.longTermBothPlaces': { value: true, source: '004, 001: 双向享受' },
  'benefit.pharmacyPersonalAccountOnly': { value: true, source: '001: 药店仅可使用个人账户' },
  'settlement.excluded': { value: ['work_injury', 'third_party', 'maternity'], source: '003, 001' },
  'proof.longTermInterchangeable': { value: false, source: 'illustrative' },
  'renewal.reminderDays': { value: 30, source: 'DOMAIN §9: renewal reminders well before the end (30 days is what users ask for)' },
};

export const NATIONAL_REGION = '000000';

export const POLICY_TABLE: readonly PolicyTableEntry[] = [
  {
    region: NATIONAL_REGION,
    name: '全国',
    level: 'national',
    overrides: NATIONAL,
  },
  {
    region: '110000',
    name: '北京市',
    level: 'province',
    overrides: {
      'review.workingDays': { value: 3, source: 'illustrative' },
      'review.instantApprovalByCommitment': { value: true, source: 'illustrative' },
    },
  },
  {
    region: '320000',
    name: '江苏省',
    level: 'province',
    overrides: {
      'review.workingDays': { value: 2, source: '001: 线上业务1-2个工作日' },
    },
  },
  {
    region: '320500',
    name: '苏州市',
    level: 'city',
    overrides: {
      'validity.referral': { value: { amount: 12, unit: 'month' }, source: '001: 转诊备案手续有效期一年' },
      'validity.other_temporary': { value: { amount: 12, unit: 'month' }, source: '001: 备案手续有效期一年' },
      'refiling.commitmentLockMonths': { value: 6, source: '001: 以个人承诺方式办理的需满6个月方可申请重新备案' },
      'commitment.multiPlace': { value: false, source: '001: 申请多地备案时不可通过承诺制备案' },
      'benefit.other_temporary': { value: { kind: 'multiply', factor: 0.8 }, source: '001: 按原规定结付比例的80%结付' },
    },
  },
  {
    region: '220000',
    name: '吉林省',
    level: 'province',
    overrides: {
      'proof.longTermInterchangeable': { value: true, source: '002: 以上材料中3、4、5提供任意一项即可' },
    },
  },
  {
    region: '430000',
    name: '湖南省',
    level: 'province',
    overrides: {
      'emergency.filingDeadlineDays': { value: 3, source: '003: 应在急诊入院后3天内提出备案登记申请' },
    },
  },
  {
    region: '440000',
    name: '广东省',
    level: 'province',
    overrides: {
      'validity.emergency': { value: { amount: 10, unit: 'day' }, source: 'DOMAIN §3: Guangdong older practice, emergency outpatient 10 days' },
      'validity.referral': { value: { amount: 3, unit: 'month' }, source: 'DOMAIN §3: Guangdong older practice, referral up to 3 months' },
      'review.instantApprovalByCommitment': { value: true, source: 'illustrative' },
    },
  },
  {
    region: '441900',
    name: '东莞市',
    level: 'city',
    overrides: {
      'emergency.filingDeadlineDays': { value: 10, source: 'DOMAIN §3: Dongguan 10 days' },
    },
  },
];
