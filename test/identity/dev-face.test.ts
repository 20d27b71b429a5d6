import type http from 'node:http';
import { createLocalApp } from '../../server/local-cloud/local-app';
import { listen } from '../../server/local-cloud/local-cloud';
import { startHarness, type Harness } from '../support/filing-harness';

/** `POST /dev/face`: the phone's part of the face check for scripts, bounded and coded like every route. */
let h: Harness;
let server: http.Server;
let base: string;
beforeAll(async () => {
  h = await startHarness();
  server = createLocalApp(h.runtime).server;
  base = `http://127.0.0.1:${await listen(server, 0)}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  h.cleanup();
});

const face = async (body: string) => {
  const res = await fetch(`${base}/dev/face`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: res.status, body: (await res.json()) as { ok: boolean; error?: { code: string; message: string; fields?: Record<string, string> } } };
};

it('answers bad input with coded Chinese refusals and never binds anything', async () => {
  expect((await face('{"verifyId":"x","outcome":"maybe"}')).body.error).toMatchObject({ code: 'REQUEST.INVALID', fields: { outcome: '请选择通过或不通过' } });
  expect((await face(JSON.stringify({ verifyId: 'x'.repeat(300), outcome: 'pass' }))).body.error?.fields?.verifyId).toBe('刷脸编号不正确');
  expect((await face('not json')).status).toBe(400);
  expect((await face(JSON.stringify({ verifyId: 'a', outcome: 'pass', pad: 'x'.repeat(5000) }))).status).toBe(413);
  const unknown = await face('{"verifyId":"local-face-unknown","outcome":"pass"}');
  expect(unknown.body.error?.code).toBe('IDENTITY.SESSION_NOT_FOUND');
  expect(unknown.body.error?.message).toMatch(/[\u4e00-\u9fff]/);
  const get = await fetch(`${base}/dev/face`);
  expect(get.status).toBe(404);
});
