import { CAPABILITY_LABELS, CHRONIC_CAPABILITIES, type Institution } from './institution';

/**
 * What a resident with a filing can settle directly at this institution, in plain Chinese,
 * one sentence per line, for the institution page (and read aloud by screen readers).
 */
export function whatYouCanDo(institution: Institution): string[] {
  if (!institution.networked) {
    return [
      '这家机构目前没有开通跨省直接结算',
      '在这里看病购药需要先自己垫付，再回参保地医保经办机构手工报销',
    ];
  }
  if (institution.kind === 'pharmacy') {
    return [
      '可以刷医保电子凭证或社保卡购药',
      '只能使用医保个人账户支付，不能使用统筹基金报销',
    ];
  }
  const has = new Set(institution.capabilities);
  const lines: string[] = [];
  lines.push(has.has('inpatient') ? '住院费用可以直接结算' : '住院费用不能在这里直接结算');
  lines.push(has.has('generalOutpatient') ? '普通门诊费用可以直接结算' : '普通门诊费用不能在这里直接结算');
  const chronic = CHRONIC_CAPABILITIES.filter((c) => has.has(c)).map((c) => CAPABILITY_LABELS[c]);
  lines.push(
    chronic.length > 0
      ? `门诊慢特病可以直接结算：${chronic.join('、')}`
      : '门诊慢特病（高血压、糖尿病等）不能在这里直接结算',
  );
  lines.push('就医时请主动出示医保电子凭证、社保卡或身份证，说明已办理异地就医备案');
  return lines;
}
