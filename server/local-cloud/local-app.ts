import type http from 'node:http';
import type { Runtime } from '../runtime/runtime';
import { createLocalCloud, type RouteHandler } from './local-cloud';
import { FUNCTIONS } from './function-registry';
import { storageRoutes } from './storage-routes';
import { runScheduledPass } from '../notification/scheduled-pass';
import { dispatchAfterCalls } from '../notification/dispatch-soon';
import { devSentRoutes } from '../notification/dev-sent-routes';
import { previewRoutes } from './preview/preview-routes';
import { devFaceRoutes } from '../identity/dev-face-routes';

export interface LocalApp {
  server: http.Server;
  /** One pass of the scheduled jobs (expiry sweep…), as the production timer trigger runs them. */
  runScheduledJobs(): Promise<void>;
  /** Starts the timers; returns a stop function. */
  startTimers(intervalMs?: number): () => void;
}

/** The whole local cloud: real function entries, emulated storage, and the scheduled jobs. */
export function createLocalApp(runtime: Runtime, extraRoutes: RouteHandler[] = []): LocalApp {
  // Calls that commit transitions are followed by a dispatch of their outbox rows (issue 6).
  const functions = dispatchAfterCalls(FUNCTIONS, runtime, ['filing', 'review']);
  const server = createLocalCloud({ runtime, functions, routes: [storageRoutes(runtime), devSentRoutes(runtime), devFaceRoutes(runtime), previewRoutes(), ...extraRoutes] });
  const runScheduledJobs = async () => {
    // Expiry sweep, reminders, outbox drain and due resends: what the `scheduler` function runs.
    const report = await runScheduledPass(runtime);
    if (report.expired > 0 || report.reminders.created > 0 || report.dispatched.rows > 0 || report.retried.sends > 0) {
      runtime.log.info('scheduled.pass', { ...report });
    }
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
