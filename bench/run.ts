import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * `npm run bench [filter]`: runs each bench/*.bench.ts (or those whose name contains the filter)
 * one after another, each in its own process so none skews another, then prints the BENCH lines
 * together. Exits non-zero only when a bench crashed; a missed goal is a figure, not a failure.
 */
const BENCH_DIR = __dirname;
const ROOT = path.resolve(BENCH_DIR, '..');

function main(): number {
  const filter = process.argv[2] ?? '';
  const benches = fs
    .readdirSync(BENCH_DIR)
    .filter((file) => file.endsWith('.bench.ts') && file.includes(filter))
    .sort();
  if (benches.length === 0) {
    console.error(`no bench matches "${filter}"`);
    return 1;
  }
  const summary: string[] = [];
  const crashed: string[] = [];
  for (const bench of benches) {
    console.log(`\n=== ${bench}`);
    const run = spawnSync('npx', ['tsx', path.join('bench', bench)], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    process.stdout.write(run.stdout ?? '');
    process.stderr.write(run.stderr ?? '');
    if (run.status !== 0) crashed.push(`${bench} (exit ${run.status ?? run.signal})`);
    summary.push(...(run.stdout ?? '').split('\n').filter((line) => line.startsWith('BENCH ')));
  }
  console.log('\n=== summary');
  for (const line of summary) console.log(line);
  if (crashed.length > 0) {
    console.error(`crashed: ${crashed.join(', ')}`);
    return 1;
  }
  return 0;
}

process.exit(main());
