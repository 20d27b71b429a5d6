import { DECISION_LABELS } from '../../core/filing/decision-labels';
import { chinaDateText, chinaDateTimeText } from '../../core/time/china-date';
import type { QueueItem } from '../../core/api/review-api';

/** A desk row with its dates and decision worded (2026年11月30日, 审核通过), never an ISO instant or a code. */
export interface QueueRow extends QueueItem {
  submittedText: string;
  deadlineText: string;
  decisionText: string;
  decidedText: string;
}

/** One row as the queue tabs and the search page list it. */
export function queueRowOf(i: QueueItem): QueueRow {
  return {
    ...i,
    submittedText: chinaDateTimeText(i.submittedAt),
    deadlineText: chinaDateText(i.reviewDeadline),
    decisionText: i.decision ? DECISION_LABELS[i.decision] : '',
    decidedText: i.decidedAt ? chinaDateTimeText(i.decidedAt) : '',
  };
}
