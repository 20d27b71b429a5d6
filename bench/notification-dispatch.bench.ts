import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLocalRuntime, setRuntime } from '../server/runtime/runtime';
import { createLogger } from '../server/kernel/logger';
import { notificationContextOf } from '../server/notification/notification-context';
import { dispatchPending } from '../server/notification/dispatcher';
import { Collections, type FilingRecord, type OutboxRecord } from '../server/filing/filing-records';
import { creditId, type SendCreditRecord } from '../server/notification/notification-records';
import type { WriteOp } from '../server/store/document-store';
import { DEFAULT_NOTIFICATION_CONFIG } from '../core/notification/template-config';

/**
 * Dispatch rate: outbox rows (decisions) → inbox message in the hand-over batch + a subscribe
 * message to the local sink (a file append) + its recorded result, for applicants who each
 * accepted the template. Baseline in the same run: bare single-row inserts through the same
 * store (one commit each), the floor of any design that writes a message durably.
 * Passes are bounded (`maxRows`), so the timed part runs passes until one finds nothing left and
 * counts them (the last, empty pass included). ratio = dispatch rate / goal (1,000 messages/s).
 */
const ROWS = Number(process.env.BENCH_ROWS ?? 5000);
const GOAL = 1000;

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-notify-'));
  const runtime = createLocalRuntime({ dataDir, log: createLogger(() => undefined) });
  setRuntime(runtime);
  const ctx = notificationContextOf(runtime);
  const repo = ctx.filing.repo;
  const templateId = DEFAULT_NOTIFICATION_CONFIG.templates.filingResult!.templateId;
  const at = new Date().toISOString();

  // Baseline: bare inserts, one atomic commit per row.
  let t = process.hrtime.bigint();
  for (let i = 0; i < ROWS; i++) {
    const doc = { id: `bare-${i}`, version: 1, at };
    await repo.commit([{ kind: 'create', collection: Collections.idempotency, doc }]);
  }
  const bareSeconds = Number(process.hrtime.bigint() - t) / 1e9;

  // Setup (not timed): ROWS approvals waiting in the outbox, each applicant holding one credit.
  const ops: WriteOp[] = [];
  for (let i = 0; i < ROWS; i++) {
    const openid = `bench-${i}`;
    const row: OutboxRecord = {
      id: `ob-${String(i).padStart(6, '0')}`, filingId: `filing-${i}`, event: 'approve', from: 'in_review', to: 'approved',
      applicantOpenid: openid, insuredRegion: '320500', createdAt: at, state: 'pending', version: 1,
    };
    const filing: FilingRecord = {
      id: `filing-${i}`, version: 3, applicantOpenid: openid, personHash: `p-${i}`, type: 'long_term_residence', status: 'approved',
      insuranceType: 'employee', insuredRegion: '320500', insuredCity: '320500', insuredProvince: '320000', treatmentRegion: '440300',
      treatmentProvince: '440000', startDate: '2026-12-01', proofKind: 'commitment', fileIds: [], pii: '', applicantNameMasked: '王*明',
      idNumberMasked: '320505********1234', submittedAt: at, updatedAt: at, decidedAt: at,
    };
    const credit: SendCreditRecord = { id: creditId(openid, templateId), version: 1, openid, templateId, remaining: 1, updatedAt: at };
    ops.push({ kind: 'create', collection: Collections.filings, doc: filing }, { kind: 'create', collection: Collections.outbox, doc: row }, { kind: 'create', collection: Collections.sendCredits, doc: credit });
  }
  await repo.commit(ops);

  // A pass is bounded (maxRows), as the timer's is: run passes until one finds nothing, and time them all.
  t = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  const report = { rows: 0, inbox: 0, sends: 0, sent: 0 };
  let passes = 0;
  for (;;) {
    const pass = await dispatchPending(ctx);
    passes += 1;
    if (pass.rows === 0) break;
    report.rows += pass.rows;
    report.inbox += pass.inbox;
    report.sends += pass.sends;
    report.sent += pass.sent;
    if (passes > ROWS) throw new Error(`dispatch does not drain: ${JSON.stringify(report)} after ${passes} passes`);
  }
  const dispatchSeconds = Number(process.hrtime.bigint() - t) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const dispatchCpuSeconds = (cpu.user + cpu.system) / 1e6;
  const sinkLines = ctx.sink!.sent().length;
  if (report.rows !== ROWS || report.sent !== ROWS || sinkLines !== ROWS) throw new Error(`incomplete dispatch: ${JSON.stringify(report)}, sink ${sinkLines}`);

  const bareRate = ROWS / bareSeconds;
  const dispatchRate = ROWS / dispatchSeconds;
  console.table({
    'bare insert (baseline)': { rows: ROWS, seconds: bareSeconds.toFixed(3), 'per second': Math.round(bareRate) },
    [`dispatch: inbox + subscribe send to sink (${passes} passes)`]: { rows: ROWS, seconds: dispatchSeconds.toFixed(3), 'per second': Math.round(dispatchRate) },
  });
  console.log(`dispatch rate / bare insert rate = ${(dispatchRate / bareRate).toFixed(2)}; ratio below = dispatch rate / goal ${GOAL}/s`);
  // On a shared machine the wall clock also counts the neighbours: the CPU time says what dispatch itself costs.
  console.log(`dispatch CPU time ${dispatchCpuSeconds.toFixed(3)} s: ${Math.round(ROWS / dispatchCpuSeconds)} messages per CPU-second (information, not the ratio)`);
  ctx.store.close();
  repo.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  const ratio = Number((dispatchRate / GOAL).toFixed(2));
  console.log(`BENCH ${JSON.stringify({ name: 'notification-dispatch', ratio, goal: 1, pass: ratio >= 1, rows: ROWS, passes, dispatchPerSecond: Math.round(dispatchRate), dispatchPerCpuSecond: Math.round(ROWS / dispatchCpuSeconds), bareInsertPerSecond: Math.round(bareRate) })}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
