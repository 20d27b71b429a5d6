import type { WriteOp } from '../store/document-store';
import { subscriptionOf } from '../../core/notification/template-config';
import { Collections } from '../filing/filing-records';
import type { NotificationContext } from './notification-context';
import type { ComposedMessage } from './composed-message';
import { creditId, type DeliveryRecord, type InboxRecord, type SendCreditRecord } from './notification-records';
import { subscribePayload } from './subscribe-payload';

export interface MessageWrites {
  ops: WriteOp[];
  /** Subscribe messages created by these writes, to send once they are committed. */
  deliveries: DeliveryRecord[];
}

function inboxRecordOf(m: ComposedMessage): InboxRecord {
  const record: InboxRecord = {
    id: m.id, version: 1, recipientOpenid: m.recipientOpenid, audience: m.audience, kind: m.kind,
    title: m.title, body: m.body, page: m.page, sourceId: m.sourceId, createdAt: m.createdAt, read: false,
  };
  if (m.filingId) record.filingId = m.filingId;
  return record;
}

/**
 * The writes that deliver messages: each inbox record, and for a recipient holding an unused
 * acceptance of the message's template, the credit taken (versioned, so two dispatchers cannot
 * spend one acceptance twice) and the subscribe message to send. The credit is spent in the
 * commit BEFORE the send: a crash can then lose nothing and send twice only between send and record.
 * A long-term template spends nothing: while the recipient's consent stands, every message goes.
 */
export async function messageWrites(ctx: NotificationContext, messages: readonly ComposedMessage[]): Promise<MessageWrites> {
  const { config, store, runtime } = ctx;
  const ops: WriteOp[] = [];
  const deliveries: DeliveryRecord[] = [];
  const credits = new Map<string, { before: SendCreditRecord; after: SendCreditRecord }>();
  const now = runtime.clock.now();
  const lease = new Date(now.getTime() + config.delivery.leaseSeconds * 1000).toISOString();
  for (const m of messages) {
    ops.push({ kind: 'create', collection: Collections.inbox, doc: inboxRecordOf(m) });
    const templateKey = config.routes[m.kind];
    const template = templateKey ? config.templates[templateKey] : undefined;
    if (!templateKey || !template) continue;
    const id = creditId(m.recipientOpenid, template.templateId);
    let credit = credits.get(id);
    if (!credit) {
      const stored = await store.get<SendCreditRecord>(Collections.sendCredits, id);
      if (!stored) continue;
      credit = { before: stored, after: stored };
    }
    const longTerm = subscriptionOf(template) === 'long-term';
    if (longTerm ? credit.after.standing !== true : credit.after.remaining <= 0) continue;
    const payload = subscribePayload(template, m.variables);
    if (!payload.ok) {
      // A field with nothing to show: WeChat would refuse (47003); keep the credit, log the gap.
      runtime.log.error('notification.template_unfilled', { messageId: m.id, templateKey, fields: payload.missing });
      continue;
    }
    if (!longTerm) credit.after = { ...credit.after, remaining: credit.after.remaining - 1, version: credit.after.version + 1, updatedAt: now.toISOString() };
    credits.set(id, credit);
    deliveries.push({
      id: m.id, version: 1, messageId: m.id, kind: m.kind, touser: m.recipientOpenid, templateKey, templateId: template.templateId,
      page: m.page, data: payload.data, state: 'pending', attempts: 0, nextAttemptAt: lease, createdAt: now.toISOString(),
    });
  }
  for (const { before, after } of credits.values()) {
    if (after !== before) ops.push({ kind: 'update', collection: Collections.sendCredits, doc: after, expectedVersion: before.version });
  }
  for (const d of deliveries) ops.push({ kind: 'create', collection: Collections.deliveries, doc: d });
  return { ops, deliveries };
}
