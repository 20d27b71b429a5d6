import { buildAll } from './build';
import { serveLocalCloud } from '../server/local-cloud/serve';

/**
 * `npm start`: build the mini-program and function bundles, open the embedded store under
 * DATA_DIR (seeding demo data on first start), and serve the local cloud on loopback.
 */
async function start(): Promise<void> {
  await buildAll();
  const served = await serveLocalCloud({ port: Number(process.env.PORT ?? 3000) });
  console.log(`本地云已启动 local cloud: http://127.0.0.1:${served.port}  (data: ${served.runtime.dataDir})`);
  const stop = () => {
    void served.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

start().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
