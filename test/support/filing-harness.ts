import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLocalRuntime, setRuntime, type Runtime } from '../../server/runtime/runtime';
import { fixedClock } from '../../server/kernel/clock';
import { createLogger } from '../../server/kernel/logger';
import { wechatContextFor } from '../../server/kernel/wechat-context';
import { FUNCTIONS } from '../../server/local-cloud/function-registry';
import { filingContextOf, installFilingContext, type FilingContext } from '../../server/filing/filing-context';
import { cloudbaseFilingRepository } from '../../server/filing/cloudbase-filing-repository';
import { createPiiCipher } from '../../server/security/pii-cipher';
import { seedDemoData } from '../../server/demo/demo-seed';
import type { Result } from '../../core/errors/result';
import { createCloudbaseStandIn } from './cloudbase-stand-in';
import { installPolicyContext, openedPolicyContext } from '../../server/policy/policy-context';
import { cloudbasePolicyStore } from '../../server/policy/cloudbase-policy-store';
import { installNotificationContext, sinkFileOf } from '../../server/notification/notification-context';
import { cloudbaseNotificationStore } from '../../server/notification/cloudbase-notification-store';
import { createFileSink } from '../../server/notification/file-sink-sender';
import { loadNotificationConfig } from '../../server/notification/notification-config';

export type StoreKind = 'sqlite' | 'cloudbase';

export interface Harness {
  runtime: Runtime;
  clock: ReturnType<typeof fixedClock>;
  ctx: FilingContext;
  logs: string[];
  dataDir: string;
  /** Calls a real cloud-function entry as WeChat would: `data` as the event, openid in the context. */
  call<T = unknown>(fn: string, openid: string | undefined, data: unknown): Promise<Result<T>>;
  cleanup(): void;
}

/** 2026-11-26 10:00 in China: a Thursday. */
export const HARNESS_START = '2026-11-26T02:00:00Z';

export async function startHarness(store: StoreKind = 'sqlite'): Promise<Harness> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'filing-test-'));
  const clock = fixedClock(HARNESS_START);
  const logs: string[] = [];
  const runtime = createLocalRuntime({ dataDir, clock, log: createLogger((line) => logs.push(line)) });
  if (store === 'cloudbase') {
    // Every port on CloudBase (the stand-in): filings, identity and policy beside them, and notifications.
    const db = createCloudbaseStandIn();
    const repo = cloudbaseFilingRepository(db);
    installFilingContext(runtime, repo, createPiiCipher(randomBytes(32)));
    installPolicyContext(runtime, cloudbasePolicyStore(db, repo));
    const sink = createFileSink(sinkFileOf(dataDir), () => clock.now());
    installNotificationContext(runtime, { store: cloudbaseNotificationStore(db, repo), sender: sink, sink, config: loadNotificationConfig() });
  }
  setRuntime(runtime);
  await seedDemoData(runtime);
  const ctx = filingContextOf(runtime);
  return {
    runtime,
    clock,
    ctx,
    logs,
    dataDir,
    async call<T>(fn: string, openid: string | undefined, data: unknown) {
      const main = FUNCTIONS[fn];
      if (!main) throw new Error(`no function ${fn}`);
      return (await main(data, wechatContextFor(openid, 'test', fn))) as Result<T>;
    },
    cleanup() {
      ctx.repo.close();
      openedPolicyContext(runtime)?.store.close();
      setRuntime(undefined);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function expectOk<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.data;
}

export function expectCode(result: Result<unknown>, code: string): void {
  if (result.ok) throw new Error(`expected ${code}, got ok ${JSON.stringify(result.data).slice(0, 200)}`);
  expect(result.error.code).toBe(code);
  expect(result.error.message).toMatch(/[\u4e00-\u9fff]/);
}
