/**
 * 补办 (DOMAIN §3, seed 002): a filing made before the discharge settlement still allows direct
 * settlement; after a self-paid settlement the money comes back by manual reimbursement at the
 * insured region. The app tells the applicant which case applies and what to do next.
 */
export type LateFilingCase = 'direct_settlement' | 'manual_reimbursement';

export interface LateFilingAdvice {
  case: LateFilingCase;
  title: string;
  steps: string[];
}

export function lateFilingAdvice(input: { settled: boolean }): LateFilingAdvice {
  if (!input.settled) {
    return {
      case: 'direct_settlement',
      title: '还没有出院结算：现在补办备案，仍可直接结算',
      steps: [
        '马上在本小程序提交备案（急诊可先入院后补办）',
        '备案成功后，告诉医院收费处您已办理跨省异地就医备案',
        '出院时出示医保电子凭证或社保卡，直接结算',
      ],
    };
  }
  return {
    case: 'manual_reimbursement',
    title: '已经自费结算：补办备案后，回参保地申请手工报销',
    steps: [
      '在本小程序补办备案',
      '保存好发票、费用明细清单、出院小结等材料',
      '向参保地医保经办机构申请手工报销（可拨打当地区号+12393咨询）',
    ],
  };
}
