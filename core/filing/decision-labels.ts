import type { Decision } from '../api/review-api';

/** A staff decision in the words of the desk's lists (已办结, search, history). */
export const DECISION_LABELS: Readonly<Record<Decision, string>> = {
  approved: '审核通过',
  rejected: '审核不通过',
  returned: '退回补充材料',
  closed: '已关闭',
};

/** The same decisions in a word or two, where space is short: filters, chart bars, the export's column. */
export const DECISION_SHORT_LABELS: Readonly<Record<Decision, string>> = { approved: '通过', rejected: '不通过', returned: '退回补充', closed: '已关闭' };
