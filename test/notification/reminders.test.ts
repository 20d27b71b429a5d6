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
    it('a temporary filing ending within 7 days is reminded once, with one subscribe message', async () => {
      const id = await h.submit('r1', 1, { type: 'other_temporary', startDate: '2026-06-01', endDate: '2026-06-30', residenceAddress: undefined });
      await h.decide(id, 'approve');
      await h.call('notification', 'r1', { action: 'subscribe', result: { [DEFAULT_NOTIFICATION_CONFIG.templates.filingReminder!.templateId]: 'accept' } });
      h.clock.set('2026-06-20T01:00:00Z');
      await runScheduledPass(h.runtime);
      expect(count(await kinds('r1'), 'reminder_expiring')).toBe(0);
      h.clock.set('2026-06-24T01:00:00Z');
      await Promise.all([runScheduledPass(h.runtime), runScheduledPass(h.runtime)]);
      h.clock.set('2026-06-25T01:00:00Z');
      await runScheduledPass(h.runtime);
      expect(count(await kinds('r1'), 'reminder_expiring')).toBe(1);
      const sent = h.ctx.sink!.sent().filter((m) => m.touser === 'r1');
      expect(sent).toHaveLength(1);
      expect(sent[0]!.data.date3!.value).toBe('2026年6月30日');
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
