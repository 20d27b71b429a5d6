import fs from 'node:fs';
import path from 'node:path';
import type { FilingDetail, FilingSummary } from '../../core/api/filing-api';
import type { ReviewDetail } from '../../core/api/review-api';
import { createLogger } from '../../server/kernel/logger';
import { materialStorage } from '../../server/storage/material-storage';
import { expectCode, expectOk, startHarness, type Harness } from '../support/filing-harness';
import { exampleFiling } from '../support/example-filing';
import { jpegBytes } from '../support/material-bytes';
import { makeResidentId } from '../support/resident-ids';
import { bindAs } from '../support/identity-helpers';

/**
 * Class 2 of issue 11: a full ID number typed into any free text is stored, logged and shown
 * masked — through the real handlers, read back from the answers, the inbox, the log and the
 * SQLite files (WAL included) as raw bytes.
 */
let h: Harness;
beforeEach(async () => {
  h = await startHarness('sqlite');
});
afterEach(() => h.cleanup());

const RESIDENT = 'demo-resident-1';
const SUZHOU = 'demo-staff-suzhou';
/** The number typed into free text (never the applicant's own). */
const PLANTED = makeResidentId('320505', '19620304', 777);
const glued = (label: string) => `${label}abc${PLANTED}x号`;

function bytesUnder(dir: string): string {
  return fs.readdirSync(dir, { withFileTypes: true })
    .map((e) => (e.isDirectory() ? bytesUnder(path.join(dir, e.name)) : fs.readFileSync(path.join(dir, e.name)).toString('latin1')))
    .join('\n');
}

it('masks numbers in every free-text field of a filing, its reasons, its materials and the messages', async () => {
  const file = expectOk(await materialStorage(h.ctx).upload(RESIDENT, `身份证${PLANTED}.jpg`, jpegBytes()));
  expectOk(await h.call('filing', RESIDENT, { action: 'registerMaterial', fileId: file.fileId, name: glued('材料') }));
  const referral = exampleFiling({
    type: 'referral', residenceAddress: undefined, hospital: { name: glued('医院') }, diagnosis: glued('诊断'), memo: glued('备注'),
    agent: { name: '李四', idNumber: makeResidentId('110105', '19800101', 3), phone: '13900139000', relationship: `子${PLANTED}` },
    proof: { kind: 'documents', fileIds: [file.fileId] },
  });
  const filed = expectOk(await h.call<FilingSummary>('filing', RESIDENT, { action: 'submit', idempotencyKey: 'ft-1', filing: referral }));
  expectOk(await h.call('review', SUZHOU, { action: 'claim', id: filed.id }));
  expectOk(await h.call('review', SUZHOU, { action: 'return', id: filed.id, reason: glued('请补充') }));
  await bindAs(h.runtime, RESIDENT, { name: '王五', idNumber: makeResidentId('320505', '19700101', 5) });
  const second = expectOk(await h.call<FilingSummary>('filing', RESIDENT, {
    action: 'submit', idempotencyKey: 'ft-2', filing: exampleFiling({ treatmentRegion: '110100', residenceAddress: glued('地址'), applicant: { name: '王五', idNumber: makeResidentId('320505', '19700101', 5), phone: '13800138000' } }),
  }));
  expectOk(await h.call('filing', RESIDENT, { action: 'withdraw', id: second.id, reason: glued('撤销') }));
  expectOk(await h.call('scheduler', 'demo-admin', { action: 'tick' }));

  const answers = [
    await h.call<FilingDetail>('filing', RESIDENT, { action: 'get', id: filed.id }),
    await h.call<FilingDetail>('filing', RESIDENT, { action: 'get', id: second.id }),
    await h.call<ReviewDetail>('review', SUZHOU, { action: 'get', id: filed.id }),
    await h.call('notification', RESIDENT, { action: 'inbox' }),
    await h.call('notification', SUZHOU, { action: 'inbox' }),
    await h.call('filing', RESIDENT, { action: 'list' }),
  ];
  const shown = JSON.stringify(answers);
  expect(shown).not.toContain(PLANTED);
  // Masked as lists mask ID numbers, so the reviewer still sees where a number was.
  expect(shown).toContain(`${PLANTED.slice(0, 6)}*********${PLANTED.slice(-3)}X号`);
  const detail = expectOk(answers[0] as { ok: true; data: FilingDetail });
  // The trailing x joins the run (it may be a check character): masked with it.
  expect(detail.diagnosis).toBe(`诊断abc${PLANTED.slice(0, 6)}*********${PLANTED.slice(-3)}X号`);
  expect(h.logs.join('\n')).not.toContain(PLANTED);
  expect(bytesUnder(h.dataDir)).not.toContain(PLANTED);
});

