import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildCloudFunctions } from '../scripts/build';
import { createLocalRuntime, setRuntime } from '../server/runtime/runtime';
import { createLogger } from '../server/kernel/logger';
import { platformTriggerContext, wechatContextFor } from '../server/kernel/wechat-context';
import { seedDemoData } from '../server/demo/demo-seed';
import { closeInstitutionRepository } from '../server/institution/institution-store';
import { seedDirectoryIfEmpty } from '../server/institution/seed-directory';
import { filingContextOf } from '../server/filing/filing-context';
import { notificationContextOf } from '../server/notification/notification-context';
import { FUNCTIONS } from '../server/local-cloud/function-registry';
import { exampleFilingOf } from '../test/support/example-filing';

/**
 * Cold start: each built bundle (dist/cloudfunctions/<name>/index.js) in a fresh Node process,
 * the way a function runtime starts one: spawn node, require the bundle, call `main` once with
 * a realistic first event and the WeChat context. Timed from spawn to the answer (the child
 * stamps it with the shared wall clock), so it includes process start, Node's bootstrap, the
 * bundle's module load, creating the runtime and the first call itself.
 * The runtime is what a bundle gets outside CloudBase: the embedded local runtime over a
 * DATA_DIR prepared beforehand like `npm start` leaves it (demo staff and identities, the 3,000 + famous seed
 * directory, one submitted filing), copied afresh for every run so no run sees another's writes.
 * Baseline in the same run: an empty bundle (`main` answers `{ ok: true }`) spawned, loaded and
 * called the same way. Goal: every function ≤ 3× the baseline (medians); ratio = the worst.
 */
const ROOT = path.resolve(__dirname, '..');
const REPS = Number(process.env.BENCH_COLD_REPS ?? 9);
const GOAL = 3;
const DEPENDENCIES = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies;

/** The child: a function runtime's bootstrap in miniature. Reports on fd 3 and exits. */
const PROBE = `
const fs = require('node:fs');
const booted = performance.now();
const [bundle, event, context] = process.argv.slice(2);
const loadedBefore = new Set(Object.keys(require.cache));
const fn = require(bundle);
const loaded = performance.now();
const packagesOf = (keys) => [...new Set(keys.filter((k) => !loadedBefore.has(k)).map((k) => (k.match(/node_modules\\/((@[^/]+\\/)?[^/]+)/) || [])[1]).filter(Boolean))];
const atLoad = packagesOf(Object.keys(require.cache));
Promise.resolve(fn.main(JSON.parse(event), JSON.parse(context))).then((result) => {
  const answered = performance.now();
  const all = packagesOf(Object.keys(require.cache));
  fs.writeSync(3, JSON.stringify({
    answeredAt: performance.timeOrigin + answered, booted, load: loaded - booted, call: answered - loaded,
    ok: result && result.ok === true, code: result && result.error && result.error.code,
    atLoad, atCall: all.filter((p) => !atLoad.includes(p)),
  }));
  process.exit(0);
});
`;

interface Probe {
  answeredAt: number;
  booted: number;
  load: number;
  call: number;
  ok: boolean;
  code?: string;
  atLoad: string[];
  atCall: string[];
}

interface Subject {
  name: string;
  bundle: string;
  /** What the first call is, for the table. */
  first: string;
  event: unknown;
  openid?: string;
  /** Invoked by the platform's own trigger (a context with no user in it), not by a client. */
  platform?: boolean;
  /** Baseline and information rows are not part of the goal. */
  goal: boolean;
}

/** The first call each function answers after a cold start: what its first page or trigger asks. */
const FIRST_CALLS: Record<string, Omit<Subject, 'name' | 'bundle' | 'goal'>> = {
  policy: { first: 'get 320500', event: { action: 'get', region: '320500' }, openid: 'demo-resident-1' },
  identity: { first: 'status (实名)', event: { action: 'status' }, openid: 'demo-resident-1' },
  filing: { first: 'list (我的备案)', event: { action: 'list' }, openid: 'demo-resident-1' },
  review: { first: 'queue (staff)', event: { action: 'queue' }, openid: 'demo-staff-suzhou' },
  institution: { first: 'search 苏州 + 医院', event: { action: 'search', region: '320500', keyword: '医院' } },
  notification: { first: 'unreadCount', event: { action: 'unreadCount' }, openid: 'demo-resident-1' },
  // The timer is told by its event and a context with no user (issue 11): a client context would be refused.
  scheduler: { first: 'timer tick', event: { Type: 'Timer', TriggerName: 'tick', Time: new Date().toISOString() }, platform: true },
};

