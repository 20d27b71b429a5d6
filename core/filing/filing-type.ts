/**
 * The six filing types of the national notice (医保发〔2022〕22号), in two groups.
 * Which of them may use a commitment letter is policy (see policy-values.ts), not fixed here;
 * what is fixed by the notice itself lives in FILING_TYPE_RULES.
 */
export const FilingType = {
  RetiredResettled: 'retired_resettled',
  LongTermResidence: 'long_term_residence',
  StationedWork: 'stationed_work',
  Referral: 'referral',
  Emergency: 'emergency',
  OtherTemporary: 'other_temporary',
} as const;
export type FilingType = (typeof FilingType)[keyof typeof FilingType];

export const FILING_TYPES = [
  'retired_resettled',
  'long_term_residence',
  'stationed_work',
  'referral',
  'emergency',
  'other_temporary',
] as const satisfies readonly FilingType[];

export type FilingGroup = 'long_term' | 'temporary';

/** Fields of FilingInput that a type may require beyond the common ones. */
export type TypeSpecificField = 'residenceAddress' | 'hospital' | 'diagnosis' | 'admissionDate';

export interface FilingTypeRule {
  group: FilingGroup;
  /** 备案类型 as residents know it. */
  label: string;
  /** Plain-words description for the type picker. */
  description: string;
  /** Documents that prove the type (DOMAIN §2; seeds 002, 003). */
  documents: readonly string[];
  /** Whether proof by documents is possible at all (other temporary: commitment only). */
  documentsAccepted: boolean;
  /** Fields the applicant must fill in for this type. */
  requiredFields: readonly TypeSpecificField[];
  /** Referral and emergency filings name the hospital; others cover the whole treatment region. */
  namesHospital: boolean;
  /** Emergency care counts as already filed (视同已备案); the filing may follow admission. */
  treatedAsFiled: boolean;
  /** The employer may file for stationed staff; an agent may file for anyone. */
  employerMayFile: boolean;
}

export const FILING_TYPE_RULES: Readonly<Record<FilingType, FilingTypeRule>> = {
  retired_resettled: {
    group: 'long_term',
    label: '异地安置退休',
    description: '退休后在外省定居，并且户口已迁到定居地',
    documents: ['户口簿首页和本人页', '常住人口登记卡'],
    documentsAccepted: true,
    requiredFields: ['residenceAddress'],
    namesHospital: false,
    treatedAsFiled: false,
    employerMayFile: false,
  },
  long_term_residence: {
    group: 'long_term',
    label: '异地长期居住',
    description: '在外省长期居住生活',
    documents: ['居住证', '其他能证明在就医地长期居住的材料'],
    documentsAccepted: true,
    requiredFields: ['residenceAddress'],
    namesHospital: false,
    treatedAsFiled: false,
    employerMayFile: false,
  },
  stationed_work: {
    group: 'long_term',
    label: '常驻异地工作',
    description: '由单位派到外省长期工作',
    documents: ['单位派驻异地工作证明', '其他工作证明材料'],
    documentsAccepted: true,
    requiredFields: ['residenceAddress'],
    namesHospital: false,
    treatedAsFiled: false,
    employerMayFile: true,
  },
  referral: {
    group: 'temporary',
    label: '异地转诊就医',
    description: '本地医院看不了，由有转诊资质的医院开具转诊证明转到外省治疗',
    documents: ['参保地有转诊资质医院开具的转诊证明（含诊断）'],
    documentsAccepted: true,
    requiredFields: ['hospital', 'diagnosis'],
    namesHospital: true,
    treatedAsFiled: false,
    employerMayFile: false,
  },
  emergency: {
    group: 'temporary',
    label: '异地急诊抢救',
    description: '在外省突发急病住院抢救，可在入院后补办备案',
    documents: ['急诊病历'],
    documentsAccepted: true,
    requiredFields: ['hospital', 'diagnosis', 'admissionDate'],
    namesHospital: true,
    treatedAsFiled: true,
    employerMayFile: false,
  },
  other_temporary: {
    group: 'temporary',
    label: '其他临时外出就医',
    description: '不属于以上情况，临时到外省看病',
    documents: [],
    documentsAccepted: false,
    requiredFields: [],
    namesHospital: false,
    treatedAsFiled: false,
    employerMayFile: false,
  },
};

export function isLongTerm(type: FilingType): boolean {
  return FILING_TYPE_RULES[type].group === 'long_term';
}

export function isTemporary(type: FilingType): boolean {
  return FILING_TYPE_RULES[type].group === 'temporary';
}

export type TemporaryFilingType = 'referral' | 'emergency' | 'other_temporary';
export type LongTermFilingType = 'retired_resettled' | 'long_term_residence' | 'stationed_work';

export const INSURANCE_TYPE_LABELS = { employee: '职工医保', resident: '城乡居民医保' } as const;
export type InsuranceType = keyof typeof INSURANCE_TYPE_LABELS;
