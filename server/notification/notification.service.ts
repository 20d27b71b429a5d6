import { fail, ok, type Result } from '../../core/errors/result';
import type { ListPage } from '../../core/api/filing-api';
import type { DeadLetterView, InboxItem, SubscribeAnswer, TemplateInfo } from '../../core/api/notification-api';
import { subscriptionOf } from '../../core/notification/template-config';
import { WriteConflict } from '../store/document-store';
import { Collections } from '../filing/filing-records';
import { staffOf } from '../filing/staff-directory';
import type { NotificationContext } from './notification-context';
import { creditId, type DeliveryRecord, type InboxRecord, type SendCreditRecord } from './notification-records';
import { claimDelivery, maskOpenid, sendDelivery } from './send-delivery';

const STAFF_KINDS = new Set(['staff_new_filing', 'staff_due_tomorrow', 'staff_overdue', 'admin_calendar_missing']);

function inboxItem(m: InboxRecord): InboxItem {
  const item: InboxItem = { id: m.id, kind: m.kind, title: m.title, body: m.body, page: m.page, createdAt: m.createdAt, read: m.read };
  if (m.filingId) item.filingId = m.filingId;
  return item;
}

function deadLetterView(d: DeliveryRecord): DeadLetterView {
  const view: DeadLetterView = { id: d.id, touserMasked: maskOpenid(d.touser), templateKey: d.templateKey, kind: d.kind, attempts: d.attempts, createdAt: d.createdAt, state: d.state };
  if (d.lastError) view.lastError = d.lastError;
  return view;
}

