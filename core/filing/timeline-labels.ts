import type { FilingEventType } from './status-machine';

/** Every event a filing's timeline records: its transitions, and the notes beside them. */
export type TimelineEvent = FilingEventType | 'change_requested' | 'renewal_requested' | 'pii_access' | 'pii_search' | 'deadline_recomputed';

/** What happened, in the words a resident uses (never 草稿 → 待审核). */
export const TIMELINE_LABELS: Readonly<Record<TimelineEvent, string>> = {
  submit: '提交申请',
  approveInstantly: '即时办结',
  claim: '开始审核',
  release: '重新等待审核',
  approve: '审核通过',
  reject: '审核未通过',
  return: '退回补充材料',
  supplement: '补充材料，重新提交',
  withdraw: '撤销申请',
  cancel: '取消备案',
  expire: '备案到期失效',
  supersede: '按变更申请更新',
  close: '变更申请已关闭',
  change_requested: '申请变更',
  renewal_requested: '申请续期',
  pii_access: '查看了完整身份证号',
  pii_search: '按身份证号查询到此备案',
  deadline_recomputed: '审核期限重新核定',
};

/** A change request's own first entry says what it is, not that a new application was made. */
export function timelineLabel(event: TimelineEvent, changeRequest: boolean): string {
  if (changeRequest && event === 'submit') return '提交变更申请';
  return TIMELINE_LABELS[event];
}
