import { buildAll } from './build';
import { createLocalRuntime, setRuntime } from '../server/runtime/runtime';
import { createLocalCloud, listen } from '../server/local-cloud/local-cloud';
import { FUNCTIONS } from '../server/local-cloud/function-registry';
import fs from 'node:fs';

/**
 * `npm start`: build the mini-program and function bundles, open the embedded store under
 * DATA_DIR (seeding demo data on first start), and serve the local cloud on loopback.
 */
async function start(): Promise<void> {
  await buildAll();
  const runtime = createLocalRuntime();
  fs.mkdirSync(runtime.dataDir, { recursive: true });
  setRuntime(runtime);
  const server = createLocalCloud({ runtime, functions: FUNCTIONS });
  const port = await listen(server, Number(process.env.PORT ?? 3000));
  console.log(`本地云已启动 local cloud: http://127.0.0.1:${port}  (data: ${runtime.dataDir})`);
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

start().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
