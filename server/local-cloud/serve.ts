import { createLocalRuntime, setRuntime, type Runtime } from '../runtime/runtime';
import { listen } from './local-cloud';
import { createLocalApp } from './local-app';
import { seedDemoData } from '../demo/demo-seed';
import { seedDirectoryIfEmpty } from '../institution/seed-directory';
import { closeInstitutionRepository } from '../institution/institution-store';
import { filingContextOf } from '../filing/filing-context';

export interface ServeOptions {
  port: number;
  /** Defaults to DATA_DIR or `.data/`. */
  dataDir?: string;
  /** Generated institutions on a first start (the city essentials and famous hospitals come on top). */
  directoryCount?: number;
}

export interface ServedCloud {
  port: number;
  runtime: Runtime;
  stop(): Promise<void>;
}

/**
 * What `npm start` serves once dist/ is built: the embedded store under DATA_DIR with the demo
 * data and directory seeded on first start, the local cloud with the preview on loopback, and the
 * scheduled jobs. The browser test starts exactly this on a free port.
 */
export async function serveLocalCloud(options: ServeOptions): Promise<ServedCloud> {
  const runtime = createLocalRuntime(options.dataDir ? { dataDir: options.dataDir } : {});
  setRuntime(runtime);
  await seedDemoData(runtime);
  await seedDirectoryIfEmpty(runtime, options.directoryCount);
  const app = createLocalApp(runtime);
  const port = await listen(app.server, options.port);
  const stopTimers = app.startTimers();
  // The first pass (expiry sweep, reminders, outbox drain) runs while the server already answers.
  app.runScheduledJobs().catch((cause: unknown) => runtime.log.error('scheduled.failed', { cause }));
  return {
    port,
    runtime,
    stop: () => new Promise<void>((resolve) => {
      stopTimers();
      app.server.closeAllConnections();
      app.server.close(() => {
        closeInstitutionRepository(runtime);
        filingContextOf(runtime).repo.close();
        setRuntime(undefined);
        resolve();
      });
    }),
  };
}
