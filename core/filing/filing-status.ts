/**
 * Filing statuses (DOMAIN §4), modeled on the national platform's review flag RCHK_FLAG
 * (0 unreviewed, 1 approved, 2 rejected, 3 withdrawn, 4 returned).
 */
export const FilingStatus = {
  Draft: 'draft',
  Submitted: 'submitted',
  InReview: 'in_review',
  Approved: 'approved',
  Rejected: 'rejected',
  Returned: 'returned',
  Withdrawn: 'withdrawn',
  Cancelled: 'cancelled',
  Expired: 'expired',
  Superseded: 'superseded',
  Closed: 'closed',
} as const;
export type FilingStatus = (typeof FilingStatus)[keyof typeof FilingStatus];

export const FILING_STATUSES = [
  'draft', 'submitted', 'in_review', 'approved', 'rejected', 'returned',
  'withdrawn', 'cancelled', 'expired', 'superseded', 'closed',
] as const satisfies readonly FilingStatus[];

export const FILING_STATUS_LABELS: Record<FilingStatus, string> = {
  draft: '草稿',
  submitted: '待审核',
  in_review: '审核中',
  approved: '备案成功',
  rejected: '未通过',
  returned: '需补充材料',
  withdrawn: '已撤销',
  cancelled: '已取消',
  expired: '已失效',
  superseded: '已变更',
  closed: '已关闭',
};

/** The national platform's RCHK_FLAG for statuses that have one. */
export const RCHK_FLAG: Partial<Record<FilingStatus, number>> = {
  submitted: 0,
  in_review: 0,
  approved: 1,
  rejected: 2,
  withdrawn: 3,
  returned: 4,
};

/** Waiting for staff: the statuses of the review queue. */
export const PENDING_STATUSES: readonly FilingStatus[] = ['submitted', 'in_review'];

/** Statuses that block a second filing for the same person and treatment province. */
export const ACTIVE_STATUSES: readonly FilingStatus[] = ['submitted', 'in_review', 'returned', 'approved'];

/**
 * No transition leaves these. `closed`: a change request the system closed because the filing it
 * changes is no longer in force (cancelled, expired or superseded by another change).
 */
export const FINAL_STATUSES: readonly FilingStatus[] = ['rejected', 'withdrawn', 'cancelled', 'expired', 'superseded', 'closed'];
