import type http from 'node:http';
import { createHarness, SUZHOU, type Harness } from './harness';
import { createLocalApp } from '../../server/local-cloud/local-app';
import { listen } from '../../server/local-cloud/local-cloud';
import { dispatchSoon } from '../../server/notification/dispatch-soon';
import { exampleFiling } from '../support/example-filing';
import { makeResidentId } from '../support/resident-ids';

let h: Harness;
let server: http.Server;
let base: string;
beforeAll(async () => {
  h = await createHarness();
  server = createLocalApp(h.runtime).server;
  base = `http://127.0.0.1:${await listen(server, 0)}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  h.close();
});

const post = async (fn: string, openid: string, body: unknown) =>
  (await (await fetch(`${base}/fn/${fn}`, { method: 'POST', headers: { 'x-wx-openid': openid }, body: JSON.stringify(body) })).json()) as { ok: boolean; data: { id: string } };

describe('local cloud: dispatch right after the call, and GET /dev/sent', () => {
  it('a decision over HTTP reaches the inbox and the sink without waiting for the timer', async () => {
    // 实名认证 over HTTP as a script does it: start, POST /dev/face, confirm.
    const applicant = { name: '钱多多', idNumber: makeResidentId('320505', '19700101', 77), phone: '13800138000' };
    const started = (await post('identity', 'web-r1', { action: 'start', name: applicant.name, idNumber: applicant.idNumber, purpose: 'self' })) as unknown as { data: { verifyId: string } };
    const face = await fetch(`${base}/dev/face`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ verifyId: started.data.verifyId, outcome: 'pass' }) });
    expect(((await face.json()) as { ok: boolean }).ok).toBe(true);
    expect((await post('identity', 'web-r1', { action: 'confirm', verifyId: started.data.verifyId })).ok).toBe(true);
    await post('notification', 'web-r1', { action: 'subscribe', result: { 'local-filing-result': 'accept' } });
    const filing = exampleFiling({ applicant });
    const { data } = await post('filing', 'web-r1', { action: 'submit', idempotencyKey: 'web-1', filing });
    await post('review', SUZHOU, { action: 'claim', id: data.id });
    await post('review', SUZHOU, { action: 'approve', id: data.id });
    await dispatchSoon(h.runtime); // joins the pass the call started (or finds nothing left)
    const sent = (await (await fetch(`${base}/dev/sent?touser=web-r1`)).json()) as { ok: boolean; data: { items: { page: string; data: Record<string, { value: string }> }[]; total: number } };
    expect(sent.data.total).toBe(1);
    expect(sent.data.items[0]!.page).toContain(data.id);
    expect(sent.data.items[0]!.data.phrase2!.value).toBe('已通过');
    const unread = await post('notification', 'web-r1', { action: 'unreadCount' });
    expect(unread).toEqual({ ok: true, data: { unread: 3 } });
  });

  it('POST /dev/sent/fail makes the sink answer like WeChat would', async () => {
    const res = await fetch(`${base}/dev/sent/fail`, { method: 'POST', body: JSON.stringify({ errcode: 43101, times: 1 }) });
    expect(await res.json()).toEqual({ ok: true, data: { errcode: 43101 } });
    const outcome = await h.ctx.sink!.send({ deliveryId: 'x', touser: 'u', templateId: 't', page: 'p', data: {}, miniprogramState: 'developer' });
    expect(outcome).toMatchObject({ ok: false, errcode: 43101 });
  });
});
