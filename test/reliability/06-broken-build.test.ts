import { codesText, runDecisionRace, type RaceStyle } from './support/decision-race';
import { withoutVersionCheck } from './support/broken-repository';
import { makeResidentId } from '../support/resident-ids';
import { dataOf, startReliabilityHarness, type ReliabilityHarness } from './support/reliability-harness';
import { figure, idNumberFor, recordFigures, recordIdNumbers, type Figure } from './support/run-dir';

/**
 * The suite tests itself: the race part, run against a store that drops the version check,
 * must see the double decisions it exists to catch (otherwise its green would mean nothing).
 */
const PART = '06-broken-build';
const SECOND_REVIEWER = 'broken-staff-suzhou-2';

let h: ReliabilityHarness;
const figures: Figure[] = [];
const used: string[] = [];

beforeAll(async () => {
  h = await startReliabilityHarness(PART, { wrapRepo: withoutVersionCheck });
  dataOf(await h.call('review', 'demo-admin', { action: 'staffAdd', openid: SECOND_REVIEWER, name: '苏州市医保中心 复核员', role: 'reviewer', regions: ['320500'] }));
  // Staff decide only once verified (identity issue): the second reviewer is a verified person too.
  await h.bind(SECOND_REVIEWER, makeResidentId('320508', '19900606', 35));
});

afterAll(async () => {
  await h.close();
  recordFigures(PART, figures);
  recordIdNumbers(PART, used);
});

it.each<[RaceStyle, number]>([['two-sessions', 20], ['two-reviewers', 21]])('the race check catches a build without the version check (%s)', async (style, block) => {
  const report = await runDecisionRace({
    call: h.call,
    dataDir: h.dataDir,
    rounds: 20,
    reviewers: ['demo-staff-suzhou', SECOND_REVIEWER],
    style,
    resident: 'demo-resident-1',
    bind: h.bind,
    keyPrefix: `broken-${style}`,
    idNumber: (round) => {
      const id = idNumberFor(block, round);
      used.push(id);
      return id;
    },
  });
  const caught = report.doubled + report.inconsistent;
  figures.push(figure(
    `broken build (no version check), ${style}: 20 rounds → doubled / broken trails detected`,
    `${report.doubled} / ${report.inconsistent}; losers: ${codesText(report.loserCodes)}`,
    caught > 0,
  ));
  // The suite's own assertion (exactly one decision, consistent trails) fails on this build.
  expect(report.doubled + report.inconsistent).toBeGreaterThan(0);
  if (style === 'two-sessions') expect(report.doubled).toBe(20);
});
