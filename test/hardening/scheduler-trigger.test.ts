import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type http from 'node:http';
import type { CloudFunctionMain } from '../../server/kernel/cloud-function';
import { FUNCTIONS } from '../../server/local-cloud/function-registry';
import { createLocalApp } from '../../server/local-cloud/local-app';
import { listen } from '../../server/local-cloud/local-cloud';
import { platformTriggerContext, wechatContextFor } from '../../server/kernel/wechat-context';
import { isTimerEvent, triggerOf } from '../../server/kernel/trigger';
import { startHarness, type Harness } from '../support/filing-harness';

/**
 * Class 10 of issue 11: a scheduled pass runs for the platform's timer trigger — CloudBase's
 * timer event arriving with no user in the context — or for an admin; for nobody else, however
 * the payload looks, in process, over the local cloud's HTTP and in the built bundle.
 */
const TIMER = { Type: 'Timer', TriggerName: 'every-5-minutes', Time: '2026-11-26T02:05:00Z' };
const passes = (h: Harness) => h.logs.filter((l) => l.includes('"event":"scheduled.pass"')).length;

let h: Harness;
beforeEach(async () => {
  h = await startHarness('sqlite');
});
afterEach(() => h.cleanup());

it('tells the timer from a call only by both its event and a context without any user', () => {
  const user = wechatContextFor('demo-resident-1', 'r', 'scheduler');
  const anonymous = wechatContextFor(undefined, 'r', 'scheduler');
  const platform = platformTriggerContext('r', 'scheduler');
  expect(triggerOf(TIMER, platform)).toBe('timer');
  expect(triggerOf({ ...TIMER, Message: null }, platform)).toBe('timer');
  for (const [event, context] of [[TIMER, user], [TIMER, anonymous], [TIMER, undefined], [TIMER, {}], [{ action: 'tick' }, platform]] as const) {
    expect(triggerOf(event, context)).toBe('call');
  }
  for (const fake of [{ ...TIMER, Type: 'timer ' }, { ...TIMER, action: 'tick' }, { ...TIMER, Time: 'soon' }, { ...TIMER, TriggerName: 'x'.repeat(65) }, { TriggerName: 'every-5-minutes' }, { Type: 'Timer' }, [TIMER], null]) {
    expect(isTimerEvent(fake)).toBe(false);
  }
  const withIdentity = (env: Record<string, string>) => ({ request_id: 'r', environment: JSON.stringify(env) });
  const identities: Record<string, string>[] = [{ TCB_CONTEXT_KEYS: 'TCB_UUID', TCB_UUID: 'web-user' }, { TCB_CONTEXT_KEYS: 'TCB_CUSTOM_USER_ID', TCB_CUSTOM_USER_ID: 'u' }, { WX_CONTEXT_KEYS: 'WX_UNIONID', WX_UNIONID: 'u' }, { TCB_CONTEXT_KEYS: 'TCB_ISANONYMOUS_USER', TCB_ISANONYMOUS_USER: 'true' }];
  for (const env of identities) {
    expect(triggerOf(TIMER, withIdentity(env))).toBe('call');
  }
});

it('runs a pass for the timer and for an admin, for no one else (in process)', async () => {
  const scheduler = FUNCTIONS.scheduler!;
  expect(await scheduler(TIMER, platformTriggerContext('t', 'scheduler'))).toMatchObject({ ok: true });
  expect(await scheduler({ action: 'tick' }, wechatContextFor('demo-admin', 't', 'scheduler'))).toMatchObject({ ok: true });
  expect(passes(h)).toBe(2);
  const refused: [unknown, unknown, string][] = [
    [TIMER, wechatContextFor('demo-resident-1', 't', 'scheduler'), 'REQUEST.UNKNOWN_ACTION'],
    [TIMER, wechatContextFor('demo-admin', 't', 'scheduler'), 'REQUEST.UNKNOWN_ACTION'],
    [TIMER, wechatContextFor(undefined, 't', 'scheduler'), 'REQUEST.UNKNOWN_ACTION'],
    [{ ...TIMER, action: 'tick' }, wechatContextFor(undefined, 't', 'scheduler'), 'AUTH.NO_IDENTITY'],
    [{ action: 'tick' }, wechatContextFor(undefined, 't', 'scheduler'), 'AUTH.NO_IDENTITY'],
    [{ action: 'tick' }, platformTriggerContext('t', 'scheduler'), 'AUTH.NO_IDENTITY'],
    [{ action: 'tick' }, wechatContextFor('demo-resident-1', 't', 'scheduler'), 'AUTH.NOT_STAFF'],
    [{ action: 'tick' }, wechatContextFor('demo-staff-suzhou', 't', 'scheduler'), 'AUTH.FORBIDDEN'],
  ];
  for (const [event, context, code] of refused) expect(await scheduler(event, context)).toMatchObject({ ok: false, error: { code } });
  expect(passes(h)).toBe(2);
});

it('never lets an anonymous HTTP request pose as the timer (the local cloud runs its timer in-process)', async () => {
  const server: http.Server = createLocalApp(h.runtime).server;
  const base = `http://127.0.0.1:${await listen(server, 0)}`;
  try {
    const post = async (event: unknown, openid?: string) => {
      const res = await fetch(`${base}/fn/scheduler`, { method: 'POST', body: JSON.stringify(event), headers: { 'content-type': 'application/json', ...(openid ? { 'x-wx-openid': openid } : {}) } });
      return (await res.json()) as { ok: boolean; error?: { code: string } };
    };
    expect((await post(TIMER)).error?.code).toBe('REQUEST.UNKNOWN_ACTION');
    expect((await post({ action: 'tick' })).error?.code).toBe('AUTH.NO_IDENTITY');
    expect((await post({ ...TIMER, action: 'tick' })).error?.code).toBe('AUTH.NO_IDENTITY');
    expect((await post(TIMER, 'demo-resident-1')).error?.code).toBe('REQUEST.UNKNOWN_ACTION');
    expect(passes(h)).toBe(0);
    expect((await post({ action: 'tick' }, 'demo-admin')).ok).toBe(true);
    expect(passes(h)).toBe(1);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

it('behaves the same in the built scheduler bundle', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scheduler-bundle-'));
  const previous = process.env.DATA_DIR;
  process.env.DATA_DIR = dataDir;
  const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const bundled = (require(path.resolve(__dirname, '../../dist/cloudfunctions/scheduler/index.js')) as { main: CloudFunctionMain }).main;
    expect(await bundled(TIMER, platformTriggerContext('b', 'scheduler'))).toMatchObject({ ok: true });
    expect(await bundled(TIMER, wechatContextFor('demo-resident-1', 'b', 'scheduler'))).toMatchObject({ ok: false, error: { code: 'REQUEST.UNKNOWN_ACTION' } });
    expect(await bundled({ action: 'tick' }, wechatContextFor(undefined, 'b', 'scheduler'))).toMatchObject({ ok: false, error: { code: 'AUTH.NO_IDENTITY' } });
  } finally {
    write.mockRestore();
    if (previous === undefined) delete process.env.DATA_DIR;
    else process.env.DATA_DIR = previous;
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
