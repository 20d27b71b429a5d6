/**
 * 常用意见: what reviewers say most often, per decision, so a day of decisions is taps rather than
 * typing. Configuration: an agency edits this list; free text may always follow a template.
 * The words are the resident's: they reach the notification and the inbox as written.
 */
export const REASON_TEMPLATES = {
  approve: ['材料齐全，予以备案', '符合异地长期居住人员备案条件', '符合临时外出就医人员备案条件'],
  reject: [
    '参保地不属于本经办机构受理范围',
    '同一就医省份已有有效备案，无需重复办理',
    '所选备案类型与提供的证明材料不符',
    '未按规定提供个人承诺或证明材料',
  ],
  return: [
    '请补充上传居住证或居住证明',
    '请补充上传转诊（转院）证明',
    '上传的材料不清晰，请重新拍照上传',
    '请补充上传工作单位派出证明',
  ],
} as const satisfies Record<'approve' | 'reject' | 'return', readonly string[]>;

export type ReasonDecision = keyof typeof REASON_TEMPLATES;

/**
 * The templates chosen (in the order tapped) and the reviewer's own words, as one reason: parts
 * joined with 「；」, blanks and repeats dropped; undefined when nothing is left.
 */
export function composeReason(templates: string | readonly string[] | undefined, freeText: string | undefined): string | undefined {
  const chosen = templates === undefined ? [] : typeof templates === 'string' ? [templates] : templates;
  const parts = [...chosen, freeText ?? ''].map((p) => p.trim()).filter((p) => p.length > 0);
  const unique = [...new Set(parts)];
  return unique.length > 0 ? unique.join('；') : undefined;
}
