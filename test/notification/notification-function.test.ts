import { createHarness, STORE_KINDS, type Harness } from './harness';
import { dispatchPending } from '../../server/notification/dispatcher';
import { DEFAULT_NOTIFICATION_CONFIG } from '../../core/notification/template-config';
import type { InboxItem, TemplateInfo } from '../../core/api/notification-api';
import type { ListPage } from '../../core/api/filing-api';
import { itServedEveryQueryFromADeclaredIndex } from '../support/index-coverage';

let h: Harness;

describe.each(STORE_KINDS)('on the %s store', (store) => {
  beforeAll(async () => {
    h = await createHarness(undefined, store);
  });
  afterAll(() => h.close());

  describe('notification function', () => {
    it('templates: the IDs of this deployment, so no page hard-codes them', async () => {
      const answer = await h.call<{ templates: TemplateInfo[] }>('notification', 'r1', { action: 'templates' });
      expect(answer.ok && answer.data.templates.map((t) => [t.key, t.templateId, t.audience, t.subscription])).toEqual([
        ['filingResult', 'local-filing-result', 'applicant', 'once'],
        ['filingReminder', 'local-filing-reminder', 'applicant', 'once'],
        ['filingProgress', 'local-filing-progress', 'applicant', 'long-term'],
        ['staffTask', 'local-staff-task', 'staff', 'once'],
      ]);
      expect(answer.ok && answer.data.templates.find((t) => t.key === 'filingProgress')!.subscribed).toBe(false);
    });

    it('subscribe: one credit per accepted template; refusals and unknown templates give none', async () => {
      const result = { 'local-filing-result': 'accept', 'local-filing-reminder': 'reject', 'not-ours': 'accept', errMsg: 'requestSubscribeMessage:ok' };
      await h.call('notification', 'r1', { action: 'subscribe', result });
      const answer = await h.call('notification', 'r1', { action: 'subscribe', result });
      expect(answer).toEqual({ ok: true, data: { credits: { 'local-filing-result': 2, 'local-filing-reminder': 0, 'local-staff-task': 0 }, longTerm: { 'local-filing-progress': false } } });
      expect(await h.call('notification', undefined, { action: 'subscribe', result })).toMatchObject({ ok: false, error: { code: 'AUTH.NO_IDENTITY' } });
    });

    it('subscribe: a long-term template stands after one acceptance, however often it is accepted, until refused', async () => {
      const progress = (answer: string) => h.call('notification', 'r3', { action: 'subscribe', result: { 'local-filing-progress': answer } });
      expect(await progress('accept')).toMatchObject({ ok: true, data: { longTerm: { 'local-filing-progress': true } } });
      expect(await progress('accept')).toMatchObject({ ok: true, data: { longTerm: { 'local-filing-progress': true }, credits: { 'local-filing-result': 0 } } });
      const templates = await h.call<{ templates: TemplateInfo[] }>('notification', 'r3', { action: 'templates' });
      expect(templates.ok && templates.data.templates.find((t) => t.key === 'filingProgress')!.subscribed).toBe(true);
      // 'ban' (WeChat's own block) changes nothing; 拒绝 withdraws the consent.
      expect(await progress('ban')).toMatchObject({ ok: true, data: { longTerm: { 'local-filing-progress': true } } });
      expect(await progress('reject')).toMatchObject({ ok: true, data: { longTerm: { 'local-filing-progress': false } } });
    });

    it('inbox pages without gaps or repeats; unreadCount and markRead', async () => {
      for (let n = 0; n < 4; n++) {
        const id = await h.submit('r2', 10 + n, { treatmentRegion: ['440300', '110000', '310000', '500000'][n] });
        await h.decide(id, 'approve');
        h.clock.advanceDays(1);
      }
      await dispatchPending(h.ctx);
      const seen: InboxItem[] = [];
      let cursor: string | undefined;
      do {
        const page = await h.call<ListPage<InboxItem>>('notification', 'r2', { action: 'inbox', limit: 5, ...(cursor ? { cursor } : {}) });
        if (!page.ok) throw new Error(page.error.code);
        seen.push(...page.data.items);
        cursor = page.data.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(12);
      expect(new Set(seen.map((m) => m.id)).size).toBe(12);
      expect(seen.map((m) => m.createdAt)).toEqual([...seen.map((m) => m.createdAt)].sort().reverse());
      expect(await h.call('notification', 'r2', { action: 'unreadCount' })).toEqual({ ok: true, data: { unread: 12 } });
      expect(await h.call('notification', 'r2', { action: 'markRead', ids: [seen[0]!.id, seen[1]!.id] })).toEqual({ ok: true, data: { marked: 2 } });
      expect(await h.call('notification', 'r2', { action: 'unreadCount' })).toEqual({ ok: true, data: { unread: 10 } });
      expect(await h.call('notification', 'r9', { action: 'markRead', ids: [seen[2]!.id] })).toMatchObject({ ok: false, error: { code: 'NOTIFICATION.NOT_FOUND' } });
      expect(await h.call('notification', 'r2', { action: 'markRead', all: true })).toEqual({ ok: true, data: { marked: 10 } });
      expect(await h.call('notification', 'r2', { action: 'unreadCount' })).toEqual({ ok: true, data: { unread: 0 } });
    });

    it('the scheduler runs a pass for the timer (no identity) and for admins only', async () => {
      expect(await h.call('scheduler', undefined, { Type: 'Timer', TriggerName: 'every-5-minutes', Time: '2026-06-01T00:00:00Z' })).toMatchObject({ ok: true, data: { expired: 0 } });
      expect(await h.call('scheduler', undefined, { action: 'tick' })).toMatchObject({ ok: true });
      expect(await h.call('scheduler', 'r1', { action: 'tick' })).toMatchObject({ ok: false, error: { code: 'AUTH.NOT_STAFF' } });
      expect(await h.call('scheduler', 'demo-staff-suzhou', { action: 'tick' })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
      expect(await h.call('scheduler', 'demo-admin', { action: 'tick' })).toMatchObject({ ok: true });
      expect(DEFAULT_NOTIFICATION_CONFIG.routes.approve).toBe('filingResult');
    });
  });
});

itServedEveryQueryFromADeclaredIndex();
