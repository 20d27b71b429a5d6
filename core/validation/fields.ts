import * as z from 'zod/mini';
import { chinaToday, isIsoDate } from '../time/china-date';
import { isRegionCodeShape } from '../region/region-code';
import { isMobilePhone } from '../identity/phone';
import {
  normalizeResidentId,
  residentIdProblem,
  RESIDENT_ID_PROBLEM_MESSAGES,
} from '../identity/resident-id';
import { holdsIdNumber, scrubIdNumbers } from '../identity/scrub-id-numbers';
import { hasBidiControl, isInvisibleOnly, isUnreadable } from './characters';
import { nameProblem, normalizeName } from './person-name';

/**
 * Field schemas with Chinese messages, shared by every action. Built on zod/mini so the
 * mini-program pays only for the checks it uses (the README gives the measured size).
 */

/**
 * Free text: trimmed, required, bounded (a 10,000-character string is refused, not stored), no
 * control or direction-override characters, not only invisible ones — and every ID number in it
 * masked here, at the boundary, so it is stored, logged and shown masked (issue 11).
 */
export function text(label: string, max: number) {
  return z.string({ error: `请填写${label}` }).check(
    z.trim(),
    z.refine((value: string) => !isInvisibleOnly(value), `请填写${label}`),
    z.maxLength(max, `${label}不能超过${max}个字`),
    z.refine((value: string) => !isUnreadable(value) && !hasBidiControl(value), `${label}不能包含控制字符或文字方向控制符`),
    z.overwrite(scrubIdNumbers),
  );
}

/**
 * A person's name as a clerk accepts it: Chinese characters (extensions included), Latin letters
 * (single spaces between Latin words) and the middle dot of minority names (阿卜杜·热合曼); the
 * dot's look-alikes (• ・ ． ･ ‧) are normalised to U+00B7. Length counts characters, not UTF-16 units.
 */
export function personName(label: string, max: number) {
  return z.string({ error: `请填写${label}` }).check(
    z.overwrite(normalizeName),
    z.refine((value: string) => !isInvisibleOnly(value), `请填写${label}`),
    z.refine((value: string) => Array.from(value).length <= max, `${label}不能超过${max}个字`),
    z.refine((value: string) => nameProblem(value) === undefined, `${label}只能由汉字、字母和间隔号“·”组成`),
  );
}

/** Years a filing date can sensibly have; anything else is a typo (or a probe) before any rule. */
const MIN_YEAR = 1900;
const MAX_YEAR = 2199;

export function isoDate(label: string) {
  return z.string({ error: `请选择${label}` }).check(
    z.refine((value: string) => isIsoDate(value) && Number(value.slice(0, 4)) >= MIN_YEAR && Number(value.slice(0, 4)) <= MAX_YEAR, `${label}不是有效的日期`),
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

/** A WeChat openid as staff management stores it: an identifier that never carries an ID number. */
export function openidField(label: string) {
  return identifier(label, 64).check(z.refine((value: string) => !holdsIdNumber(value), `${label}不正确`));
}

/** What every list answers for a cursor it did not issue, whether the schema or the store finds out. */
export const CURSOR_REFUSED = '翻页位置已失效，请回到第一页重新查看';

/** A page cursor: opaque base64url from a previous page (the store checks it was issued). */
export const pageCursor = z.string({ error: CURSOR_REFUSED }).check(
  z.minLength(1, CURSOR_REFUSED),
  z.maxLength(512, CURSOR_REFUSED),
  z.regex(/^[\w-]+$/, CURSOR_REFUSED),
);
