import path from 'node:path';
import { createLocalRuntime, setRuntime } from '../../server/runtime/runtime';
import { createLocalApp } from '../../server/local-cloud/local-app';
import { listen } from '../../server/local-cloud/local-cloud';
import { readBody, sendJson } from '../../server/local-cloud/http-io';
import { openSqlite } from '../../server/store/sqlite/sqlite-database';
import { createLogger } from '../../server/kernel/logger';
import { seedDemoData } from '../../server/demo/demo-seed';

/**
 * The server under test for bench/submit-throughput: the real local cloud, plus a bare
 * endpoint on the same HTTP stack (same body reading, JSON parsing, SQLite file settings) that
 * inserts one row per request — the baseline. Prints its port on stdout.
 */
async function main(): Promise<void> {
  const dataDir = process.argv[2]!;
  // Logs of refusals would measure the terminal, not the service: keep errors only.
  const runtime = createLocalRuntime({ dataDir, log: createLogger(() => undefined) });
  setRuntime(runtime);
  await seedDemoData(runtime);
  const bare = openSqlite(path.join(dataDir, 'bare.sqlite'), [
    { id: '001-bare', sql: 'CREATE TABLE bare (id INTEGER PRIMARY KEY, doc TEXT NOT NULL)' },
  ]);
  const insert = bare.prepare('INSERT INTO bare (doc) VALUES (?)');
  const app = createLocalApp(runtime, [
    async (req, res, url) => {
      if (req.method !== 'POST' || url.pathname !== '/bare') return false;
      const body = JSON.parse((await readBody(req)).toString('utf8')) as unknown;
      const info = insert.run(JSON.stringify(body));
      sendJson(res, 200, { ok: true, data: { id: String(info.lastInsertRowid) } });
      return true;
    },
  ]);
  const port = await listen(app.server, 0);
  process.stdout.write(`${port}\n`);
  process.on('SIGTERM', () => process.exit(0));
}

void main();
