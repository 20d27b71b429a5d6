import { buildAll } from './build';
import { createLocalRuntime, setRuntime } from '../server/runtime/runtime';
import { listen } from '../server/local-cloud/local-cloud';
import { createLocalApp } from '../server/local-cloud/local-app';
import { seedDemoData } from '../server/demo/demo-seed';
import { seedDirectoryIfEmpty } from '../server/institution/seed-directory';

/**
 * `npm start`: build the mini-program and function bundles, open the embedded store under
 * DATA_DIR (seeding demo data on first start), and serve the local cloud on loopback.
 */
async function start(): Promise<void> {
  await buildAll();
  const runtime = createLocalRuntime();
  setRuntime(runtime);
  await seedDemoData(runtime);
  await seedDirectoryIfEmpty(runtime);
  const app = createLocalApp(runtime);
  const port = await listen(app.server, Number(process.env.PORT ?? 3000));
  const stopTimers = app.startTimers();
  // The first pass (expiry sweep, reminders, outbox drain) runs while the server already answers.
  app.runScheduledJobs().catch((cause: unknown) => runtime.log.error('scheduled.failed', { cause }));
  console.log(`本地云已启动 local cloud: http://127.0.0.1:${port}  (data: ${runtime.dataDir})`);
  const stop = () => {
    stopTimers();
    app.server.close(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

start().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
