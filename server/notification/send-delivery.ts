import { WriteConflict } from '../store/document-store';
import { Collections } from '../filing/filing-records';
import type { NotificationContext } from './notification-context';
import { creditId, type DeliveryRecord, type SendCreditRecord } from './notification-records';
import { subscriptionOf } from '../../core/notification/template-config';
import type { SendOutcome } from './message-sender.port';
import { afterSend } from './delivery-outcome';

export function maskOpenid(openid: string): string {
  return openid.length <= 8 ? `${openid.slice(0, 2)}***` : `${openid.slice(0, 4)}***${openid.slice(-4)}`;
}

/** Sends one delivery this dispatcher holds, then records the result against the version it read. */
export async function sendDelivery(ctx: NotificationContext, d: DeliveryRecord): Promise<DeliveryRecord> {
  const { runtime, sender, config, store } = ctx;
  let outcome: SendOutcome;
  try {
    outcome = await sender.send({ deliveryId: d.id, touser: d.touser, templateId: d.templateId, page: d.page, data: d.data, miniprogramState: config.delivery.miniprogramState });
  } catch (cause) {
    outcome = { ok: false, errcode: -1, errmsg: cause instanceof Error ? cause.message : String(cause) };
  }
  const next = afterSend(d, outcome, runtime.clock.now(), config.delivery);
  const fields = { deliveryId: d.id, touser: maskOpenid(d.touser), templateKey: d.templateKey, attempts: next.attempts, state: next.state, errcode: next.lastError?.errcode };
  if (next.state === 'invalid') runtime.log.error('notification.send_invalid', fields);
  else if (next.state === 'dead') runtime.log.warn('notification.dead_letter', fields);
  else if (next.state !== 'sent') runtime.log.info('notification.send_failed', fields);
  try {
    await store.commit([{ kind: 'update', collection: Collections.deliveries, doc: next, expectedVersion: d.version }]);
    if (next.state === 'refused') await endLongTermConsent(ctx, d);
    return next;
  } catch (error) {
    if (!(error instanceof WriteConflict)) throw error;
    // Another sender took it over after our lease ran out: its record wins.
    runtime.log.warn('notification.send_conflict', { deliveryId: d.id });
    return (await store.get<DeliveryRecord>(Collections.deliveries, d.id)) ?? next;
  }
}

/**
 * WeChat answers 43101 to a long-term template once the user has turned it off (小程序设置 →
 * 订阅消息): the consent no longer stands, so nothing more is tried until they accept again.
 */
async function endLongTermConsent(ctx: NotificationContext, d: DeliveryRecord): Promise<void> {
  const template = ctx.config.templates[d.templateKey];
  if (!template || subscriptionOf(template) !== 'long-term') return;
  const id = creditId(d.touser, d.templateId);
  for (let attempt = 0; attempt < 3; attempt++) {
    const credit = await ctx.store.get<SendCreditRecord>(Collections.sendCredits, id);
    if (!credit || credit.standing !== true) return;
    try {
      const ended: SendCreditRecord = { ...credit, standing: false, version: credit.version + 1, updatedAt: ctx.runtime.clock.now().toISOString() };
      await ctx.store.commit([{ kind: 'update', collection: Collections.sendCredits, doc: ended, expectedVersion: credit.version }]);
      ctx.runtime.log.info('notification.long_term_consent_ended', { touser: maskOpenid(d.touser), templateKey: d.templateKey });
      return;
    } catch (error) {
      if (!(error instanceof WriteConflict)) throw error;
    }
  }
}

/** Takes a pending delivery (its lease moves forward by a versioned update), or undefined if another sender has it. */
export async function claimDelivery(ctx: NotificationContext, d: DeliveryRecord): Promise<DeliveryRecord | undefined> {
  const lease = new Date(ctx.runtime.clock.now().getTime() + ctx.config.delivery.leaseSeconds * 1000).toISOString();
  const claimed: DeliveryRecord = { ...d, state: 'pending', version: d.version + 1, nextAttemptAt: lease };
  try {
    await ctx.store.commit([{ kind: 'update', collection: Collections.deliveries, doc: claimed, expectedVersion: d.version }]);
    return claimed;
  } catch (error) {
    if (error instanceof WriteConflict) return undefined;
    throw error;
  }
}
