import { WriteConflict } from '../store/document-store';
import { Collections } from '../filing/filing-records';
import type { NotificationContext } from './notification-context';
import type { DeliveryRecord } from './notification-records';
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
    return next;
  } catch (error) {
    if (!(error instanceof WriteConflict)) throw error;
    // Another sender took it over after our lease ran out: its record wins.
    runtime.log.warn('notification.send_conflict', { deliveryId: d.id });
    return (await store.get<DeliveryRecord>(Collections.deliveries, d.id)) ?? next;
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
