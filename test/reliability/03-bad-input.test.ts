import fc from 'fast-check';
import { materialStorage } from '../../server/storage/material-storage';
import type { Result } from '../../core/errors/result';
import { FUNCTIONS } from '../../server/local-cloud/function-registry';
import { allActions, COVERED_FUNCTIONS, validExample, type ExampleRefs } from './support/actions';
import { refusalProblems } from './support/coded-answer';
import { callHttp } from './support/http-client';
import { malformedEvents } from './support/malformed';
import { dataOf, filingFor, startReliabilityHarness, type ReliabilityHarness } from './support/reliability-harness';
import { figure, idNumberFor, recordFigures, recordIdNumbers, type Figure } from './support/run-dir';
import { rowCounts } from './support/store-probe';
import { jpegBytes } from '../support/material-bytes';

/**
 * 10,000 generated malformed payloads per action through the real entries: each must be refused
 * with REQUEST.INVALID (Chinese messages, no 500, no crash) and write nothing. Actions without
 * input have nothing to break: they get 10,000 payloads of hostile extra keys instead.
 */
const PART = '03-bad-input';
const RUNS = Number(process.env.RELIABILITY_FUZZ_RUNS ?? 10_000);
const HTTP_PER_ACTION = 10;
const IDENTITIES = [undefined, 'demo-resident-1', 'demo-resident-2', 'demo-staff-suzhou', 'demo-staff-beijing', 'demo-admin'];
/** Who calls the input-less actions: someone they answer, never one whose call writes. */
const JUNK_CALLER: Record<string, string> = {
  'filing.getDraft': 'demo-resident-1',
  'review.whoami': 'demo-staff-suzhou',
  'review.queueCounts': 'demo-staff-suzhou',
  'review.staffList': 'demo-admin',
  'notification.templates': 'demo-resident-1',
  'notification.unreadCount': 'demo-resident-1',
  'scheduler.tick': 'demo-resident-1',
};

let h: ReliabilityHarness;
let refs: ExampleRefs;
let before: Record<string, number>;
const figures: Figure[] = [];
const httpSamples: { fn: string; event: Record<string, unknown> }[] = [];

beforeAll(async () => {
  h = await startReliabilityHarness(PART);
  const idNumber = idNumberFor(40, 0);
  recordIdNumbers(PART, [idNumber, idNumberFor(40, 1)]);
  await h.bind('demo-resident-1', idNumber);
  const filing = dataOf(await h.call<{ id: string }>('filing', 'demo-resident-1', { action: 'submit', idempotencyKey: 'seed', filing: filingFor(idNumber) }));
  const file = dataOf(await materialStorage(h.ctx).upload('demo-resident-1', '居住证明.jpg', jpegBytes('jpeg bytes')));
  refs = { filingId: filing.id, fileId: file.fileId, idNumber: idNumberFor(40, 1) };
  dataOf(await h.call('scheduler', 'demo-admin', { action: 'tick' }));
  before = rowCounts(h.dataDir);
});

afterAll(async () => {
  await h.close();
  recordFigures(PART, figures);
});

interface Tally {
  sent: number;
  skippedValid: number;
  problems: string[];
}

it('covers every hosted function', () => {
  expect(Object.keys(FUNCTIONS).filter((f) => !COVERED_FUNCTIONS.includes(f))).toEqual([]);
});

