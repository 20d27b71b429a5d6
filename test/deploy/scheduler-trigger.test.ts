import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CloudFunctionMain } from '../../server/kernel/cloud-function';
import { platformTriggerContext, wechatContextFor } from '../../server/kernel/wechat-context';
import { loadDeployFiles } from '../../scripts/deploy/deploy-config';
import { buildPlan } from '../../scripts/deploy/deploy-plan';
import { createLocalRuntime } from '../../server/runtime/runtime';
import { createLogger } from '../../server/kernel/logger';
import { seedDemoData } from '../../server/demo/demo-seed';
import { filingContextOf } from '../../server/filing/filing-context';

/**
 * Offline proof of issue 12: the built scheduler bundle, as deployed, runs a pass for the event the
 * platform sends for the timer trigger the plan deploys, and for an admin — for nobody else.
 * (How the timer is told from a call is issue 11's, test/hardening/scheduler-trigger.test.ts.)
 */
it('accepts the planned timer trigger and an admin, refuses every other caller', async () => {
  const [trigger] = buildPlan(loadDeployFiles(), {}).functions.find((f) => f.name === 'scheduler')!.triggers;
  expect(trigger?.type).toBe('timer');
  const event = { Type: 'Timer', TriggerName: trigger!.name, Time: '2026-12-02T01:05:00Z' };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-scheduler-'));
  // The admin is a staff record, as ADMIN_OPENIDS or the demo seed makes one.
  const seeding = createLocalRuntime({ dataDir, log: createLogger(() => undefined) });
  await seedDemoData(seeding);
  filingContextOf(seeding).repo.close();
  const previous = process.env.DATA_DIR;
  process.env.DATA_DIR = dataDir;
  const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const main = (require(path.resolve(__dirname, '../../dist/cloudfunctions/scheduler/index.js')) as { main: CloudFunctionMain }).main;
    expect(await main(event, platformTriggerContext('timer', 'scheduler'))).toMatchObject({ ok: true });
    expect(await main({ action: 'tick' }, wechatContextFor('demo-admin', 'admin', 'scheduler'))).toMatchObject({ ok: true });
    for (const [payload, openid] of [[event, 'demo-resident-1'], [event, 'demo-admin'], [event, undefined], [{ action: 'tick' }, undefined], [{ action: 'tick' }, 'demo-staff-suzhou'], [{ action: 'tick' }, 'demo-resident-1']] as const) {
      expect(await main(payload, wechatContextFor(openid, 'call', 'scheduler'))).toMatchObject({ ok: false });
    }
  } finally {
    write.mockRestore();
    if (previous === undefined) delete process.env.DATA_DIR;
    else process.env.DATA_DIR = previous;
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
