import { FILING_TYPE_RULES, type FilingType } from '../filing/filing-type';
import { dateInWords } from '../time/china-date';
import { benefit, EXCLUSION_LABELS, period } from './describe-policy';
import { editionOf } from './policy-version';
import type { UpcomingChange } from './resolve-policy-at';
import type { PolicyKey, PolicyValues } from './policy-values';

/** How the proposal form asks for a field's value. */
export type PolicyValueKind = 'boolean' | 'months' | 'period' | 'optionalDays' | 'workingDays' | 'days' | 'benefit' | 'exclusions';

/**
 * Each field in words: a short label for pickers, and a phrase `subject + text(value)` that
 * reads as one sentence (其他临时外出就医有效期 + 1年), so every page and message says the same.
 */
export interface FieldWording<K extends PolicyKey> {
  label: string;
  kind: PolicyValueKind;
  subject: string;
  text(value: PolicyValues[K]): string;
}

const label = (type: FilingType) => FILING_TYPE_RULES[type].label;

const commitment = (type: FilingType): FieldWording<`commitment.${FilingType}`> => ({
  label: `${label(type)}：可否用个人承诺`,
  kind: 'boolean',
  subject: `${label(type)}备案`,
  text: (v) => (v ? '可以用个人承诺代替证明材料' : '需要提供证明材料'),
});
const validity = (type: 'referral' | 'emergency' | 'other_temporary'): FieldWording<`validity.${typeof type}`> => ({
  label: `${label(type)}：有效期`,
  kind: 'period',
  subject: `${label(type)}有效期`,
  text: (v) => period(v),
});
const benefitOf = (type: 'referral' | 'emergency' | 'other_temporary'): FieldWording<`benefit.${typeof type}`> => ({
  label: `${label(type)}：报销待遇`,
  kind: 'benefit',
  subject: `${label(type)}`,
  text: (v) => benefit(v),
});
const lock = (what: string): ((v: number) => string) => (v) => (v > 0 ? `需满${v}个月才能${what}` : `可以随时${what}`);

export const POLICY_FIELDS: { [K in PolicyKey]: FieldWording<K> } = {
  'commitment.retired_resettled': commitment('retired_resettled'),
  'commitment.long_term_residence': commitment('long_term_residence'),
  'commitment.stationed_work': commitment('stationed_work'),
  'commitment.referral': commitment('referral'),
  'commitment.emergency': commitment('emergency'),
  'commitment.other_temporary': commitment('other_temporary'),
  'commitment.multiPlace': {
    label: '多地长期备案：可否用承诺制', kind: 'boolean', subject: '在多个地方办理长期备案时',
    text: (v) => (v ? '可以用承诺制' : '不能用承诺制，需要提供居住证明'),
  },
  'refiling.commitmentLockMonths': {
    label: '承诺制长期备案：重新备案等待月数', kind: 'months', subject: '以个人承诺方式办理的长期备案', text: lock('重新备案'),
  },
  'change.longTermLockMonths': {
    label: '长期备案：变更或取消等待月数', kind: 'months', subject: '长期备案办理后', text: lock('变更或取消'),
  },
  'validity.referral': validity('referral'),
  'validity.emergency': validity('emergency'),
  'validity.other_temporary': validity('other_temporary'),
  'emergency.filingDeadlineDays': {
    label: '急诊备案期限', kind: 'optionalDays', subject: '急诊',
    text: (v) => (v === null ? '视同已备案，出院结算前补办即可' : `需在入院后${v}天内申请备案`),
  },
  'review.workingDays': { label: '审核时限', kind: 'workingDays', subject: '审核时限', text: (v) => `${v}个工作日` },
  'review.instantApprovalByCommitment': {
    label: '承诺制在线备案：是否即时办结', kind: 'boolean', subject: '以个人承诺方式在线办理的备案',
    text: (v) => (v ? '提交后即时办结' : '由工作人员审核'),
  },
  'benefit.referral': benefitOf('referral'),
  'benefit.emergency': benefitOf('emergency'),
  'benefit.other_temporary': benefitOf('other_temporary'),
  'benefit.longTermBothPlaces': {
    label: '长期备案：参保地能否直接结算', kind: 'boolean', subject: '长期备案的人',
    text: (v) => (v ? '在参保地和就医地都可以直接结算' : '在参保地不能直接结算'),
  },
  'benefit.pharmacyPersonalAccountOnly': {
    label: '就医地药店：是否只能用个人账户', kind: 'boolean', subject: '在就医地联网药店买药',
    text: (v) => (v ? '只能用医保个人账户支付' : '可以按规定直接结算'),
  },
  'settlement.excluded': {
    label: '不能直接结算的情形', kind: 'exclusions', subject: '不能跨省直接结算的情形',
    text: (v) => (v.length > 0 ? `：${v.map((e) => EXCLUSION_LABELS[e]).join('、')}` : '：无'),
  },
  'proof.longTermInterchangeable': {
    label: '长期备案证明材料能否通用', kind: 'boolean', subject: '长期备案的证明材料',
    text: (v) => (v ? '任选一种即可' : '按备案类型分别提供'),
  },
  'renewal.reminderDays': {
    label: '临时备案：到期前几天提醒续期', kind: 'days', subject: '临时备案',
    text: (v) => `到期前${v}天提醒续期`,
  },
};

export function valueInWords<K extends PolicyKey>(field: K, value: PolicyValues[K]): string {
  return POLICY_FIELDS[field].text(value);
}

/** 其他临时外出就医有效期1年 */
export function policyPhrase<K extends PolicyKey>(field: K, value: PolicyValues[K]): string {
  const wording = POLICY_FIELDS[field];
  return `${wording.subject}${wording.text(value)}`;
}

/** 自2027年1月1日起，其他临时外出就医有效期改为6个月（现为1年） */
export function describeUpcoming(change: UpcomingChange): string {
  const wording = POLICY_FIELDS[change.field] as FieldWording<PolicyKey>;
  return `自${dateInWords(change.effectiveFrom)}起，${wording.subject}改为${wording.text(change.value)}（现为${wording.text(change.previous)}）`;
}

/** 按苏州市2026版规定，其他临时外出就医有效期1年 */
export function describeRuleApplied(regionName: string, effectiveFrom: string, phrase: string): string {
  return `按${regionName}${editionOf(effectiveFrom)}版规定，${phrase}`;
}
