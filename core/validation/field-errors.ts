import type { FieldErrors } from '../errors/result';

interface IssueLike {
  path: readonly PropertyKey[];
  message: string;
}

const HAS_CHINESE = /[\u4e00-\u9fff]/;

/**
 * Turns schema issues into `fields` (path → Chinese message), first issue per field.
 * zod's own English defaults (for shapes we did not foresee) become a plain Chinese phrase,
 * so a resident never reads English.
 */
export function issuesToFieldErrors(issues: readonly IssueLike[]): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of issues) {
    const path = issue.path.map(String).join('.') || '_';
    if (path in fields) continue;
    fields[path] = HAS_CHINESE.test(issue.message) ? issue.message : '格式不正确';
  }
  return fields;
}