describe('malformed payloads, in process', () => {
  const tallies = new Map<string, Tally>();
  afterAll(() => {
    const all = [...tallies.values()];
    const sent = all.reduce((n, t) => n + t.sent, 0);
    const problems = all.flatMap((t) => t.problems);
    const skipped = all.reduce((n, t) => n + t.skippedValid, 0);
    const after = rowCounts(h.dataDir);
    const changed = Object.keys({ ...before, ...after }).filter((t) => before[t] !== after[t]);
    figures.push(
      figure(`generated payloads: ${tallies.size} actions × ${RUNS.toLocaleString('en')} (in process)`, `${sent.toLocaleString('en')} sent (${skipped.toLocaleString('en')} valid-by-chance skipped)`, sent >= tallies.size * RUNS),
      figure('answers that crashed, were SYSTEM.INTERNAL, an unknown code or not Chinese', problems.length, problems.length === 0),
      figure(`row counts of the ${Object.keys(after).length} tables after the payloads`, changed.length === 0 ? 'unchanged' : `changed: ${changed.join(', ')}`, changed.length === 0),
      figure('Object.prototype polluted', ({} as Record<string, unknown>).polluted === undefined ? 'no' : 'yes', ({} as Record<string, unknown>).polluted === undefined),
    );
  });

  it.each(allActions().map((a) => [`${a.fn}.${a.action}`, a] as const))('%s', async (_name, ref) => {
    const valid = validExample(ref.fn, ref.action, refs);
    const junkMode = Object.keys(valid).length === 0;
    const tally: Tally = { sent: 0, skippedValid: 0, problems: [] };
    tallies.set(`${ref.fn}.${ref.action}`, tally);
    const arbitrary = malformedEvents(ref.action, valid);
    for (let seed = 1; tally.sent < RUNS && seed < 20; seed++) {
      for (const event of fc.sample(arbitrary, { numRuns: RUNS, seed: seed * 7919 + tally.sent })) {
        if (tally.sent >= RUNS) break;
        const malformed = !ref.schema.safeParse(event).success;
        if (!junkMode && !malformed) {
          tally.skippedValid += 1;
          continue;
        }
        const caller = junkMode ? (JUNK_CALLER[`${ref.fn}.${ref.action}`] ?? 'demo-resident-2') : IDENTITIES[tally.sent % IDENTITIES.length];
        let result: Result<unknown>;
        try {
          result = await h.call(ref.fn, caller, event);
        } catch (error) {
          tally.problems.push(`threw: ${String(error)}`);
          continue;
        }
        tally.sent += 1;
        const problems = refusalProblems(result);
        if (!junkMode && (result.ok || result.error.code !== 'REQUEST.INVALID')) problems.push(`answered ${result.ok ? 'ok' : result.error.code}`);
        if (problems.length > 0) tally.problems.push(`${problems.join('; ')} for ${JSON.stringify(event).slice(0, 300)}`);
        if (tally.sent <= HTTP_PER_ACTION) httpSamples.push({ fn: ref.fn, event });
      }
    }
    expect(tally.problems.slice(0, 5)).toEqual([]);
    expect(tally.sent).toBe(RUNS);
  });
});

describe('malformed payloads and bodies, over HTTP', () => {
  it('answers each with a coded refusal, never a 500', async () => {
    const base = await h.serve();
    const problems: string[] = [];
    let sent = 0;
    for (const { fn, event } of httpSamples) {
      const answer = await callHttp(base, fn, 'demo-resident-2', event);
      sent += 1;
      const p = refusalProblems(answer.body);
      if (answer.status !== 200) p.push(`HTTP ${answer.status}`);
      if (p.length > 0) problems.push(`${fn}: ${p.join('; ')}`);
    }
    const raw = [
      '{"action":"get","region":"\\ud800"}', '{"action":"get","region":"\u202E320500"}', '{"action":', '', 'null', '[]', '"x"',
      '{"__proto__":{"action":"get"}}', `${'['.repeat(5000)}${']'.repeat(5000)}`, `{"action":"check","filing":${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}}`,
    ];
    const bytes = [Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.alloc(2 * 1024 * 1024, 0x20)];
    for (const fn of ['policy', 'filing', 'review', 'institution', 'notification']) {
      for (const body of [...raw, ...bytes]) {
        const res = await fetch(`${base}/fn/${fn}`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-wx-openid': 'demo-resident-2' } });
        const answer = (await res.json()) as Result<unknown>;
        sent += 1;
        const p = refusalProblems(answer);
        if (![200, 400, 413].includes(res.status)) p.push(`HTTP ${res.status}`);
        if (answer.ok && fn !== 'policy') p.push('accepted');
        if (p.length > 0) problems.push(`${fn} raw: ${p.join('; ')}`);
      }
    }
    const after = rowCounts(h.dataDir);
    const changed = Object.keys(after).filter((t) => before[t] !== after[t]);
    figures.push(figure('malformed payloads and raw bodies over HTTP → coded refusal, no 500; rows changed', `${sent} sent, ${problems.length} bad answers; ${changed.length} tables changed`, problems.length === 0 && changed.length === 0));
    expect(problems).toEqual([]);
    expect(changed).toEqual([]);
  });
});
