import { composeReason, REASON_TEMPLATES } from '../../core/review/reason-templates';
import { ReviewActions } from '../../core/api/review-api';

describe('reason templates (常用意见)', () => {
  it('joins the chosen templates and free text with 「；」, dropping blanks and repeats', () => {
    expect(composeReason(['材料齐全，予以备案'], undefined)).toBe('材料齐全，予以备案');
    expect(composeReason(['请补充上传居住证或居住证明', '上传的材料不清晰，请重新拍照上传'], ' 居住证反面 ')).toBe('请补充上传居住证或居住证明；上传的材料不清晰，请重新拍照上传；居住证反面');
    expect(composeReason('甲', '甲')).toBe('甲');
    expect(composeReason([], '  ')).toBeUndefined();
    expect(composeReason(undefined, undefined)).toBeUndefined();
  });

  it('every template, and all of one decision together, fit the decision schema', () => {
    for (const [decision, list] of Object.entries(REASON_TEMPLATES)) {
      expect(list.length).toBeGreaterThan(0);
      const reason = composeReason(list, undefined);
      const schema = decision === 'approve' ? ReviewActions.approve : decision === 'reject' ? ReviewActions.reject : ReviewActions.return;
      expect(schema.safeParse({ id: 'f1', reason }).success).toBe(true);
    }
  });
});