function subjects(dist: string, extra: string): Subject[] {
  const built = fs.readdirSync(dist).filter((name) => fs.existsSync(path.join(dist, name, 'index.js')));
  // A new function must say what its first call is, or it would go unmeasured.
  const missing = built.filter((name) => !FIRST_CALLS[name]);
  if (missing.length > 0) throw new Error(`cold-start: no first call defined for ${missing.join(', ')}`);
  return [
    { name: 'empty (baseline)', bundle: path.join(extra, 'empty', 'index.js'), first: 'answers { ok: true }', event: {}, goal: false },
    ...Object.keys(FIRST_CALLS)
      .filter((name) => built.includes(name))
      .map((name) => ({ name, bundle: path.join(dist, name, 'index.js'), goal: true, ...FIRST_CALLS[name]! })),
    {
      name: '@cloudbase/node-sdk (info)',
      bundle: path.join(extra, 'sdk', 'index.js'),
      first: 'require the SDK, init()',
      event: {},
      goal: false,
    },
  ];
}

/** DATA_DIR as `npm start` leaves it, plus one filing waiting in 苏州's queue. */
async function prepareDataDir(dir: string): Promise<void> {
  const runtime = createLocalRuntime({ dataDir: dir, log: createLogger(() => undefined) });
  setRuntime(runtime);
  await seedDemoData(runtime);
  await seedDirectoryIfEmpty(runtime);
  const submitted = await FUNCTIONS.filing!(
    { action: 'submit', idempotencyKey: 'cold-start-1', filing: exampleFilingOf('demo-resident-1') },
    wechatContextFor('demo-resident-1', 'cold-start', 'filing'),
  );
  if (!submitted.ok) throw new Error(`setup submit failed: ${JSON.stringify(submitted.error)}`);
  notificationContextOf(runtime).store.close();
  filingContextOf(runtime).repo.close();
  closeInstitutionRepository(runtime);
  setRuntime(undefined);
}

