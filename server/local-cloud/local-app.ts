import type http from 'node:http';
import type { Runtime } from '../runtime/runtime';
import { createLocalCloud, type RouteHandler } from './local-cloud';
import { FUNCTIONS } from './function-registry';
import { storageRoutes } from './storage-routes';
import { filingContextOf } from '../filing/filing-context';
import { sweepExpiredFilings } from '../filing/expiry';

export interface LocalApp {
  server: http.Server;
  /** One pass of the scheduled jobs (expiry sweep…), as the production timer trigger runs them. */
  runScheduledJobs(): Promise<void>;
  /** Starts the timers; returns a stop function. */
  startTimers(intervalMs?: number): () => void;
}

/** The whole local cloud: real function entries, emulated storage, and the scheduled jobs. */
export function createLocalApp(runtime: Runtime, extraRoutes: RouteHandler[] = []): LocalApp {
  const server = createLocalCloud({ runtime, functions: FUNCTIONS, routes: [storageRoutes(runtime), ...extraRoutes] });
  const runScheduledJobs = async () => {
    const expired = await sweepExpiredFilings(filingContextOf(runtime));
    if (expired > 0) runtime.log.info('scheduled.expiry', { expired });
  };
  return {
    server,
    runScheduledJobs,
    startTimers(intervalMs = 60_000) {
      const timer = setInterval(() => {
        runScheduledJobs().catch((cause: unknown) => runtime.log.error('scheduled.failed', { cause }));
      }, intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}