it('masks numbers in the free text of policy changes and holiday schedules (issue 15 fields)', async () => {
  const proposed = await h.call('policy', 'demo-admin', { action: 'propose', region: '320500', field: 'review.workingDays', value: 3, effectiveFrom: '2027-01-01', source: glued('苏医保发') });
  expectOk(proposed);
  const loaded = await h.call('policy', 'demo-admin', { action: 'loadCalendar', year: 2027, days: [{ date: '2027-01-01', name: `元旦${PLANTED}`, isOffDay: true }] });
  expectOk(loaded);
  const answers = [proposed, loaded, await h.call('policy', 'demo-admin', { action: 'changes' }), await h.call('policy', RESIDENT, { action: 'calendar', year: 2027 })];
  const shown = JSON.stringify(answers);
  expect(shown).not.toContain(PLANTED);
  expect(shown).toContain(`元旦${PLANTED.slice(0, 6)}********${PLANTED.slice(-4)}`);
  expect(shown).toContain(`苏医保发abc${PLANTED.slice(0, 6)}*********${PLANTED.slice(-3)}X号`);
  expect(h.logs.join('\n')).not.toContain(PLANTED);
  expect(bytesUnder(h.dataDir)).not.toContain(PLANTED);
  // Direction controls are refused there as in any free text.
  expectCode(await h.call('policy', 'demo-admin', { action: 'loadCalendar', year: 2027, days: [{ date: '2027-01-01', name: '元\u202E旦', isOffDay: true }] }), 'REQUEST.INVALID');
});

it('the log masker catches numbers glued to letters, digits and Chinese, and the 15-digit form', () => {
  const lines: string[] = [];
  const log = createLogger((line) => lines.push(line));
  const fifteen = '320505500101100';
  log.info('probe', { a: `abc${PLANTED}def`, b: `9${PLANTED}9`, c: `号码${PLANTED.toLowerCase()}`, d: `x${fifteen}y`, cause: new Error(`bad ${PLANTED}`) });
  expect(lines.join('')).not.toContain(PLANTED);
  expect(lines.join('').toUpperCase()).not.toContain(PLANTED);
  expect(lines.join('')).not.toContain(fifteen);
});

it('refuses an ID number where only a name or an openid may stand, writing nothing', async () => {
  const before = await h.ctx.repo.count('staff');
  expectCode(await h.call('review', 'demo-admin', { action: 'staffAdd', openid: 'new-staff', name: `张${PLANTED}`, role: 'reviewer', regions: ['320500'] }), 'REQUEST.INVALID');
  expectCode(await h.call('review', 'demo-admin', { action: 'staffAdd', openid: PLANTED, name: '张三', role: 'reviewer', regions: ['320500'] }), 'REQUEST.INVALID');
  expectCode(await h.call('filing', RESIDENT, { action: 'submit', idempotencyKey: 'ft-3', filing: exampleFiling({ applicant: { name: PLANTED, idNumber: PLANTED, phone: '13800138000' } }) }), 'REQUEST.INVALID');
  expect(await h.ctx.repo.count('staff')).toBe(before);
  expect(await h.ctx.repo.count('filings')).toBe(0);
});
