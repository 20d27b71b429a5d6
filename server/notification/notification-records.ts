import type { DeliveryState } from '../../core/api/notification-api';
import type { MessageKind } from '../../core/notification/template-config';

/**
 * One in-app message. Its ID derives from what caused it (the outbox row, or the reminder's
 * deterministic key), so creating it twice fails: each message exists exactly once.
 */
export interface InboxRecord {
  id: string;
  version: number;
  recipientOpenid: string;
  audience: 'applicant' | 'staff';
  kind: MessageKind;
  title: string;
  body: string;
  page: string;
  filingId?: string;
  /** The outbox row or reminder key that produced it. */
  sourceId: string;
  createdAt: string;
  read: boolean;
  readAt?: string;
}

/**
 * One user's consent to one template. One-time templates: `remaining` unused acceptances, each
 * allows exactly one subscribe message. Long-term templates: `standing` while the user keeps it
 * on (one acceptance, many messages); a refusal from WeChat (43101) or a later 拒绝 ends it.
 */
export interface SendCreditRecord {
  id: string;
  version: number;
  openid: string;
  templateId: string;
  remaining: number;
  standing?: boolean;
  updatedAt: string;
}

export interface SendError {
  errcode: number;
  errmsg: string;
}

/**
 * One subscribe message to send, created in the batch that consumed its credit. `nextAttemptAt`
 * (UTC ISO) is both the backoff and the lease of the sender that holds it.
 */
export interface DeliveryRecord {
  id: string;
  version: number;
  messageId: string;
  kind: MessageKind;
  touser: string;
  templateKey: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: string;
  createdAt: string;
  lastError?: SendError;
  sentAt?: string;
}

export function creditId(openid: string, templateId: string): string {
  return `${openid}:${templateId}`;
}
