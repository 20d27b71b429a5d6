import path from 'node:path';
import { createLocalRuntime, setRuntime } from '../../server/runtime/runtime';
import { createLocalApp } from '../../server/local-cloud/local-app';
import { listen } from '../../server/local-cloud/local-cloud';
import { readBody, sendJson } from '../../server/local-cloud/http-io';
import { openSqlite } from '../../server/store/sqlite/sqlite-database';
import { createLogger } from '../../server/kernel/logger';
import { seedDemoData } from '../../server/demo/demo-seed';
import { identityContextOf } from '../../server/identity/identity-context';
import { identityService } from '../../server/identity/identity.service';
import { EXAMPLE_FILING } from '../../test/support/example-filing';
import { nthResidentId } from '../../test/support/resident-ids';

/**
 * Submit accepts only the caller's verified self (issue 10): the bench's callers `resident-<n>`
 * (and `warm-<n>` of the warm-up, filing for person 2,000,000 + n) are verified up front, outside
 * the measurement, as many as a run can reach.
 */
export const PREBOUND = { measured: 60_000, warm: 10_000 };

async function bindBenchCallers(runtime: ReturnType<typeof createLocalRuntime>): Promise<void> {
  const identity = identityService(identityContextOf(runtime));
  const people: [string, number][] = [];
  for (let n = 1; n <= PREBOUND.measured; n++) people.push([`resident-${n}`, n]);
  for (let n = 1; n <= PREBOUND.warm; n++) people.push([`warm-${n}`, 2_000_000 + n]);
  for (let i = 0; i < people.length; i += 500) {
    await Promise.all(people.slice(i, i + 500).map(([openid, n]) => identity.seedVerified(openid, { name: EXAMPLE_FILING.applicant.name, idNumber: nthResidentId(n) })));
  }
}

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
  const started = Date.now();
  await bindBenchCallers(runtime);
  process.stderr.write(`verified ${PREBOUND.measured + PREBOUND.warm} bench callers in ${Date.now() - started} ms\n`);
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
