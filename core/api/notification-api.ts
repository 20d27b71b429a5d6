import * as z from 'zod/mini';
import { identifier } from '../validation/fields';
import type { ListPage } from './filing-api';
import type { MessageKind, SubscriptionKind } from '../notification/template-config';

const cursor = z.optional(identifier('翻页位置', 512));
const limit = z.optional(z.number('每页条数应为数字').check(z.int('每页条数应为整数'), z.minimum(1, '每页至少1条'), z.maximum(50, '每页最多50条')));

/** What `wx.requestSubscribeMessage` resolved with: templateId → accept/reject/ban/filter, plus errMsg. */
const SubscribeResult = z.record(
  z.string().check(z.maxLength(128, '模板编号不正确')),
  z.string('订阅结果不正确').check(z.maxLength(64, '订阅结果不正确')),
).check(z.refine((r: Record<string, string>) => Object.keys(r).length <= 20, '订阅结果不正确'));

export const NotificationActions = {
  templates: z.object({}),
  subscribe: z.object({ result: SubscribeResult }),
  inbox: z.object({ cursor, limit }),
  unreadCount: z.object({}),
  markRead: z.object({ ids: z.optional(z.array(identifier('消息编号', 256)).check(z.maxLength(100, '一次最多100条'))), all: z.optional(z.boolean()) }),
  deadLetters: z.object({ cursor, limit }),
  retryDeadLetter: z.object({ id: identifier('消息编号', 256) }),
};

export interface TemplateInfo {
  key: string;
  templateId: string;
  title: string;
  /** Applicant templates are asked for when submitting; staff ones on the staff pages. */
  audience: 'applicant' | 'staff';
  /** One-time and long-term templates are never asked for in the same dialog (WeChat refuses). */
  subscription: SubscriptionKind;
  /** Long-term templates: whether the caller's consent stands (asked for again only when not). */
  subscribed?: boolean;
}

/** One-time templates: acceptances left to use; long-term templates: whether the consent stands. */
export interface SubscribeAnswer {
  credits: Record<string, number>;
  longTerm: Record<string, boolean>;
}

export interface InboxItem {
  id: string;
  kind: MessageKind;
  title: string;
  body: string;
  /** Page to open, e.g. the filing's detail. */
  page: string;
  filingId?: string;
  createdAt: string;
  read: boolean;
}

export type DeliveryState = 'pending' | 'sent' | 'refused' | 'invalid' | 'dead';

export interface DeadLetterView {
  id: string;
  touserMasked: string;
  templateKey: string;
  kind: MessageKind;
  attempts: number;
  lastError?: { errcode: number; errmsg: string };
  createdAt: string;
  state: DeliveryState;
}

export interface NotificationApi {
  templates: { input: z.input<typeof NotificationActions.templates>; output: { templates: TemplateInfo[] } };
  subscribe: { input: z.input<typeof NotificationActions.subscribe>; output: SubscribeAnswer };
  inbox: { input: z.input<typeof NotificationActions.inbox>; output: ListPage<InboxItem> };
  unreadCount: { input: z.input<typeof NotificationActions.unreadCount>; output: { unread: number } };
  markRead: { input: z.input<typeof NotificationActions.markRead>; output: { marked: number } };
  deadLetters: { input: z.input<typeof NotificationActions.deadLetters>; output: ListPage<DeadLetterView> };
  retryDeadLetter: { input: z.input<typeof NotificationActions.retryDeadLetter>; output: DeadLetterView };
}
