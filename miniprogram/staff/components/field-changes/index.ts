/**
 * 变更内容: a change request's fields side by side, 字段：原值 → 新值, so the reviewer sees what a
 * change replaces, not only the new values (review.get's `changes`). It lives in the staff
 * subpackage because only the review page uses it. Its sizes are in em: the text inherits the
 * page's font size, so 长辈版 enlarges it with the rest of the page.
 */
interface FieldChange {
  field: string;
  label: string;
  before: string;
  after: string;
}

Component({
  properties: {
    changes: { type: Array, value: [] as FieldChange[] },
  },
});
