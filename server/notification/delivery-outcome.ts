import type { NotificationConfig } from '../../core/notification/template-config';
import type { SendOutcome } from './message-sender.port';
import type { DeliveryRecord } from './notification-records';

/** 43101: the user refused (no subscription left). Final: recorded, never retried. */
export const USER_REFUSED = 43101;
/**
 * Final because a retry cannot help: 47003 template data invalid, 40003 bad openid,
 * 40037 bad template ID, 41030 bad page. Logged as errors: the configuration needs a fix.
 */
export const INVALID_REQUEST: readonly number[] = [47003, 40003, 40037, 41030];

/** The delivery after one send: sent, refused, invalid, or pending again with backoff, or dead. */
export function afterSend(d: DeliveryRecord, outcome: SendOutcome, now: Date, delivery: NotificationConfig['delivery']): DeliveryRecord {
  const attempts = d.attempts + 1;
  if (outcome.ok) {
    const sent: DeliveryRecord = { ...d, version: d.version + 1, attempts, state: 'sent', sentAt: now.toISOString() };
    delete sent.lastError;
    return sent;
  }
  const lastError = { errcode: outcome.errcode, errmsg: outcome.errmsg.slice(0, 200) };
  const base = { ...d, version: d.version + 1, attempts, lastError };
  if (outcome.errcode === USER_REFUSED) return { ...base, state: 'refused' };
  if (INVALID_REQUEST.includes(outcome.errcode)) return { ...base, state: 'invalid' };
  if (attempts >= delivery.maxAttempts) return { ...base, state: 'dead' };
  // Exponential backoff: 30 s, 1 min, 2 min, 4 min… with the default base.
  const wait = delivery.backoffSeconds * 1000 * 2 ** (attempts - 1);
  return { ...base, state: 'pending', nextAttemptAt: new Date(now.getTime() + wait).toISOString() };
}
