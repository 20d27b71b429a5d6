import { fail, ok, type Result } from '../../core/errors/result';
import type { ListPage } from '../../core/api/filing-api';
import type { DeadLetterView, InboxItem, TemplateInfo } from '../../core/api/notification-api';
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

  /** Templates of this deployment; `staff` ones are asked for on the staff pages. */
  function templates(): TemplateInfo[] {
    const staffOnly = new Set<string>();
    const applicant = new Set<string>();
    for (const [kind, key] of Object.entries(config.routes)) {
      if (!key) continue;
      (STAFF_KINDS.has(kind) ? staffOnly : applicant).add(key);
    }
    return Object.entries(config.templates).map(([key, t]) => ({
      key, templateId: t.templateId, title: t.title, audience: applicant.has(key) || !staffOnly.has(key) ? 'applicant' : 'staff',
    }));
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
    templates: (): Result<{ templates: TemplateInfo[] }> => ok({ templates: templates() }),

    /** One credit per accepted template: WeChat allows one message per acceptance. */
    async subscribe(openid: string | undefined, result: Record<string, string>): Promise<Result<{ credits: Record<string, number> }>> {
      if (!openid) return fail('AUTH.NO_IDENTITY');
      const at = runtime.clock.now().toISOString();
      const known = new Set(Object.values(config.templates).map((t) => t.templateId));
      const credits: Record<string, number> = {};
      for (const [templateId, answer] of Object.entries(result)) {
        if (answer !== 'accept' || !known.has(templateId)) continue;
        credits[templateId] = await addCredit(openid, templateId, at);
      }
      for (const templateId of known) {
        if (credits[templateId] !== undefined) continue;
        credits[templateId] = (await store.get<SendCreditRecord>(Collections.sendCredits, creditId(openid, templateId)))?.remaining ?? 0;
      }
      return ok({ credits });
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
