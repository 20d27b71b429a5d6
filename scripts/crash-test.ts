import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
// The crash test is a test tool: it files the same example the suites use.
import { exampleFiling } from '../test/support/example-filing';
import { nthResidentId } from '../test/support/resident-ids';

/**
 * Crash test of issue 6: the real local cloud runs as a child process on a temp DATA_DIR while
 * residents subscribe and submit and a reviewer decides; the child is killed with SIGKILL at a
 * random moment, restarted, and after each restart (one timer pass to settle) every transition
 * must have exactly one inbox message and every outbox row be done. Subscribe sends recorded by
 * the sink (an append-only file, it survives the kill) are counted; a duplicate can only come
 * from a kill between a send and its record.
 */
const ROOT = path.resolve(__dirname, '..');
const SERVER = path.join(ROOT, 'scripts', 'crash-test-server.ts');
const RESULT_TEMPLATE = 'local-filing-result';
const STAFF = 'demo-staff-suzhou';

export interface CrashReport {
  kills: number;
  filings: number;
  decided: number;
  transitions: number;
  inboxMessages: number;
  /** Transitions without exactly one inbox message, summed over every check. */
  inboxViolations: number;
  /** Outbox rows still pending after a restart settled. */
  pendingAfterSettle: number;
  deliveries: number;
  sinkSends: number;
  duplicateSends: number;
  /** Deliveries marked sent that the sink never recorded: must be 0. */
  sentNotRecorded: number;
  /** Deliveries left pending (held by a dead sender past the last check). */
  undelivered: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function start(dataDir: string): Promise<{ child: ChildProcess; base: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SERVER], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        PORT: '0',
        TIMER_MS: '200',
        NOTIFY_CONFIG: JSON.stringify({ delivery: { leaseSeconds: 1, backoffSeconds: 1 } }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /READY (\d+)/.exec(out);
      if (m) resolve({ child, base: `http://127.0.0.1:${m[1]}` });
    });
    child.stderr!.resume();
    child.once('exit', (code) => reject(new Error(`server exited early (${code}): ${out.slice(-500)}`)));
  });
}

