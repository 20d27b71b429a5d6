import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createHarness, SUZHOU, type Harness } from './harness';
import { dispatchPending } from '../../server/notification/dispatcher';
import { createWechatSubscribeSender } from '../../server/notification/wechat-subscribe-sender';
import { DEFAULT_NOTIFICATION_CONFIG } from '../../core/notification/template-config';
import { Collections, type OutboxRecord } from '../../server/filing/filing-records';
import type { InboxItem } from '../../core/api/notification-api';
import type { ListPage } from '../../core/api/filing-api';

const RESULT = DEFAULT_NOTIFICATION_CONFIG.templates.filingResult!;

/** The CloudBase wiring of cloudbase-runtime.ts (installCloudbaseNotifications) over the stand-in. */
describe('production wiring: a committing call dispatches its outbox rows before it answers', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness(undefined, 'production');
  });
  afterEach(() => h.close());

  const kinds = async (openid: string) => {
    const answer = await h.call<ListPage<InboxItem>>('notification', openid, { action: 'inbox', limit: 50 });
    if (!answer.ok) throw new Error(answer.error.code);
    return answer.data.items.map((m) => m.kind);
  };

  it('the decision is in the inbox and the subscribe message sent when the review call returns', async () => {
    await h.call('notification', 'r1', { action: 'subscribe', result: { [RESULT.templateId]: 'accept' } });
    const id = await h.submit('r1', 1);
    expect(await kinds(SUZHOU)).toEqual(['staff_new_filing']);
    await h.decide(id, 'approve');
    expect(await kinds('r1')).toEqual(['approve', 'claim', 'submit']);
    expect(h.ctx.sink!.sent().filter((m) => m.touser === 'r1')).toHaveLength(1);
    expect(await h.ctx.filing.repo.pendingOutbox(10)).toEqual([]);
    // The timer finds nothing left to do.
    expect(await dispatchPending(h.ctx)).toMatchObject({ rows: 0, sends: 0 });
  });

  it('a failing dispatch is logged, not answered; the row stays pending for the timer', async () => {
    const { repo } = h.ctx.filing;
    const listStaff = repo.listStaff;
    repo.listStaff = () => Promise.reject(new Error('database unavailable'));
    const id = await h.submit('r2', 2);
    expect(h.logs.some((l) => l.includes('notification.immediate_dispatch_failed'))).toBe(true);
    expect((await repo.pendingOutbox(10)).map((r: OutboxRecord) => r.filingId)).toEqual([id]);
    repo.listStaff = listStaff;
    expect(await dispatchPending(h.ctx)).toMatchObject({ rows: 1 });
    expect(await kinds('r2')).toEqual(['submit']);
  });

  it('hands over at most a few rows per commit; the rest wait for the timer', async () => {
    const id = await h.submit('r3', 3);
    const [first] = await h.ctx.store.inbox('r3', undefined, 1).then((p) => p.items);
    const row = (await h.ctx.filing.repo.get<OutboxRecord>(Collections.outbox, first!.sourceId))!;
    const rows = Array.from({ length: 8 }, (_, i) => ({ ...row, id: `${row.id}-x${i}`, state: 'pending' as const, version: 1, filingId: id }));
    await h.ctx.filing.repo.commit(rows.map((doc) => ({ kind: 'create' as const, collection: Collections.outbox, doc })));
    expect(await h.ctx.filing.repo.pendingOutbox(20)).toHaveLength(3);
    expect(await dispatchPending(h.ctx)).toMatchObject({ rows: 3 });
  });
});

describe('the deployed bundles without wx-server-sdk', () => {
  const dist = path.resolve(__dirname, '../../dist/cloudfunctions');

  it('declare it for the functions that send, and load and answer without it', () => {
    for (const name of ['filing', 'review', 'notification', 'scheduler']) {
      const pkg = JSON.parse(fs.readFileSync(path.join(dist, name, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
      // The review function also installs exceljs for review.export, required inside that action only.
      const expected = name === 'review' ? ['@cloudbase/node-sdk', 'exceljs', 'wx-server-sdk'] : ['@cloudbase/node-sdk', 'wx-server-sdk'];
      expect(Object.keys(pkg.dependencies).sort()).toEqual(expected);
      const config = JSON.parse(fs.readFileSync(path.join(dist, name, 'config.json'), 'utf8')) as { permissions: { openapi: string[] } };
      expect(config.permissions.openapi).toContain('subscribeMessage.send');
    }
    expect(() => require.resolve('wx-server-sdk')).toThrow();
    // A separate process: the CloudBase runtime is built from the environment, as when deployed.
    const script = `require(${JSON.stringify(path.join(dist, 'notification', 'index.js'))}).main({ action: 'templates' }, {})
      .then((answer) => process.stdout.write(JSON.stringify(answer)))`;
    const out = execFileSync(process.execPath, ['-e', script], {
      env: { PATH: process.env.PATH, TCB_ENV: 'stand-in-env', PII_KEY: Buffer.alloc(32, 7).toString('base64') },
      encoding: 'utf8',
    });
    expect(JSON.parse(out.slice(out.indexOf('{"ok"')))).toMatchObject({ ok: true, data: { templates: expect.any(Array) } });
  });

  it('the WeChat sender requires it only when it first sends', async () => {
    const sender = createWechatSubscribeSender();
    await expect(sender.send({ deliveryId: 'd', touser: 'o', templateId: 't', page: 'p', data: {}, miniprogramState: 'formal' }))
      .rejects.toThrow(/wx-server-sdk/);
  });
});