export function notificationService(ctx: NotificationContext) {
  const { store, config, runtime } = ctx;

  /** Templates of this deployment; `staff` ones are asked for on the staff pages. Long-term ones say whether the caller's consent stands. */
  async function templates(openid: string | undefined): Promise<TemplateInfo[]> {
    const staffOnly = new Set<string>();
    const applicant = new Set<string>();
    for (const [kind, key] of Object.entries(config.routes)) {
      if (!key) continue;
      (STAFF_KINDS.has(kind) ? staffOnly : applicant).add(key);
    }
    return Promise.all(Object.entries(config.templates).map(async ([key, t]) => {
      const info: TemplateInfo = {
        key, templateId: t.templateId, title: t.title, audience: applicant.has(key) || !staffOnly.has(key) ? 'applicant' : 'staff', subscription: subscriptionOf(t),
      };
      if (info.subscription === 'long-term') {
        info.subscribed = openid ? (await store.get<SendCreditRecord>(Collections.sendCredits, creditId(openid, t.templateId)))?.standing === true : false;
      }
      return info;
    }));
  }

  /** A long-term consent given (accept) or withdrawn (reject); versioned like the one-time credits. */
  async function setStanding(openid: string, templateId: string, standing: boolean, at: string): Promise<boolean> {
    const id = creditId(openid, templateId);
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await store.get<SendCreditRecord>(Collections.sendCredits, id);
      if ((current?.standing === true) === standing) return standing;
      try {
        if (current) {
          const next: SendCreditRecord = { ...current, standing, version: current.version + 1, updatedAt: at };
          await store.commit([{ kind: 'update', collection: Collections.sendCredits, doc: next, expectedVersion: current.version }]);
        } else {
          const first: SendCreditRecord = { id, version: 1, openid, templateId, remaining: 0, standing, updatedAt: at };
          await store.commit([{ kind: 'create', collection: Collections.sendCredits, doc: first }]);
        }
        return standing;
      } catch (error) {
        if (!(error instanceof WriteConflict)) throw error;
      }
    }
    throw new Error(`credit ${templateId} stayed contended`);
  }

  async function addCredit(openid: string, templateId: string, at: string): Promise<number> {
    const id = creditId(openid, templateId);
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await store.get<SendCreditRecord>(Collections.sendCredits, id);
      try {
        if (current) {
          const next = { ...current, remaining: current.remaining + 1, version: current.version + 1, updatedAt: at };
          await store.commit([{ kind: 'update', collection: Collections.sendCredits, doc: next, expectedVersion: current.version }]);
          return next.remaining;
        }
        const first: SendCreditRecord = { id, version: 1, openid, templateId, remaining: 1, updatedAt: at };
        await store.commit([{ kind: 'create', collection: Collections.sendCredits, doc: first }]);
        return 1;
      } catch (error) {
        if (!(error instanceof WriteConflict)) throw error;
      }
    }
    throw new Error(`credit ${templateId} stayed contended`);
  }

  async function requireAdmin(openid: string | undefined): Promise<Result<true>> {
    const staff = await staffOf(ctx.filing, openid);
    if (!staff.ok) return staff;
    return staff.data.role === 'admin' ? ok(true) : fail('AUTH.FORBIDDEN');
  }

  return {
    templates: async (openid?: string): Promise<Result<{ templates: TemplateInfo[] }>> => ok({ templates: await templates(openid) }),

    /**
     * One-time templates: one credit per acceptance (WeChat allows one message per acceptance).
     * Long-term templates: an acceptance makes the consent stand, a refusal withdraws it.
     */
    async subscribe(openid: string | undefined, result: Record<string, string>): Promise<Result<SubscribeAnswer>> {
      if (!openid) return fail('AUTH.NO_IDENTITY');
      const at = runtime.clock.now().toISOString();
      const once = new Set<string>();
      const longTermIds = new Set<string>();
      for (const t of Object.values(config.templates)) (subscriptionOf(t) === 'long-term' ? longTermIds : once).add(t.templateId);
      const credits: Record<string, number> = {};
      const longTerm: Record<string, boolean> = {};
      for (const [templateId, answer] of Object.entries(result)) {
        if (once.has(templateId) && answer === 'accept') credits[templateId] = await addCredit(openid, templateId, at);
        if (longTermIds.has(templateId) && (answer === 'accept' || answer === 'reject')) longTerm[templateId] = await setStanding(openid, templateId, answer === 'accept', at);
      }
      const stored = (templateId: string) => store.get<SendCreditRecord>(Collections.sendCredits, creditId(openid, templateId));
      for (const templateId of once) credits[templateId] ??= (await stored(templateId))?.remaining ?? 0;
      for (const templateId of longTermIds) longTerm[templateId] ??= (await stored(templateId))?.standing === true;
      return ok({ credits, longTerm });
    },

    async inbox(openid: string | undefined, cursor: string | undefined, limit = 20): Promise<Result<ListPage<InboxItem>>> {
      if (!openid) return fail('AUTH.NO_IDENTITY');
      const page = await store.inbox(openid, cursor, limit);
      const items = page.items.map(inboxItem);
      return ok(page.nextCursor ? { items, nextCursor: page.nextCursor } : { items });
    },

    async unreadCount(openid: string | undefined): Promise<Result<{ unread: number }>> {
      if (!openid) return fail('AUTH.NO_IDENTITY');
      return ok({ unread: await store.unreadCount(openid) });
    },

    async markRead(openid: string | undefined, ids: readonly string[] | undefined, all: boolean): Promise<Result<{ marked: number }>> {
      if (!openid) return fail('AUTH.NO_IDENTITY');
      const targets = all ? await store.unreadIds(openid, 1000) : [...new Set(ids ?? [])];
      const readAt = runtime.clock.now().toISOString();
      let marked = 0;
      let foreign = 0;
      for (const id of targets) {
        const m = await store.get<InboxRecord>(Collections.inbox, id);
        // Someone else's message answers as missing: IDs reveal nothing.
        if (!m || m.recipientOpenid !== openid) { foreign += 1; continue; }
        if (m.read) continue;
        try {
          const read: InboxRecord = { ...m, read: true, readAt, version: m.version + 1 };
          await store.commit([{ kind: 'update', collection: Collections.inbox, doc: read, expectedVersion: m.version }]);
          marked += 1;
        } catch (error) {
          if (!(error instanceof WriteConflict)) throw error;
        }
      }
      if (!all && targets.length > 0 && foreign === targets.length) return fail('NOTIFICATION.NOT_FOUND');
      return ok({ marked });
    },

    async deadLetters(openid: string | undefined, cursor: string | undefined, limit = 20): Promise<Result<ListPage<DeadLetterView>>> {
      const admin = await requireAdmin(openid);
      if (!admin.ok) return admin;
      const page = await store.deliveries('dead', cursor, limit);
      const items = page.items.map(deadLetterView);
      return ok(page.nextCursor ? { items, nextCursor: page.nextCursor } : { items });
    },

    /** Puts a dead letter back in the queue and tries it at once; the credit it spent stays spent. */
    async retryDeadLetter(openid: string | undefined, id: string): Promise<Result<DeadLetterView>> {
      const admin = await requireAdmin(openid);
      if (!admin.ok) return admin;
      const dead = await store.get<DeliveryRecord>(Collections.deliveries, id);
      if (!dead || dead.state !== 'dead') return fail('NOTIFICATION.NOT_FOUND');
      const held = await claimDelivery(ctx, { ...dead, attempts: 0 });
      if (!held) return fail('NOTIFICATION.NOT_FOUND');
      runtime.log.info('notification.dead_letter_retried', { deliveryId: id, by: openid });
      return ok(deadLetterView(await sendDelivery(ctx, held)));
    },
  };
}
