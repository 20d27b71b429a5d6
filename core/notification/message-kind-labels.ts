import { TIMELINE_LABELS } from '../filing/timeline-labels';
import type { MessageKind } from './template-config';

/** What a message was about, as the admin's dead-letter list names it (never the kind's code). */
export const MESSAGE_KIND_LABELS: Readonly<Record<MessageKind, string>> = {
  submit: TIMELINE_LABELS.submit,
  approveInstantly: TIMELINE_LABELS.approveInstantly,
  claim: TIMELINE_LABELS.claim,
  release: TIMELINE_LABELS.release,
  approve: TIMELINE_LABELS.approve,
  reject: TIMELINE_LABELS.reject,
  return: TIMELINE_LABELS.return,
  supplement: TIMELINE_LABELS.supplement,
  withdraw: TIMELINE_LABELS.withdraw,
  cancel: TIMELINE_LABELS.cancel,
  expire: TIMELINE_LABELS.expire,
  supersede: TIMELINE_LABELS.supersede,
  close: TIMELINE_LABELS.close,
  reminder_expiring: '备案即将到期提醒',
  reminder_returned: '补充材料提醒',
  staff_new_filing: '新备案待审核',
  staff_due_tomorrow: '审核明天到期',
  staff_overdue: '审核已超期',
  admin_calendar_missing: '节假日安排未导入',
  identity_moved: '实名认证已转到其他账号',
};
