import { createLocalRuntime, setRuntime } from '../server/runtime/runtime';
import { listen } from '../server/local-cloud/local-cloud';
import { createLocalApp } from '../server/local-cloud/local-app';
import { seedDemoData } from '../server/demo/demo-seed';

/**
 * The local cloud as `npm start` runs it, without the build step (restarted 20 times by
 * scripts/crash-test.ts): real entries, post-call dispatch, and a fast timer. Prints READY <port>.
 */
async function serve(): Promise<void> {
  const runtime = createLocalRuntime();
  setRuntime(runtime);
  await seedDemoData(runtime);
  const app = createLocalApp(runtime);
  const port = await listen(app.server, Number(process.env.PORT ?? 0));
  app.startTimers(Number(process.env.TIMER_MS ?? 250));
  process.stdout.write(`READY ${port}\n`);
  // The first pass drains what the crash left; clients are served meanwhile.
  await app.runScheduledJobs();
}

serve().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
