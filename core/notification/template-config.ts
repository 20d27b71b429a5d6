import * as z from 'zod/mini';
import type { FilingEventType } from '../filing/status-machine';
import { FIELD_KINDS, type FieldKind } from './field-kind';

/** What a message is about: a status change, or one of the scheduled reminders. */
export type ReminderKind = 'reminder_expiring' | 'reminder_returned' | 'staff_new_filing' | 'staff_due_tomorrow' | 'staff_overdue' | 'admin_calendar_missing';
/** Notices about the account itself, in the inbox only (e.g. a verified identity moved to another account). */
export type AccountNoticeKind = 'identity_moved';
export type MessageKind = FilingEventType | ReminderKind | AccountNoticeKind;

/** The values a message offers to template fields; a template picks the ones it shows. */
export const MESSAGE_VARIABLES = [
  'filingType', 'status', 'result', 'note', 'time', 'date', 'filingNo', 'applicantName', 'region', 'task', 'count',
] as const;
export type MessageVariable = (typeof MESSAGE_VARIABLES)[number];
export type MessageVariables = Partial<Record<MessageVariable, string>>;

export interface TemplateField {
  kind: FieldKind;
  from: MessageVariable;
}

/**
 * `once` (一次性订阅): each acceptance allows one message. `long-term` (长期订阅): one acceptance
 * allows many, until the user turns it off; WeChat offers these templates only to accounts in
 * public-service categories such as 政务民生, and never in the same dialog as one-time ones.
 */
export type SubscriptionKind = 'once' | 'long-term';

export interface TemplateConfig {
  /** The template ID given by the WeChat public platform (mp.weixin.qq.com → 订阅消息). */
  templateId: string;
  /** Absent: `once`. */
  subscription?: SubscriptionKind;
  /** What the user sees in the subscription dialog, for the admin pages and docs. */
  title: string;
  /** WeChat field key (thing1, phrase2, …) → which value fills it and its kind. */
  fields: Record<string, TemplateField>;
}

/**
 * The deployment's notification configuration: template IDs and field mapping are data, so a
 * deployment registers its own templates without code changes (NOTIFY_CONFIG).
 */
export interface NotificationConfig {
  templates: Record<string, TemplateConfig>;
  /** Which template (by key of `templates`) carries each kind of message; absent = inbox only. */
  routes: Partial<Record<MessageKind, string>>;
  /** Page opened from the message; `{filingId}` is replaced. */
  pages: { filing: string; staff: string };
  /** A filing ending soon is reminded by its region's policy (`renewal.reminderDays`), not here. */
  reminders: { returnedAfterDays: number };
  delivery: { maxAttempts: number; backoffSeconds: number; leaseSeconds: number; miniprogramState: 'developer' | 'trial' | 'formal' };
}

export const DEFAULT_NOTIFICATION_CONFIG: NotificationConfig = {
  templates: {
    filingResult: {
      templateId: 'local-filing-result',
      title: '备案审核结果通知',
      fields: {
        thing1: { kind: 'thing', from: 'filingType' },
        phrase2: { kind: 'phrase', from: 'result' },
        thing3: { kind: 'thing', from: 'note' },
        time4: { kind: 'time', from: 'time' },
        character_string5: { kind: 'character_string', from: 'filingNo' },
        name6: { kind: 'name', from: 'applicantName' },
      },
    },
    filingReminder: {
      templateId: 'local-filing-reminder',
      title: '备案事项提醒',
      fields: {
        thing1: { kind: 'thing', from: 'filingType' },
        phrase2: { kind: 'phrase', from: 'status' },
        date3: { kind: 'date', from: 'date' },
        thing4: { kind: 'thing', from: 'note' },
      },
    },
    // Long-term: the applicant agrees once to hear how the filing goes (提交、受理、补充).
    filingProgress: {
      templateId: 'local-filing-progress',
      title: '备案办理进度提醒',
      subscription: 'long-term',
      fields: {
        thing1: { kind: 'thing', from: 'filingType' },
        phrase2: { kind: 'phrase', from: 'result' },
        thing3: { kind: 'thing', from: 'note' },
        time4: { kind: 'time', from: 'time' },
      },
    },
    staffTask: {
      templateId: 'local-staff-task',
      title: '待办审核提醒',
      fields: {
        thing1: { kind: 'thing', from: 'task' },
        number2: { kind: 'number', from: 'count' },
        thing3: { kind: 'thing', from: 'region' },
        date4: { kind: 'date', from: 'date' },
      },
    },
  },
  routes: {
    submit: 'filingProgress',
    claim: 'filingProgress',
    release: 'filingProgress',
    supplement: 'filingProgress',
    approve: 'filingResult',
    approveInstantly: 'filingResult',
    reject: 'filingResult',
    return: 'filingResult',
    expire: 'filingResult',
    reminder_expiring: 'filingReminder',
    reminder_returned: 'filingReminder',
    staff_new_filing: 'staffTask',
    staff_due_tomorrow: 'staffTask',
    staff_overdue: 'staffTask',
  },
  pages: { filing: 'pages/filing-detail/index?id={filingId}', staff: 'staff/pages/queue/index' },
  reminders: { returnedAfterDays: 3 },
  delivery: { maxAttempts: 5, backoffSeconds: 30, leaseSeconds: 60, miniprogramState: 'developer' },
};

const positive = (label: string) => z.number(`${label}应为数字`).check(z.int(`${label}应为整数`), z.minimum(0, `${label}不能为负数`));

export function subscriptionOf(template: TemplateConfig): SubscriptionKind {
  return template.subscription ?? 'once';
}

/** Checks a deployment's configuration (from NOTIFY_CONFIG) before anything is sent with it. */
export const NotificationConfigSchema = z.object({
  templates: z.record(z.string(), z.object({
    templateId: z.string('缺少模板编号').check(z.minLength(1, '缺少模板编号')),
    title: z.string('缺少模板标题'),
    subscription: z.optional(z.enum(['once', 'long-term'], '订阅类型应为 once 或 long-term')),
    fields: z.record(z.string().check(z.regex(/^[a-z_]+\d+$/, '字段名应如 thing1')), z.object({
      kind: z.enum(FIELD_KINDS as readonly [FieldKind, ...FieldKind[]], '不支持的字段类型'),
      from: z.enum(MESSAGE_VARIABLES, '不支持的字段内容'),
    })),
  })),
  routes: z.record(z.string(), z.string()),
  pages: z.object({ filing: z.string(), staff: z.string() }),
  reminders: z.object({ returnedAfterDays: positive('补充材料提醒天数') }),
  delivery: z.object({
    maxAttempts: positive('最多发送次数'),
    backoffSeconds: positive('重试间隔'),
    leaseSeconds: positive('发送租期'),
    miniprogramState: z.enum(['developer', 'trial', 'formal']),
  }),
});
