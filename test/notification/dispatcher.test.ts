import { createHarness, STORE_KINDS, SUZHOU, type Harness } from './harness';
import { dispatchPending, sendDueDeliveries } from '../../server/notification/dispatcher';
import { runScheduledPass } from '../../server/notification/scheduled-pass';
import { isValidFieldValue } from '../../core/notification/field-kind';
import { DEFAULT_NOTIFICATION_CONFIG } from '../../core/notification/template-config';
import { Collections, type OutboxRecord } from '../../server/filing/filing-records';
import type { DeliveryRecord } from '../../server/notification/notification-records';
import type { InboxItem, DeadLetterView } from '../../core/api/notification-api';
import type { ListPage } from '../../core/api/filing-api';
import { itServedEveryQueryFromADeclaredIndex } from '../support/index-coverage';

const RESULT = DEFAULT_NOTIFICATION_CONFIG.templates.filingResult!;
const PROGRESS = DEFAULT_NOTIFICATION_CONFIG.templates.filingProgress!;

let h: Harness;
afterEach(() => h.close());

const inbox = async (openid: string) => {
  const answer = await h.call<ListPage<InboxItem>>('notification', openid, { action: 'inbox', limit: 50 });
  if (!answer.ok) throw new Error(answer.error.code);
  return answer.data.items;
};
const subscribe = (openid: string, templateId = RESULT.templateId) =>
  h.call('notification', openid, { action: 'subscribe', result: { [templateId]: 'accept', errMsg: 'requestSubscribeMessage:ok' } });
const sentTo = (openid: string) => h.ctx.sink!.sent().filter((m) => m.touser === openid);

/** Every field of a sent message is valid for its kind in the template. */
function expectValidFields(data: Record<string, { value: string }>): void {
  const template = Object.values(DEFAULT_NOTIFICATION_CONFIG.templates).find((t) => Object.keys(t.fields).every((k) => k in data))!;
  for (const [key, field] of Object.entries(template.fields)) expect(isValidFieldValue(field.kind, data[key]!.value)).toBe(true);
}

