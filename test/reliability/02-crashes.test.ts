import path from 'node:path';
import Database from 'better-sqlite3';
import { ERROR_MESSAGES } from '../../core/errors/error-code';
import type { Result } from '../../core/errors/result';
import { chinaToday } from '../../core/time/china-date';
import { freePort, startChildServer, type ChildServer } from './support/child-server';
import { callHttp } from './support/http-client';
import { filingFor } from './support/reliability-harness';
import { EXAMPLE_FILING } from '../support/example-filing';
import { decisionsOf, readTrails, trailProblems } from './support/store-probe';
import { figure, idNumberFor, logFileOf, partDataDir, recordFigures, recordIdNumbers } from './support/run-dir';

/**
 * The local cloud as its own process, killed with SIGKILL 20 times under a steady load of
 * submits and decisions and restarted each time. Clients behave like the mini-program: a call
 * whose answer was lost is sent again (same idempotency key), until it is answered.
 */
const PART = '02-crashes';
const KILLS = 20;
const WORKERS = 6;
const REVIEWER = 'demo-staff-suzhou';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let server: ChildServer | undefined;
afterAll(async () => {
  await server?.crash();
});

it('loses no answered submit or decision, doubles none, and notifies each approval once', async () => {
  const dataDir = partDataDir(PART);
  const logFile = logFileOf(`${PART}-server`);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const started = Date.now();
  server = await startChildServer(dataDir, port, logFile);

  const acked = new Map<string, { openid: string; idNumber: string }>();
  const decided = new Map<string, 'approved' | 'rejected'>();
  const unexpected: string[] = [];
  const used: string[] = [];
  let retries = 0;
  let calls = 0;
  let stopped = false;
  let next = 0;

  /** Sends until answered (a crash only delays the answer); undefined once the load stops. */
  const untilAnswered = async (fn: string, openid: string, event: unknown): Promise<Result<unknown> | undefined> => {
    while (!stopped) {
      try {
        calls += 1;
        const answer = await callHttp(base, fn, openid, event);
        if (answer.status !== 200) unexpected.push(`${fn}.${(event as { action: string }).action}: HTTP ${answer.status}`);
        return answer.body;
      } catch {
        retries += 1;
        await sleep(25);
      }
    }
    return undefined;
  };
  const refusal = (r: Result<unknown>, allowed: string[], what: string) => {
    if (!r.ok && !allowed.includes(r.error.code)) unexpected.push(`${what}: ${r.error.code}`);
  };

  /** 实名认证 as the phone does it (start, the face, confirm), each step sent until answered. */
  const verify = async (openid: string, idNumber: string): Promise<boolean | undefined> => {
    const started = await untilAnswered('identity', openid, { action: 'start', name: EXAMPLE_FILING.applicant.name, idNumber, purpose: 'self' });
    if (!started) return undefined;
    if (!started.ok) {
      refusal(started, [], 'identity.start');
      return false;
    }
    const { verifyId } = started.data as { verifyId: string };
    for (let answered = false; !answered && !stopped;) {
      try {
        calls += 1;
        const res = await fetch(`${base}/dev/face`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ verifyId, outcome: 'pass' }) });
        refusal((await res.json()) as Result<unknown>, [], 'dev.face');
        answered = true;
      } catch {
        retries += 1;
        await sleep(25);
      }
    }
    const confirmed = await untilAnswered('identity', openid, { action: 'confirm', verifyId });
    if (!confirmed) return undefined;
    refusal(confirmed, [], 'identity.confirm');
    return confirmed.ok;
  };

  const worker = async (w: number) => {
    const openid = `crash-resident-${w}`;
    while (!stopped) {
      const n = next++;
      const idNumber = idNumberFor(30, n);
      used.push(idNumber);
      // Each filing is for the person the worker's account has just verified as.
      const verified = await verify(openid, idNumber);
      if (verified === undefined) return;
      if (!verified) continue;
      const submitted = await untilAnswered('filing', openid, {
        action: 'submit',
        idempotencyKey: `crash-${n}`,
        filing: filingFor(idNumber, { startDate: chinaToday() }),
      });
      if (!submitted) return;
      if (!submitted.ok) {
        refusal(submitted, [], 'submit');
        continue;
      }
      const id = (submitted.data as { id: string }).id;
      acked.set(id, { openid, idNumber });
      if (n % 5 === 4) continue; // some filings stay waiting in the queue
      const claim = await untilAnswered('review', REVIEWER, { action: 'claim', id });
      if (!claim) return;
      // A claim whose answer was lost shows up as ALREADY_CLAIMED on the retry: it is ours.
      refusal(claim, ['FILING.ALREADY_CLAIMED'], 'claim');
      const approve = n % 3 !== 0;
      const decision = await untilAnswered('review', REVIEWER, approve ? { action: 'approve', id } : { action: 'reject', id, reason: '材料不全，请补充后重新申请' });
      if (!decision) return;
      if (decision.ok) decided.set(id, approve ? 'approved' : 'rejected');
      // Likewise a decision committed just before a crash answers ALREADY_DECIDED on the retry.
      else refusal(decision, ['FILING.ALREADY_DECIDED'], 'decide');
    }
  };

  const load = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
  for (let kill = 0; kill < KILLS; kill++) {
    await sleep(600 + Math.floor(Math.random() * 900));
    await server.crash();
    server = await startChildServer(dataDir, port, logFile);
  }
  await sleep(500);
  stopped = true;
  await load;

  // Let the restarted server drain what the crashes left in the outbox (its timer runs every 200 ms).
  const pendingOutbox = () => {
    const db = new Database(path.join(dataDir, 'filings.sqlite'), { readonly: true });
    try {
      return db.prepare("SELECT count(*) FROM filing_audit WHERE state = 'pending'").pluck().get() as number;
    } finally {
      db.close();
    }
  };
  for (let i = 0; i < 100 && pendingOutbox() > 0; i++) await sleep(100);
  const pendingLeft = pendingOutbox();

  // Every answered submit is there, through the API as the resident sees it.
  let missing = 0;
  for (const [id, { openid }] of acked) {
    const got = await callHttp(base, 'filing', openid, { action: 'get', id });
    if (!got.body.ok) missing += 1;
  }
  const trails = readTrails(dataDir);
  const missingOnDisk = [...acked.keys()].filter((id) => !trails.has(id)).length;
  const broken = [...trails.values()].filter((t) => trailProblems(t).length > 0);
  const doubled = [...trails.values()].filter((t) => decisionsOf(t) > 1).length;
  const lostDecisions = [...decided].filter(([id, status]) => trails.get(id)?.status !== status || decisionsOf(trails.get(id)!) !== 1).length;

  // Each approval reached the applicant's inbox exactly once (message ID = msg:<outbox row>).
  const db = new Database(path.join(dataDir, 'filings.sqlite'), { readonly: true });
  const inbox = (db.prepare('SELECT doc FROM notification_inbox').all() as { doc: string }[]).map((r) => JSON.parse(r.doc) as { sourceId: string; recipientOpenid: string });
  db.close();
  const approvals = [...trails.values()].filter((t) => t.status === 'approved');
  let notifiedOnce = 0;
  for (const t of approvals) {
    const rows = t.outbox.filter((o) => o.event === 'approve');
    const messages = rows.length === 1 ? inbox.filter((m) => m.sourceId === rows[0]!.id && m.recipientOpenid === t.applicantOpenid).length : 0;
    if (messages === 1) notifiedOnce += 1;
  }
  await server.crash();
  server = undefined;
  recordIdNumbers(PART, used);

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  recordFigures(PART, [
    figure('SIGKILLs of the local cloud process under load (6 clients), restarted each time', `${KILLS} kills, ${calls} calls, ${retries} resent after a crash, ${seconds} s`, true),
    figure('submits answered ok → present after the restarts (API / on disk)', `${acked.size - missing} / ${acked.size - missingOnDisk} of ${acked.size}`, missing === 0 && missingOnDisk === 0),
    figure('decisions answered ok → kept as answered; filings decided twice', `${decided.size - lostDecisions} of ${decided.size}; ${doubled} doubled`, lostDecisions === 0 && doubled === 0),
    figure('filings whose audit/outbox trail is inconsistent', `${broken.length} of ${trails.size}`, broken.length === 0),
    figure('approvals notified exactly once in the applicant inbox', `${notifiedOnce} of ${approvals.length}; outbox pending after drain: ${pendingLeft}`, notifiedOnce === approvals.length && pendingLeft === 0),
    figure('unexpected answers (any other code, HTTP ≠ 200, SYSTEM.INTERNAL)', unexpected.length, unexpected.length === 0),
  ]);

  expect(unexpected).toEqual([]);
  expect(acked.size).toBeGreaterThan(KILLS);
  expect({ missing, missingOnDisk, lostDecisions, doubled }).toEqual({ missing: 0, missingOnDisk: 0, lostDecisions: 0, doubled: 0 });
  expect(broken.map((t) => [t.id, trailProblems(t)])).toEqual([]);
  expect(pendingLeft).toBe(0);
  expect(notifiedOnce).toBe(approvals.length);
  expect(Object.keys(ERROR_MESSAGES)).toContain('FILING.ALREADY_DECIDED');
});
