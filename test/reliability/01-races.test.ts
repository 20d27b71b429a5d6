import { Collections } from '../../server/filing/filing-records';
import { callHttp } from './support/http-client';
import { codesText, runDecisionRace, type Call, type RaceReport, type RaceStyle } from './support/decision-race';
import { makeResidentId } from '../support/resident-ids';
import { dataOf, filingFor, startReliabilityHarness, type ReliabilityHarness } from './support/reliability-harness';
import { figure, idNumberFor, recordFigures, recordIdNumbers, type Figure } from './support/run-dir';

const PART = '01-races';
const SECOND_REVIEWER = 'race-staff-suzhou-2';

let h: ReliabilityHarness;
let base: string;
const figures: Figure[] = [];
const used: string[] = [];

beforeAll(async () => {
  h = await startReliabilityHarness(PART);
  base = await h.serve();
  dataOf(await h.call('review', 'demo-admin', { action: 'staffAdd', openid: SECOND_REVIEWER, name: '苏州市医保中心 复核员', role: 'reviewer', regions: ['320500'] }));
  // Staff decide only once verified (identity issue): the second reviewer is a verified person too.
  await h.bind(SECOND_REVIEWER, makeResidentId('320508', '19900606', 35));
});

afterAll(async () => {
  await h.close();
  recordFigures(PART, figures);
  recordIdNumbers(PART, used);
});

const conflictsLogged = () => h.logs.filter((l) => l.includes('"event":"filing.conflict"')).length;

describe('races', () => {
  it('1,000 concurrent HTTP submits with one idempotency key make exactly one filing', async () => {
    const idNumber = idNumberFor(0, 0);
    used.push(idNumber);
    await h.bind('demo-resident-1', idNumber);
    const event = { action: 'submit', idempotencyKey: 'one-key-for-all', filing: filingFor(idNumber) };
    const answers = await Promise.all(Array.from({ length: 1000 }, () => callHttp<{ id: string }>(base, 'filing', 'demo-resident-1', event)));
    const ok = answers.filter((a) => a.status === 200 && a.body.ok);
    const ids = new Set(ok.map((a) => (a.body.ok ? a.body.data.id : '')));
    const filings = await h.ctx.repo.count(Collections.filings);
    const audit = await h.ctx.repo.count(Collections.audit);
    const outbox = await h.ctx.repo.count(Collections.outbox);
    figures.push(figure('1,000 concurrent submits, one key (HTTP) → filings / distinct ids / ok answers', `${filings} / ${ids.size} / ${ok.length}`, filings === 1 && ids.size === 1 && ok.length === 1000));
    expect(ok).toHaveLength(1000);
    expect(ids.size).toBe(1);
    expect([filings, audit, outbox]).toEqual([1, 1, 1]);
  });

  const styles: [RaceStyle, string, () => Call][] = [
    ['two-reviewers', 'HTTP', () => async (fn, openid, data) => {
      const answer = await callHttp(base, fn, openid, data);
      if (answer.status !== 200) throw new Error(`HTTP ${answer.status}`);
      return answer.body;
    }],
    ['two-reviewers', 'in-process', () => h.call],
    ['two-sessions', 'in-process', () => h.call],
  ];

  it.each(styles)('100 rounds of %s claiming and deciding at once (%s): exactly one decision each', async (style, via, callOf) => {
    const block = 1 + styles.findIndex(([s, v]) => s === style && v === via);
    const conflictsBefore = conflictsLogged();
    const report: RaceReport = await runDecisionRace({
      call: callOf(),
      dataDir: h.dataDir,
      rounds: 100,
      reviewers: ['demo-staff-suzhou', SECOND_REVIEWER],
      style,
      resident: 'demo-resident-2',
      bind: h.bind,
      keyPrefix: `race-${style}-${via}`,
      idNumber: (round) => {
        const id = idNumberFor(block, round);
        used.push(id);
        return id;
      },
    });
    const good = report.exactlyOne === 100 && report.doubled === 0 && report.lost === 0 && report.inconsistent === 0 && report.unexpected.length === 0;
    figures.push(figure(
      `100 rounds, ${style} (${via}) → one decision / doubled / lost / broken trails`,
      `${report.exactlyOne} / ${report.doubled} / ${report.lost} / ${report.inconsistent}; losers: ${codesText(report.loserCodes)}; version conflicts caught: ${conflictsLogged() - conflictsBefore}`,
      good,
    ));
    expect(report.unexpected).toEqual([]);
    expect(report).toMatchObject({ exactlyOne: 100, doubled: 0, lost: 0, inconsistent: 0 });
  });
});
