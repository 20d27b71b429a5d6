import { FILING_TYPE_RULES, type TemporaryFilingType } from '../filing/filing-type';
import type { BenefitAdjustment, PolicyValues, SettlementExclusion, ValidityPeriod } from './policy-values';

/** One line of the policy page: a heading and the rule in plain words. */
export interface PolicyLine {
  key: string;
  title: string;
  text: string;
}

const TEMPORARY: readonly TemporaryFilingType[] = ['referral', 'emergency', 'other_temporary'];

export const EXCLUSION_LABELS: Record<SettlementExclusion, string> = {
  work_injury: '工伤',
  third_party: '有第三方责任的意外伤害',
  maternity: '生育',
};

export function period(v: ValidityPeriod): string {
  return v.unit === 'month' ? (v.amount % 12 === 0 ? `${v.amount / 12}年` : `${v.amount}个月`) : `${v.amount}天`;
}

export function benefit(b: BenefitAdjustment): string {
  switch (b.kind) {
    case 'none':
      return '与参保地报销比例相同';
    case 'subtract_points':
      return `报销比例比参保地低不超过${b.points}个百分点`;
    case 'multiply':
      return `按参保地报销比例的${Math.round(b.factor * 100)}%报销`;
  }
}

/**
 * The effective policy in plain Chinese, for residents (many elderly) reading on a phone.
 * Lives in core so the page and any server-made text say exactly the same thing.
 */
export function describePolicy(p: PolicyValues): PolicyLine[] {
  const commitmentTypes = (Object.keys(FILING_TYPE_RULES) as (keyof typeof FILING_TYPE_RULES)[])
    .filter((t) => p[`commitment.${t}`])
    .map((t) => FILING_TYPE_RULES[t].label);
  const lines: PolicyLine[] = [
    {
      key: 'commitment',
      title: '可以用个人承诺代替证明材料的备案',
      text: commitmentTypes.length > 0 ? commitmentTypes.join('、') : '无，都需要上传证明材料',
    },
    {
      key: 'review',
      title: '办理时间',
      text: p['review.instantApprovalByCommitment']
        ? `以个人承诺方式在线办理的，提交后即时办结；其他在${p['review.workingDays']}个工作日内审核完成`
        : `在线申请在${p['review.workingDays']}个工作日内审核完成（节假日顺延）`,
    },
    {
      key: 'validity',
      title: '临时备案有效期',
      text: TEMPORARY.map((t) => `${FILING_TYPE_RULES[t].label}${period(p[`validity.${t}`])}`).join('；') +
        '。长期备案一直有效，直到您变更或取消。',
    },
    {
      key: 'renewal',
      title: '临时备案续期',
      text: `临时备案到期前${p['renewal.reminderDays']}天会提醒您；转诊和其他临时外出就医的备案可以一键续期，新备案从原备案到期的第二天开始`,
    },
    {
      key: 'benefit',
      title: '报销待遇',
      text: [
        p['benefit.longTermBothPlaces'] ? '长期备案的人在参保地和就医地都可以直接结算' : '长期备案后在参保地不能直接结算',
        ...TEMPORARY.map((t) => `${FILING_TYPE_RULES[t].label}：${benefit(p[`benefit.${t}`])}`),
      ].join('；'),
    },
  ];
  const deadline = p['emergency.filingDeadlineDays'];
  lines.push({
    key: 'emergency',
    title: '急诊备案期限',
    text: deadline === null ? '急诊视同已备案，出院结算前补办即可直接结算' : `急诊入院后${deadline}天内申请备案`,
  });
  if (p['refiling.commitmentLockMonths'] > 0) {
    lines.push({
      key: 'refiling',
      title: '重新备案',
      text: `以个人承诺方式办理的长期备案，需满${p['refiling.commitmentLockMonths']}个月才能重新备案`,
    });
  }
  if (!p['commitment.multiPlace']) {
    lines.push({ key: 'multiPlace', title: '多地备案', text: '在多个地方办理长期备案时，不能用承诺制，需要提供居住证明' });
  }
  lines.push({
    key: 'change',
    title: '变更和取消',
    text: p['change.longTermLockMonths'] > 0
      ? `长期备案办理后${p['change.longTermLockMonths']}个月内原则上不能变更或取消`
      : '长期备案可以随时申请变更或取消',
  });
  if (p['benefit.pharmacyPersonalAccountOnly']) {
    lines.push({ key: 'pharmacy', title: '在药店买药', text: '在就医地的联网药店买药，只能用医保个人账户支付' });
  }
  lines.push({
    key: 'excluded',
    title: '不能直接结算的情况',
    text: `${p['settlement.excluded'].map((e) => EXCLUSION_LABELS[e]).join('、')}的费用不能跨省直接结算，请先垫付再回参保地报销`,
  });
  return lines;
}
