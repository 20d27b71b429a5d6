import { createHarness, STORE_KINDS, SUZHOU, type Harness } from './harness';
import { runScheduledPass } from '../../server/notification/scheduled-pass';
import { runReminders } from '../../server/notification/reminders';
import { DEFAULT_NOTIFICATION_CONFIG } from '../../core/notification/template-config';
import type { InboxItem } from '../../core/api/notification-api';
import type { ListPage } from '../../core/api/filing-api';
import { itServedEveryQueryFromADeclaredIndex } from '../support/index-coverage';

let h: Harness;
afterEach(() => h.close());

const kinds = async (openid: string) => {
  const answer = await h.call<ListPage<InboxItem>>('notification', openid, { action: 'inbox', limit: 50 });
  if (!answer.ok) throw new Error(answer.error.code);
  return answer.data.items.map((m) => m.kind);
};
const count = (list: string[], kind: string) => list.filter((k) => k === kind).length;

describe.each(STORE_KINDS)('on the %s store', (store) => {
  beforeEach(async () => {
    h = await createHarness(undefined, store);
  });

  describe('scheduled reminders: each sent once, whatever the timer does', () => {
    it('a temporary filing is reminded once, 30 days before it ends (the policy\'s renewal horizon), offering 续期', async () => {
      const id = await h.submit('r1', 1, { type: 'other_temporary', startDate: '2026-06-01', endDate: '2026-11-30', residenceAddress: undefined });
      await h.decide(id, 'approve');
      await h.call('notification', 'r1', { action: 'subscribe', result: { [DEFAULT_NOTIFICATION_CONFIG.templates.filingReminder!.templateId]: 'accept' } });
      h.clock.set('2026-10-30T01:00:00Z');
      await runScheduledPass(h.runtime);
      expect(count(await kinds('r1'), 'reminder_expiring')).toBe(0);
      h.clock.set('2026-10-31T01:00:00Z');
      await Promise.all([runScheduledPass(h.runtime), runScheduledPass(h.runtime)]);
      h.clock.set('2026-11-01T01:00:00Z');
      await runScheduledPass(h.runtime);
      expect(count(await kinds('r1'), 'reminder_expiring')).toBe(1);
      const inbox = await h.call<ListPage<InboxItem>>('notification', 'r1', { action: 'inbox', limit: 50 });
      const reminder = inbox.ok ? inbox.data.items.find((m) => m.kind === 'reminder_expiring') : undefined;
      expect(reminder?.title).toBe('备案即将到期，可一键续期');
      expect(reminder?.body).toContain('将于2026年11月30日到期');
      expect(reminder?.body).toContain('新备案从2026年12月1日开始接续');
      const sent = h.ctx.sink!.sent().filter((m) => m.touser === 'r1');
      expect(sent).toHaveLength(1);
      expect(sent[0]!.data.date3!.value).toBe('2026年11月30日');
      expect(sent[0]!.data.thing4!.value).toBe('可在备案详情中一键续期');
    });

    it('a filing already renewed is not reminded', async () => {
      const id = await h.submit('r4', 4, { type: 'other_temporary', startDate: '2026-06-01', endDate: '2026-11-30', residenceAddress: undefined });
      await h.decide(id, 'approve');
      h.clock.set('2026-11-02T01:00:00Z');
      const renewed = await h.call<{ id: string; startDate: string }>('filing', 'r4', { action: 'renew', id, idempotencyKey: 'renew-r4' });
      expect(renewed.ok && renewed.data.startDate).toBe('2026-12-01');
      await runScheduledPass(h.runtime);
      expect(count(await kinds('r4'), 'reminder_expiring')).toBe(0);
      // The renewal is announced as one, with the day it takes over.
      const inbox = await h.call<ListPage<InboxItem>>('notification', 'r4', { action: 'inbox', limit: 50 });
      const told = inbox.ok ? inbox.data.items.find((m) => m.title === '续期申请已提交') : undefined;
      expect(told?.body).toContain('新备案从2026年12月1日开始接续');
    });

    it('pages through the candidates: more than one page of them are all reminded once', async () => {
      for (const n of [11, 12, 13]) {
        const id = await h.submit(`r${n}`, n, { type: 'other_temporary', startDate: '2026-06-01', endDate: '2026-06-30', residenceAddress: undefined });
        await h.decide(id, 'approve');
      }
      h.clock.set('2026-06-24T01:00:00Z');
      expect((await runReminders(h.ctx, 1)).created).toBe(3);
      expect((await runReminders(h.ctx, 2)).created).toBe(0);
      for (const n of [11, 12, 13]) expect(count(await kinds(`r${n}`), 'reminder_expiring')).toBe(1);
    });

    it('a returned filing not supplemented is reminded once after 3 days; a supplemented one is not', async () => {
      const a = await h.submit('r2', 2);
      await h.decide(a, 'return', '请补充居住证正反面照片');
      const b = await h.submit('r3', 3);
      await h.decide(b, 'return', '请补充居住证');
      expect((await h.call('filing', 'r3', { action: 'supplement', id: b, proof: { kind: 'commitment', accepted: true } })).ok).toBe(true);
      h.clock.advanceDays(2);
      await runReminders(h.ctx);
      expect(count(await kinds('r2'), 'reminder_returned')).toBe(0);
      h.clock.advanceDays(2);
      await runReminders(h.ctx);
      await runReminders(h.ctx);
      h.clock.advanceDays(1);
      await runReminders(h.ctx);
      expect(count(await kinds('r2'), 'reminder_returned')).toBe(1);
      expect(count(await kinds('r3'), 'reminder_returned')).toBe(0);
    });

    it('staff get one digest a day of filings due tomorrow and of overdue ones', async () => {
      await h.submit('r4', 4); // deadline 2026-06-03 (2 working days in Jiangsu)
      h.clock.set('2026-06-02T01:00:00Z');
      await runReminders(h.ctx);
      await runReminders(h.ctx);
      expect(count(await kinds(SUZHOU), 'staff_due_tomorrow')).toBe(1);
      expect(count(await kinds('demo-staff-beijing'), 'staff_due_tomorrow')).toBe(0);
      h.clock.set('2026-06-04T01:00:00Z');
      await runReminders(h.ctx);
      h.clock.set('2026-06-05T01:00:00Z');
      await runReminders(h.ctx);
      await runReminders(h.ctx);
      expect(count(await kinds(SUZHOU), 'staff_overdue')).toBe(2);
    });
  });
});

itServedEveryQueryFromADeclaredIndex();