describe.each(STORE_KINDS)('on the %s store', (store) => {
  beforeEach(async () => {
    h = await createHarness(undefined, store);
  });

  describe('dispatcher: every status change reaches the applicant, nothing lost, nothing twice', () => {
    it.each([
      ['approve', undefined, '备案成功', '已通过'],
      ['reject', '提供的居住证明与申请地址不一致，且缺少居住证反面照片，请核对后重新申请', '备案未通过', '未通过'],
      ['return', '请补充居住证正反面照片', '备案需补充材料', '需补充材料'],
    ] as const)('%s: an inbox message, and with an accepted subscription one subscribe message with valid fields', async (event, reason, title, phrase) => {
      expect((await subscribe('r1')).ok).toBe(true);
      const id = await h.submit('r1', 1);
      await h.decide(id, event, reason);
      await dispatchPending(h.ctx);
      const messages = await inbox('r1');
      expect(messages.map((m) => m.kind)).toEqual([event, 'claim', 'submit']);
      expect(messages[0]!.title).toBe(title);
      if (reason) expect(messages[0]!.body).toContain(reason);
      const sent = sentTo('r1');
      expect(sent).toHaveLength(1);
      expect(sent[0]!.templateId).toBe(RESULT.templateId);
      expect(sent[0]!.page).toContain(id);
      expect(sent[0]!.data.phrase2!.value).toBe(phrase);
      expectValidFields(sent[0]!.data);
      // The credit is spent: the next decision reaches the inbox only.
      expect(await h.call('notification', 'r1', { action: 'subscribe', result: {} })).toMatchObject({ ok: true, data: { credits: { [RESULT.templateId]: 0 } } });
    });

    it('tells a change request as one, and every message carries the filing number, never an internal ID or an instant', async () => {
      expect((await subscribe('r5')).ok).toBe(true);
      const id = await h.submit('r5', 5);
      await h.decide(id, 'approve');
      const change = await h.call<{ id: string; filingNo: string }>('filing', 'r5', { action: 'change', id, changes: { phone: '13900139000' } });
      if (!change.ok) throw new Error(change.error.code);
      expect((await subscribe('r5')).ok).toBe(true);
      await h.decide(change.data.id, 'approve');
      await dispatchPending(h.ctx);
      const messages = await inbox('r5');
      const titles = messages.map((m) => m.title);
      expect(titles).toContain('变更申请已提交');
      expect(titles).toContain('变更已生效');
      expect(titles.filter((t) => t === '备案申请已提交')).toHaveLength(1);
      for (const m of messages) {
        expect(`${m.title}${m.body}`).not.toMatch(/\d{4}-\d{2}-\d{2}T|[0-9a-f]{8}-[0-9a-f]{4}-|[0-9a-f]{32}/i);
      }
      const sent = sentTo('r5');
      expect(sent).toHaveLength(2);
      expect(sent.map((m) => m.data.character_string5!.value)).toEqual([expect.stringMatching(/^\d{8}-\d{6}$/), change.data.filingNo]);
      // The page link carries the ID to open the filing; what the resident reads never does.
      expect(JSON.stringify(sent.map((m) => m.data))).not.toContain(change.data.id);
    });

    it('without an accepted subscription: the inbox message, no subscribe message, no error', async () => {
      const id = await h.submit('r2', 2);
      await h.decide(id, 'approve');
      const report = await dispatchPending(h.ctx);
      expect(report).toMatchObject({ rows: 3, sends: 0 });
      expect((await inbox('r2')).map((m) => m.kind)).toEqual(['approve', 'claim', 'submit']);
      expect(sentTo('r2')).toHaveLength(0);
      expect(h.logs.filter((l) => l.includes('"level":"error"'))).toEqual([]);
    });

    it('a new filing reaches the reviewers of its region, not others', async () => {
      await h.submit('r1', 1);
      await dispatchPending(h.ctx);
      expect((await inbox(SUZHOU)).map((m) => m.kind)).toEqual(['staff_new_filing']);
      expect(await inbox('demo-staff-beijing')).toEqual([]);
    });

    it('dispatching again, or two dispatchers at once, writes each message once', async () => {
      await subscribe('r1');
      const id = await h.submit('r1', 1);
      await h.decide(id, 'approve');
      await Promise.all([dispatchPending(h.ctx), dispatchPending(h.ctx), dispatchPending(h.ctx)]);
      await dispatchPending(h.ctx);
      expect(await inbox('r1')).toHaveLength(3);
      expect(sentTo('r1')).toHaveLength(1);
      expect(await h.ctx.filing.repo.pendingOutbox(10)).toEqual([]);
      const rows = await h.ctx.filing.repo.count(Collections.outbox);
      expect(await h.ctx.filing.repo.count(Collections.inbox)).toBe(rows + 1); // + the reviewer's message
    });

    it('expiry: an approved temporary filing that ended expires on the timer and tells the applicant', async () => {
      const id = await h.submit('r3', 3, { type: 'other_temporary', startDate: '2026-06-01', endDate: '2026-06-20', residenceAddress: undefined });
      await h.decide(id, 'approve');
      await runScheduledPass(h.runtime);
      await subscribe('r3');
      h.clock.set('2026-06-21T01:00:00Z');
      const report = await runScheduledPass(h.runtime);
      expect(report.expired).toBe(1);
      const messages = await inbox('r3');
      expect(messages[0]).toMatchObject({ kind: 'expire', title: '备案已失效' });
      expect(sentTo('r3').map((m) => m.data.phrase2!.value)).toEqual(['已失效']);
    });

    it('a failing sink: retries with backoff, then a dead letter an admin sees and retries; nothing lost', async () => {
      const R4 = 'oR4xq-resident-000004';
      await subscribe(R4);
      h.ctx.sink!.failAlways(-1, 'system busy');
      const id = await h.submit(R4, 4);
      await h.decide(id, 'approve');
      await dispatchPending(h.ctx);
      const deliveryId = (await inbox(R4))[0]!.id;
      const stored = () => h.ctx.store.get<DeliveryRecord>(Collections.deliveries, deliveryId);
      expect(await stored()).toMatchObject({ state: 'pending', attempts: 1 });
      // Not due before its backoff.
      expect((await sendDueDeliveries(h.ctx)).sends).toBe(0);
      for (let i = 0; i < 10; i++) {
        h.clock.advanceDays(1);
        await sendDueDeliveries(h.ctx);
      }
      expect(await stored()).toMatchObject({ state: 'dead', attempts: DEFAULT_NOTIFICATION_CONFIG.delivery.maxAttempts, lastError: { errcode: -1 } });
      expect(await h.call('notification', SUZHOU, { action: 'deadLetters' })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
      expect(await h.call('notification', R4, { action: 'deadLetters' })).toMatchObject({ ok: false, error: { code: 'AUTH.NOT_STAFF' } });
      const dead = await h.call<ListPage<DeadLetterView>>('notification', 'demo-admin', { action: 'deadLetters' });
      expect(dead.ok && dead.data.items.map((d) => d.id)).toEqual([deliveryId]);
      expect(dead.ok && dead.data.items[0]!.touserMasked).not.toContain(R4);
      h.ctx.sink!.failAlways(undefined);
      expect(await h.call('notification', 'demo-admin', { action: 'retryDeadLetter', id: deliveryId })).toMatchObject({ ok: true, data: { state: 'sent' } });
      expect(sentTo(R4)).toHaveLength(1);
      expect(await h.call('notification', 'demo-admin', { action: 'retryDeadLetter', id: deliveryId })).toMatchObject({ ok: false, error: { code: 'NOTIFICATION.NOT_FOUND' } });
    });

    it('43101 (user refused) is final and recorded; 47003 is final and logged', async () => {
      await subscribe('r5');
      await subscribe('r5');
      h.ctx.sink!.failNext(1, 43101, 'user refuse to accept the msg');
      h.ctx.sink!.failNext(1, 47003, 'argument invalid! data.thing1.value invalid');
      const a = await h.submit('r5', 5);
      await h.decide(a, 'approve');
      await dispatchPending(h.ctx);
      const b = await h.submit('r5', 6, { treatmentRegion: '110000' });
      await h.decide(b, 'reject', '材料不全');
      await dispatchPending(h.ctx);
      const states = await Promise.all((await inbox('r5')).filter((m) => m.kind === 'approve' || m.kind === 'reject')
        .map((m) => h.ctx.store.get<DeliveryRecord>(Collections.deliveries, m.id)));
      expect(states.map((d) => [d!.state, d!.lastError?.errcode]).sort()).toEqual([['invalid', 47003], ['refused', 43101]]);
      h.clock.advanceDays(2);
      expect((await sendDueDeliveries(h.ctx)).sends).toBe(0);
      expect(h.logs.some((l) => l.includes('notification.send_invalid') && l.includes('"level":"error"'))).toBe(true);
      expect(sentTo('r5')).toHaveLength(0);
    });

    it('a long-term template: one acceptance, a subscribe message at every progress step, no credit spent', async () => {
      const R7 = 'oR7xq-resident-000007';
      expect(await subscribe(R7, PROGRESS.templateId)).toMatchObject({ ok: true, data: { longTerm: { [PROGRESS.templateId]: true } } });
      const id = await h.submit(R7, 7);
      await dispatchPending(h.ctx);
      await h.decide(id, 'return', '请补充居住证反面照片');
      await dispatchPending(h.ctx);
      expect((await h.call('filing', R7, { action: 'supplement', id, proof: { kind: 'commitment', accepted: true } })).ok).toBe(true);
      await dispatchPending(h.ctx);
      // submit, claim, supplement go through the long-term template; return has a one-time one, not accepted.
      const progress = sentTo(R7).filter((m) => m.templateId === PROGRESS.templateId);
      expect(progress.map((m) => m.data.phrase2!.value)).toEqual(['已提交', '审核中', '待审核']);
      for (const m of progress) expectValidFields(m.data);
      expect(sentTo(R7).filter((m) => m.templateId !== PROGRESS.templateId)).toEqual([]);
      expect(await h.call('notification', R7, { action: 'subscribe', result: {} })).toMatchObject({ ok: true, data: { longTerm: { [PROGRESS.templateId]: true } } });
    });

    it('a long-term template turned off in WeChat (43101) stops: later steps reach the inbox only, until accepted again', async () => {
      const R8 = 'oR8xq-resident-000008';
      await subscribe(R8, PROGRESS.templateId);
      h.ctx.sink!.failNext(1, 43101, 'user refuse to accept the msg');
      const id = await h.submit(R8, 8);
      await dispatchPending(h.ctx);
      expect(await h.call('notification', R8, { action: 'subscribe', result: {} })).toMatchObject({ ok: true, data: { longTerm: { [PROGRESS.templateId]: false } } });
      expect(h.logs.some((l) => l.includes('notification.long_term_consent_ended'))).toBe(true);
      await h.call('review', SUZHOU, { action: 'claim', id });
      await dispatchPending(h.ctx);
      expect((await inbox(R8)).map((m) => m.kind)).toEqual(['claim', 'submit']);
      expect(sentTo(R8)).toEqual([]);
      await subscribe(R8, PROGRESS.templateId);
      await h.call('review', SUZHOU, { action: 'release', id });
      await dispatchPending(h.ctx);
      expect(sentTo(R8).map((m) => m.data.phrase2!.value)).toEqual(['待审核']);
    });

    it('an outbox row left pending by a crash is dispatched by the next pass', async () => {
      const id = await h.submit('r6', 6);
      const rows = await h.ctx.filing.repo.pendingOutbox(10);
      expect(rows.map((r: OutboxRecord) => r.filingId)).toEqual([id]);
      await runScheduledPass(h.runtime);
      expect((await inbox('r6')).map((m) => m.id)).toEqual([`msg:${rows[0]!.id}`]);
    });
  });
});

itServedEveryQueryFromADeclaredIndex();