function run(probe: string, subject: Subject, dataDir: string): Promise<Probe & { total: number }> {
  const context = subject.platform ? platformTriggerContext('cold-start', subject.name) : wechatContextFor(subject.openid, 'cold-start', subject.name);
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
  for (const k of ['TCB_ENV', 'SCF_NAMESPACE']) delete env[k];
  return new Promise((resolve, reject) => {
    const spawnedAt = performance.timeOrigin + performance.now();
    const child = spawn(process.execPath, [probe, subject.bundle, JSON.stringify(subject.event), JSON.stringify(context)], {
      cwd: dataDir,
      env,
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    });
    let report = '';
    let errors = '';
    child.stdio[3]!.on('data', (chunk: Buffer) => (report += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('exit', (code) => {
      if (code !== 0 || report === '') return reject(new Error(`${subject.name}: exit ${code}\n${errors}`));
      const probe = JSON.parse(report) as Probe;
      if (!probe.ok) return reject(new Error(`${subject.name}: first call answered ${probe.code}\n${errors}`));
      resolve({ ...probe, total: probe.answeredAt - spawnedAt });
    });
  });
}

/** Direct dependencies by name, their own dependencies as a count. */
function packages(loaded: string[]): string {
  if (loaded.length === 0) return '—';
  const direct = loaded.filter((p) => p in DEPENDENCIES);
  const rest = loaded.length - direct.length;
  return `${direct.join(', ')}${rest > 0 ? ` (+${rest} they load)` : ''}`;
}

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

async function main(): Promise<void> {
  await buildCloudFunctions();
  const dist = path.join(ROOT, 'dist', 'cloudfunctions');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cold-'));
  const extra = path.join(work, 'bundles');
  fs.mkdirSync(path.join(extra, 'empty'), { recursive: true });
  fs.writeFileSync(path.join(extra, 'empty', 'index.js'), 'exports.main = async () => ({ ok: true, data: {} });\n');
  fs.mkdirSync(path.join(extra, 'sdk'), { recursive: true });
  // Resolved from the repository's node_modules, as the function bundles resolve it.
  const sdk = require.resolve('@cloudbase/node-sdk');
  fs.writeFileSync(
    path.join(extra, 'sdk', 'index.js'),
    `const tcb = require(${JSON.stringify(sdk)});\nexports.main = async () => { tcb.init({ env: 'bench' }); return { ok: true, data: {} }; };\n`,
  );
  const probe = path.join(work, 'probe.js');
  fs.writeFileSync(probe, PROBE);
  const template = path.join(work, 'template');
  await prepareDataDir(template);

  const list = subjects(dist, extra);
  const samples = new Map<string, Array<Probe & { total: number }>>(list.map((s) => [s.name, []]));
  // Round-robin, so drift in the machine's load reaches every subject alike.
  for (let rep = 0; rep < REPS; rep++) {
    for (const subject of list) {
      const dataDir = path.join(work, `run-${rep}-${subject.name.replace(/\W+/g, '_')}`);
      fs.cpSync(template, dataDir, { recursive: true });
      samples.get(subject.name)!.push(await run(probe, subject, dataDir));
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  fs.rmSync(work, { recursive: true, force: true });

  const baseline = median(samples.get(list[0]!.name)!.map((s) => s.total));
  const rows = list.map((subject) => {
    const runs = samples.get(subject.name)!;
    const total = median(runs.map((r) => r.total));
    return {
      subject,
      total,
      spread: [Math.min(...runs.map((r) => r.total)), Math.max(...runs.map((r) => r.total))],
      boot: median(runs.map((r) => r.booted)),
      load: median(runs.map((r) => r.load)),
      call: median(runs.map((r) => r.call)),
      ratio: total / baseline,
      atLoad: runs[0]!.atLoad,
      atCall: runs[0]!.atCall,
    };
  });
  const f = (ms: number) => ms.toFixed(1).padStart(7);
  console.log(
    `\nCold start: fresh node process per run (spawn → Node bootstrap → require bundle → runtime + first call → answer), ${REPS} runs each, medians.`,
  );
  console.log('Runtime: the embedded local one (SQLite under a prepared DATA_DIR, opened by the first call), as outside CloudBase.');
  console.log('| function                   | first call           | total ms | (min–max)       | node boot | load ms | first call ms | × empty | external packages at load / at first call |');
  console.log('|----------------------------|----------------------|---------:|-----------------|----------:|--------:|--------------:|--------:|---|');
  for (const r of rows) {
    const spread = `${r.spread[0]!.toFixed(0)}–${r.spread[1]!.toFixed(0)}`.padEnd(15);
    const pkgs = `${packages(r.atLoad)} / ${packages(r.atCall)}`;
    console.log(
      `| ${r.subject.name.padEnd(26)} | ${r.subject.first.padEnd(20)} | ${f(r.total)}  | ${spread} | ${f(r.boot)}   | ${f(r.load)} | ${f(r.call)}       | ${r.ratio.toFixed(2).padStart(6)}× | ${pkgs} |`,
    );
  }
  console.log('node boot = time from process start to the probe\'s first line (the same for every bundle).');
  console.log('The last row is not a function: what loading @cloudbase/node-sdk alone costs, which the CloudBase runtime adds in production.');
  const goalRows = rows.filter((r) => r.subject.goal);
  const worst = goalRows.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  const ratio = Number(worst.ratio.toFixed(2));
  console.log(
    `BENCH ${JSON.stringify({ name: 'cold-start', ratio, goal: GOAL, pass: ratio <= GOAL, lowerIsBetter: true, worst: worst.subject.name, baselineMs: Number(baseline.toFixed(1)), worstMs: Number(worst.total.toFixed(1)), runs: REPS })}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
