import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLocalRuntime, setRuntime, type Runtime } from '../../server/runtime/runtime';
import { fixedClock } from '../../server/kernel/clock';
import { createLogger } from '../../server/kernel/logger';
import { wechatContextFor } from '../../server/kernel/wechat-context';
import { FUNCTIONS } from '../../server/local-cloud/function-registry';
import { seedDemoData } from '../../server/demo/demo-seed';
import { installNotificationContext, notificationContextOf, sinkFileOf, type NotificationContext } from '../../server/notification/notification-context';
import { filingContextOf, installFilingContext } from '../../server/filing/filing-context';
import { cloudbaseFilingRepository } from '../../server/filing/cloudbase-filing-repository';
import { cloudbaseNotificationStore } from '../../server/notification/cloudbase-notification-store';
import { installCloudbaseNotifications } from '../../server/notification/cloudbase-notifications';
import { createFileSink } from '../../server/notification/file-sink-sender';
import { loadNotificationConfig } from '../../server/notification/notification-config';
import { createPiiCipher, localMasterKey } from '../../server/security/pii-cipher';
import { makeResidentId } from '../support/resident-ids';
import { createCloudbaseStandIn } from '../support/cloudbase-stand-in';
import { installPolicyContext } from '../../server/policy/policy-context';
import { cloudbasePolicyStore } from '../../server/policy/cloudbase-policy-store';
import { exampleFiling } from '../support/example-filing';
import { bindAs } from '../support/identity-helpers';

/**
 * Which store the harness runs on:
 * - `sqlite`: the local cloud's (SQLite under a temp DATA_DIR);
 * - `cloudbase`: the CloudBase adapters (filing repository and notification store) over the
 *   stand-in, wired like the local cloud otherwise (dispatch by hand or by the timer);
 * - `production`: the CloudBase adapters wired as cloudbase-runtime.ts wires them
 *   (installCloudbaseNotifications: committing calls dispatch their outbox rows at once).
 * Every variant records sends in the file sink.
 */
export type StoreKind = 'sqlite' | 'cloudbase' | 'production';
export const STORE_KINDS: readonly StoreKind[] = ['sqlite', 'cloudbase'];

export type Answer<T = unknown> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

export interface Harness {
  runtime: Runtime;
  clock: ReturnType<typeof fixedClock>;
  ctx: NotificationContext;
  logs: string[];
  dataDir: string;
  call<T = unknown>(fn: string, openid: string | undefined, event: Record<string, unknown>): Promise<Answer<T>>;
  /** Submits a filing for person `n` (distinct ID numbers), insured in Suzhou; returns its ID. */
  submit(openid: string, n: number, overrides?: Record<string, unknown>): Promise<string>;
  /** claim then approve / reject / return by the Suzhou reviewer. */
  decide(id: string, event: 'approve' | 'reject' | 'return', reason?: string): Promise<void>;
  close(): void;
}

export const SUZHOU = 'demo-staff-suzhou';

function installCloudbase(runtime: Runtime, kind: 'cloudbase' | 'production'): NotificationContext {
  const db = createCloudbaseStandIn();
  const repo = cloudbaseFilingRepository(db);
  installFilingContext(runtime, repo, createPiiCipher(localMasterKey(runtime.dataDir)));
  installPolicyContext(runtime, cloudbasePolicyStore(db, repo));
  const sink = createFileSink(sinkFileOf(runtime.dataDir), () => runtime.clock.now());
  const parts = { sender: sink, config: loadNotificationConfig() };
  const ctx = kind === 'production'
    ? installCloudbaseNotifications(runtime, db, parts)
    : installNotificationContext(runtime, { ...parts, store: cloudbaseNotificationStore(db, repo) });
  ctx.sink = sink;
  return ctx;
}

export async function createHarness(start = '2026-06-01T02:00:00Z', store: StoreKind = 'sqlite'): Promise<Harness> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'notify-'));
  const clock = fixedClock(start);
  const logs: string[] = [];
  const runtime = createLocalRuntime({ dataDir, clock, log: createLogger((line) => logs.push(line)) });
  setRuntime(runtime);
  if (store !== 'sqlite') installCloudbase(runtime, store);
  await seedDemoData(runtime);
  const ctx = notificationContextOf(runtime);
  const call = async <T>(fn: string, openid: string | undefined, event: Record<string, unknown>) =>
    (await FUNCTIONS[fn]!(event, wechatContextFor(openid, 'test', fn))) as Answer<T>;
  const expectOk = <T>(answer: Answer<T>): T => {
    if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
    return answer.data;
  };
  return {
    runtime, clock, ctx, logs, dataDir, call,
    async submit(openid, n, overrides = {}) {
      const applicant = { name: '张三丰', idNumber: makeResidentId('110105', '19600101', 100 + n), phone: '13800138000' };
      // The caller files for themselves: person n is made the caller's verified self first.
      await bindAs(runtime, openid, applicant);
      const filing = exampleFiling({
        applicant,
        startDate: '2026-06-10',
        ...overrides,
      });
      const summary = expectOk(await call<{ id: string }>('filing', openid, { action: 'submit', idempotencyKey: `k-${n}-${Date.now()}`, filing }));
      return summary.id;
    },
    async decide(id, event, reason) {
      expectOk(await call('review', SUZHOU, { action: 'claim', id }));
      expectOk(await call('review', SUZHOU, { action: event, id, ...(reason ? { reason } : {}) }));
    },
    close() {
      ctx.store.close();
      filingContextOf(runtime).repo.close();
      setRuntime(undefined);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