async function call(base: string, fn: string, openid: string, event: Record<string, unknown>): Promise<{ ok: boolean; data?: { id?: string } }> {
  const res = await fetch(`${base}/fn/${fn}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-wx-openid': openid }, body: JSON.stringify(event) });
  return (await res.json()) as { ok: boolean; data?: { id?: string } };
}

/** 实名认证 as a new resident does it: identity.start, the face (POST /dev/face), identity.confirm. */
async function verify(base: string, openid: string, person: { name: string; idNumber: string }): Promise<boolean> {
  const started = await call(base, 'identity', openid, { action: 'start', ...person, purpose: 'self' }) as { ok: boolean; data?: { verifyId?: string } };
  if (!started.ok || !started.data?.verifyId) return false;
  await fetch(`${base}/dev/face`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ verifyId: started.data.verifyId, outcome: 'pass' }) });
  return (await call(base, 'identity', openid, { action: 'confirm', verifyId: started.data.verifyId })).ok;
}

/** One resident's whole story: verify, subscribe, submit, get claimed and decided. Stops at the kill. */
async function story(base: string, n: number, counts: { filings: number }): Promise<void> {
  const openid = `crash-resident-${n}`;
  const applicant = { name: '王小明', idNumber: nthResidentId(n), phone: '13800138000' };
  if (!(await verify(base, openid, applicant))) return;
  await call(base, 'notification', openid, { action: 'subscribe', result: { [RESULT_TEMPLATE]: 'accept' } });
  const filing = exampleFiling({ applicant });
  const submitted = await call(base, 'filing', openid, { action: 'submit', idempotencyKey: `crash-${n}`, filing });
  if (!submitted.ok || !submitted.data?.id) return;
  counts.filings += 1;
  const id = submitted.data.id;
  await call(base, 'review', STAFF, { action: 'claim', id });
  const decision = (['approve', 'reject', 'return'] as const)[n % 3]!;
  await call(base, 'review', STAFF, { action: decision, id, ...(decision === 'approve' ? {} : { reason: '材料不全，请补充居住证明' }) });
}

/** What one look at the data shows: the report without the kill count. */
type Check = Omit<CrashReport, 'kills'>;

/** Reads the store and the sink file directly (WAL lets it read beside the running server). */
function check(dataDir: string): Check {
  const db = new Database(path.join(dataDir, 'filings.sqlite'), { readonly: true });
  try {
    const one = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    const transitions = one(`SELECT count(*) AS n FROM filing_audit WHERE json_extract(doc, '$.event') NOT IN ('pii_access', 'change_requested')`);
    // Each transition's outbox row must have exactly one applicant message (msg:<outbox id>).
    const inboxViolations = one(`
      SELECT count(*) AS n FROM filing_audit o
      WHERE o.state IS NOT NULL AND (SELECT count(*) FROM notification_inbox i WHERE i.id = 'msg:' || o.id) != 1`)
      + Math.abs(transitions - one('SELECT count(*) AS n FROM filing_audit WHERE state IS NOT NULL'));
    const sent = new Map<string, number>();
    const sinkFile = path.join(dataDir, 'dev-sent.jsonl');
    let sinkSends = 0;
    if (fs.existsSync(sinkFile)) {
      for (const line of fs.readFileSync(sinkFile, 'utf8').split('\n')) {
        if (!line) continue;
        try {
          const m = JSON.parse(line) as { deliveryId: string };
          sent.set(m.deliveryId, (sent.get(m.deliveryId) ?? 0) + 1);
          sinkSends += 1;
        } catch {
          // a line cut by the kill: not delivered
        }
      }
    }
    const deliveries = db.prepare('SELECT id, json_extract(doc, \'$.state\') AS state FROM notification_deliveries').all() as { id: string; state: string }[];
    return {
      filings: one('SELECT count(*) AS n FROM filings'),
      decided: one(`SELECT count(*) AS n FROM filings WHERE status IN ('approved', 'rejected', 'returned')`),
      transitions,
      inboxMessages: one(`SELECT count(*) AS n FROM notification_inbox WHERE json_extract(doc, '$.audience') = 'applicant'`),
      inboxViolations,
      pendingAfterSettle: one(`SELECT count(*) AS n FROM filing_audit WHERE state = 'pending'`),
      deliveries: deliveries.length,
      sinkSends,
      duplicateSends: [...sent.values()].reduce((sum, c) => sum + (c - 1), 0),
      sentNotRecorded: deliveries.filter((d) => d.state === 'sent' && !sent.has(d.id)).length,
      undelivered: deliveries.filter((d) => d.state === 'pending').length,
    };
  } finally {
    db.close();
  }
}

export async function runCrashTest(options: { kills?: number; workers?: number; log?: (line: string) => void } = {}): Promise<CrashReport> {
  const kills = options.kills ?? 20;
  const workers = options.workers ?? 4;
  const log = options.log ?? ((line: string) => console.log(line));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crash-test-'));
  let next = 0;
  let inboxViolations = 0;
  let pendingAfterSettle = 0;
  const counts = { filings: 0 };
  try {
    for (let round = 1; round <= kills; round++) {
      const { child, base } = await start(dataDir);
      // Settle what the previous kill left: one pass now, one after the 1 s delivery lease.
      await call(base, 'scheduler', 'demo-admin', { action: 'tick' });
      if (round > 1) {
        await sleep(1100);
        await call(base, 'scheduler', 'demo-admin', { action: 'tick' });
        const c = check(dataDir);
        inboxViolations += c.inboxViolations;
        pendingAfterSettle += c.pendingAfterSettle;
        log(`round ${round - 1}: filings ${c.filings}, transitions ${c.transitions}, inbox ${c.inboxMessages}, violations ${c.inboxViolations}, pending ${c.pendingAfterSettle}, sends ${c.sinkSends}, duplicates ${c.duplicateSends}`);
      }
      let killed = false;
      const running = Array.from({ length: workers }, async () => {
        while (!killed) {
          try {
            await story(base, next++, counts);
          } catch {
            return; // the connection died with the server
          }
        }
      });
      await sleep(150 + Math.floor(Math.random() * 500));
      killed = true;
      child.kill('SIGKILL');
      await Promise.allSettled(running);
      await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve)));
    }
    // The final restart and settle: everything must be delivered by now.
    const { child, base } = await start(dataDir);
    await call(base, 'scheduler', 'demo-admin', { action: 'tick' });
    await sleep(1100);
    await call(base, 'scheduler', 'demo-admin', { action: 'tick' });
    child.kill('SIGKILL');
    const c = check(dataDir);
    inboxViolations += c.inboxViolations;
    pendingAfterSettle += c.pendingAfterSettle;
    return { ...c, kills, inboxViolations, pendingAfterSettle };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const kills = Number(process.argv[2] ?? 20);
  runCrashTest({ kills }).then((r) => {
    console.table({
      'SIGKILLs': r.kills,
      'filings submitted': r.filings,
      'decided (approved/rejected/returned)': r.decided,
      'transitions (audit rows)': r.transitions,
      'applicant inbox messages': r.inboxMessages,
      'transitions without exactly one inbox message': r.inboxViolations,
      'outbox rows pending after settle': r.pendingAfterSettle,
      'subscribe deliveries': r.deliveries,
      'sink sends recorded': r.sinkSends,
      'duplicate sends (kill between send and record)': r.duplicateSends,
      'marked sent but not in sink': r.sentNotRecorded,
      'left undelivered': r.undelivered,
    });
    const pass = r.inboxViolations === 0 && r.pendingAfterSettle === 0 && r.sentNotRecorded === 0 && r.undelivered === 0;
    console.log(`CRASH ${JSON.stringify({ ...r, pass })}`);
    process.exit(pass ? 0 : 1);
  }).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
