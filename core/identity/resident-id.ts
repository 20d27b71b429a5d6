import { PROVINCE_PREFIXES, RESIDENCE_PERMIT_PREFIXES } from '../region/province-codes';

/** GB 11643-1999 check: weights of the first 17 digits; sum mod 11 indexes CHECK_CHARS. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
const SHAPE = /^\d{17}[\dX]$/;

export type ResidentIdProblem = 'shape' | 'region' | 'birthDate' | 'checksum';

export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** Upper-cases a trailing x, which residents often type in lower case. */
export function normalizeResidentId(raw: string): string {
  return raw.trim().toUpperCase();
}

function isRealBirthDate(yyyymmdd: string, today: string): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < 1800 || month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one; UTC avoids any local-zone shift.
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > lastDay) return false;
  const iso = `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
  return iso <= today;
}

/**
 * Whether the six-digit address code can begin a number someone holds. Only the province is
 * judged: real numbers carry county codes abolished since (a birth date may precede its code's
 * creation, or outlive it), and 市辖区 codes ending in 01 (440401); besides, the residence
 * permits of Hong Kong, Macao and Taiwan residents carry 810000 / 820000 / 830000.
 */
function isHeldAddressCode(code: string): boolean {
  return RESIDENCE_PERMIT_PREFIXES.has(code) || PROVINCE_PREFIXES.has(code.slice(0, 2));
}

/**
 * Why an ID number is invalid, or null when it is valid.
 * `today` (YYYY-MM-DD, China time) rules out birth dates in the future.
 */
export function residentIdProblem(raw: string, today: string): ResidentIdProblem | null {
  const id = normalizeResidentId(raw);
  if (!SHAPE.test(id)) return 'shape';
  if (!isHeldAddressCode(id.slice(0, 6))) return 'region';
  if (!isRealBirthDate(id.slice(6, 14), today)) return 'birthDate';
  if (residentIdCheckChar(id.slice(0, 17)) !== id[17]) return 'checksum';
  return null;
}

export function isValidResidentId(raw: string, today: string): boolean {
  return residentIdProblem(raw, today) === null;
}

export const RESIDENT_ID_PROBLEM_MESSAGES: Record<ResidentIdProblem, string> = {
  shape: '身份证号码应为18位，最后一位可以是数字或X',
  region: '身份证号码前两位不是有效的省份代码',
  birthDate: '身份证号码中的出生日期不正确',
  checksum: '身份证号码校验位不正确，请逐位核对',
};
