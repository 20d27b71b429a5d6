import type http from 'node:http';
import { createLocalRuntime, setRuntime, type Runtime } from '../../../server/runtime/runtime';
import { fixedClock } from '../../../server/kernel/clock';
import { wechatContextFor } from '../../../server/kernel/wechat-context';
import { FUNCTIONS } from '../../../server/local-cloud/function-registry';
import { listen } from '../../../server/local-cloud/local-cloud';
import { createLocalApp } from '../../../server/local-cloud/local-app';
import { filingContextOf, installFilingContext, type FilingContext } from '../../../server/filing/filing-context';
import { seedDemoData } from '../../../server/demo/demo-seed';
import type { FilingRepository } from '../../../server/filing/filing-repository.port';
import type { PiiCipher } from '../../../server/security/pii-cipher';
import type { Result } from '../../../core/errors/result';
import { HARNESS_START } from '../../support/filing-harness';
import { fileLogger, partDataDir } from './run-dir';
import { EXAMPLE_FILING, exampleFilingFor } from '../../support/example-filing';
import { bindAs } from '../../support/identity-helpers';

export interface ReliabilityHarness {
  runtime: Runtime;
  ctx: FilingContext;
  clock: ReturnType<typeof fixedClock>;
  dataDir: string;
  /** Every log line of this harness, as the logger wrote it (already redacted). */
  logs: string[];
  /** The real cloud-function entry, as WeChat calls it: `data` is the event, openid in the context. */
  call<T = unknown>(fn: string, openid: string | undefined, data: unknown): Promise<Result<T>>;
  /** Makes `openid` the verified self of the example applicant with this ID number (replacing its earlier self). */
  bind(openid: string, idNumber: string): Promise<void>;
  /** Serves the whole local cloud (functions + storage) on a free loopback port. */
  serve(): Promise<string>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Wraps the store, e.g. to build a deliberately broken one. */
  wrapRepo?(repo: FilingRepository, cipher: PiiCipher): FilingRepository;
}

/** A real runtime on a data directory of the run directory, with logs in the part's log file. */
export async function startReliabilityHarness(part: string, options: HarnessOptions = {}): Promise<ReliabilityHarness> {
  const dataDir = partDataDir(part);
  const clock = fixedClock(HARNESS_START);
  const { log, lines } = fileLogger(part);
  const runtime = createLocalRuntime({ dataDir, clock, log });
  let ctx = filingContextOf(runtime);
  if (options.wrapRepo) ctx = installFilingContext(runtime, options.wrapRepo(ctx.repo, ctx.cipher), ctx.cipher);
  setRuntime(runtime);
  await seedDemoData(runtime);
  let server: http.Server | undefined;
  return {
    runtime,
    ctx,
    clock,
    dataDir,
    logs: lines,
    async call<T>(fn: string, openid: string | undefined, data: unknown) {
      const main = FUNCTIONS[fn];
      if (!main) throw new Error(`no function ${fn}`);
      return (await main(data, wechatContextFor(openid, 'reliability', fn))) as Result<T>;
    },
    bind(openid: string, idNumber: string) {
      return bindAs(runtime, openid, { name: EXAMPLE_FILING.applicant.name, idNumber });
    },
    async serve() {
      server = createLocalApp(runtime).server;
      return `http://127.0.0.1:${await listen(server, 0)}`;
    },
    async close() {
      if (server) {
        server.closeAllConnections();
        await new Promise((resolve) => server!.close(resolve));
      }
      ctx.repo.close();
      setRuntime(undefined);
    },
  };
}

/** A valid FilingInput (Suzhou → Shenzhen, commitment) for the given ID number. */
export const filingFor = exampleFilingFor;

export function dataOf<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.data;
}
