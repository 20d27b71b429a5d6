/**
 * A networked medical institution or pharmacy (跨省联网定点医药机构) as the national platform lists it.
 * Codes: `H` + 6-digit district + 5-digit serial for hospitals and clinics, `P` + the same for
 * pharmacies (the pharmacy prefix is unconfirmed, DOMAIN.md §5).
 */
export const INSTITUTION_KINDS = ['hospital', 'pharmacy', 'clinic'] as const;
export type InstitutionKind = (typeof INSTITUTION_KINDS)[number];

export const KIND_LABELS: Record<InstitutionKind, string> = {
  hospital: '医院',
  pharmacy: '药店',
  clinic: '诊所/社区卫生服务机构',
};

/** Highest first: the index in this list is the level's rank (0 = 三级甲等). */
export const INSTITUTION_LEVELS = [
  '三级甲等', '三级乙等', '三级丙等', '三级',
  '二级甲等', '二级乙等', '二级丙等', '二级',
  '一级甲等', '一级乙等', '一级丙等', '一级',
  '未定级',
] as const;
export type InstitutionLevel = (typeof INSTITUTION_LEVELS)[number];

export function levelRank(level: InstitutionLevel): number {
  return INSTITUTION_LEVELS.indexOf(level);
}

/** The settlement a resident can get there: inpatient, general outpatient, the 5 chronic diseases. */
export const CAPABILITIES = [
  'inpatient',
  'generalOutpatient',
  'hypertension',
  'diabetes',
  'chemoRadiotherapy',
  'dialysis',
  'antiRejection',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

export const CAPABILITY_LABELS: Record<Capability, string> = {
  inpatient: '住院',
  generalOutpatient: '普通门诊',
  hypertension: '高血压',
  diabetes: '糖尿病',
  chemoRadiotherapy: '恶性肿瘤门诊放化疗',
  dialysis: '尿毒症透析',
  antiRejection: '器官移植术后抗排异治疗',
};

export const CHRONIC_CAPABILITIES: readonly Capability[] = [
  'hypertension', 'diabetes', 'chemoRadiotherapy', 'dialysis', 'antiRejection',
];

/** One bit per capability, in CAPABILITIES order: compact storage and a cheap "has all" test. */
export function capabilityMask(capabilities: readonly Capability[]): number {
  let mask = 0;
  for (const c of capabilities) mask |= 1 << CAPABILITIES.indexOf(c);
  return mask;
}

export function capabilitiesOf(mask: number): Capability[] {
  return CAPABILITIES.filter((_, i) => (mask & (1 << i)) !== 0);
}

export interface Institution {
  code: string;
  name: string;
  kind: InstitutionKind;
  /** Free text as the platform gives it, e.g. 综合医院, 中医医院, 零售药店. */
  type: string;
  level: InstitutionLevel;
  /** District code (GB/T 2260, 6 digits); a city without districts stands for itself. */
  region: string;
  address: string;
  phone: string;
  latitude: number;
  longitude: number;
  capabilities: Capability[];
  /** False once the institution left the national list (kept so old links still answer). */
  networked: boolean;
}

export const INSTITUTION_CODE = /^[HP]\d{11}$/;
