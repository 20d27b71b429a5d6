import * as z from 'zod/mini';
import { chinaToday, isIsoDate } from '../time/china-date';
import { isRegionCodeShape } from '../region/region-code';
import { isMobilePhone } from '../identity/phone';
import {
  normalizeResidentId,
  residentIdProblem,
  RESIDENT_ID_PROBLEM_MESSAGES,
} from '../identity/resident-id';

/**
 * Field schemas with Chinese messages, shared by every action. Built on zod/mini so the
 * mini-program pays only for the checks it uses (the README gives the measured size).
 */

/** Free text: trimmed, required, bounded (a 10,000-character string is refused, not stored). */
export function text(label: string, max: number) {
  return z.string({ error: `请填写${label}` }).check(
    z.trim(),
    z.minLength(1, `请填写${label}`),
    z.maxLength(max, `${label}不能超过${max}个字`),
  );
}

export function isoDate(label: string) {
  return z.string({ error: `请选择${label}` }).check(
    z.refine((value: string) => isIsoDate(value), `${label}不是有效的日期`),
  );
}

export function regionCode(label: string) {
  return z.string({ error: `请选择${label}` }).check(
    z.refine((value: string) => isRegionCodeShape(value), `${label}的地区代码不正确，请重新选择`),
  );
}

export const residentIdNumber = z.pipe(
  z.string({ error: '请填写身份证号码' }).check(z.maxLength(32, '身份证号码应为18位')),
  z.transform((value: string) => normalizeResidentId(value)),
).check(
  z.superRefine((value: string, ctx) => {
    const problem = residentIdProblem(value, chinaToday());
    if (problem) ctx.issues.push({ code: 'custom', message: RESIDENT_ID_PROBLEM_MESSAGES[problem], input: value });
  }),
);

export const mobilePhone = z.string({ error: '请填写手机号码' }).check(
  z.trim(),
  z.refine((value: string) => isMobilePhone(value), '手机号码应为11位数字，以1开头'),
);

/** Opaque identifiers (filing IDs, file IDs, cursors): bounded and printable. */
export function identifier(label: string, max = 128) {
  return z.string({ error: `缺少${label}` }).check(
    z.minLength(1, `缺少${label}`),
    z.maxLength(max, `${label}不正确`),
    z.regex(/^[\w.:/-]+$/, `${label}不正确`),
  );
}
