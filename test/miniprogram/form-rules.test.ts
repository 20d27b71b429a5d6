/**
 * @jest-environment jsdom
 */
import { FUNCTIONS } from '../../server/local-cloud/function-registry';
import { routeCloudToFunctions, type CloudCall } from '../support/simulated-wx';
import { expectOk, HARNESS_START, startHarness, type Harness } from '../support/filing-harness';
import { exampleFiling } from '../support/example-filing';
import { bindAs } from '../support/identity-helpers';
import { cityEssentials } from '../../server/institution/city-essentials';
import { toRecord } from '../../server/institution/seed-directory';
import { institutionRepository } from '../../server/institution/institution-store';
import type { FilingDetail, FilingSummary } from '../../core/api/filing-api';
import { element, nextStep, pick, pinDeviceClock, releaseDeviceClock, renderPage, settle, tap, textOf, type, type SimulatedElement } from './page-driver';

/**
 * 办理备案 catches every rule at the step that breaks it, never first at 提交: the region's rules
 * on the phone at each 下一步 (checkFiling with the policy from policy.get), then filing.precheck
 * before the last step for the person's history. Real functions on real SQLite; today is
 * 2026-11-26 in China (the harness clock).
 */
const RESIDENT = 'o-rules-resident';
const GOOD_ID = '11010519491231002X';

let harness: Harness;
let calls: CloudCall[];

beforeEach(async () => {
  pinDeviceClock(HARNESS_START);
  harness = await startHarness();
  calls = routeCloudToFunctions(FUNCTIONS, RESIDENT);
  await bindAs(harness.runtime, RESIDENT, { name: '张秀英', idNumber: GOOD_ID });
});

afterEach(() => {
  harness.cleanup();
  releaseDeviceClock();
});

const made = (name: string, action: string) => calls.filter((c) => c.name === name && c.data.action === action);

async function openForm(query: Record<string, string> = {}): Promise<SimulatedElement> {
  const comp = renderPage('pages/filing-form/index');
  comp.instance.onLoad!(query);
  await settle(comp, () => comp.data.idempotencyKey !== '' && comp.data.verified === true);
  return comp;
}

/** Steps 1–2: the type, the resident, the insured region; waits for that region's policy. */
async function upToTreatment(comp: SimulatedElement, typeId: string, insured: { value: string[]; code: string[] }): Promise<void> {
  await tap(comp, `#type-${typeId}`);
  await nextStep(comp, 1);
  await tap(comp, '#applicant-self');
  await settle(comp, () => (comp.data.form as { idNumber: string }).idNumber === GOOD_ID);
  await type(comp, '#phone', '13800138000');
  await tap(comp, '#insurance-employee');
  await pick(comp, '#insuredRegion-picker', insured);
  await settle(comp, () => comp.data.policy !== null);
  await nextStep(comp, 2);
}

const SUZHOU = { value: ['江苏省', '苏州市'], code: ['320000', '320500'] };
const SHENZHEN = { value: ['广东省', '深圳市'], code: ['440000', '440300'] };

/** 下一步 on a step that must refuse: waits for the check to end and stays. */
async function refusedNext(comp: SimulatedElement): Promise<void> {
  const step = comp.data.step;
  await tap(comp, '#next');
  await settle(comp, () => comp.data.checking === false && comp.data.formError !== '');
  expect(comp.data.step).toBe(step);
}

describe('rules at their own step', () => {
  it('a same-province filing is caught at 就医信息, before anything is asked of the server', async () => {
    const comp = await openForm();
    await upToTreatment(comp, 'other_temporary', SUZHOU);
    await pick(comp, '#treatmentRegion-picker', { value: ['江苏省', '南京市'], code: ['320000', '320100'] });
    await pick(comp, '#startDate-picker', { value: '2026-12-01' });
    await refusedNext(comp);
    expect(textOf(comp, '#treatmentRegion-error')).toBe('就医地与参保地在同一省份，不需要办理跨省备案');
    expect(made('filing', 'precheck')).toHaveLength(0);

    await pick(comp, '#treatmentRegion-picker', SHENZHEN);
    expect(comp.querySelector('#treatmentRegion-error')).toBeUndefined();
    await nextStep(comp, 3);
    expect(made('filing', 'precheck')).toHaveLength(1);
  });

  it('an end date past the region\'s limit is caught there, saying the last day allowed', async () => {
    const comp = await openForm();
    await upToTreatment(comp, 'other_temporary', SUZHOU);
    await pick(comp, '#treatmentRegion-picker', SHENZHEN);
    await pick(comp, '#startDate-picker', { value: '2026-12-01' });
    await pick(comp, '#endDate-picker', { value: '2028-01-01' });
    expect(textOf(comp, '#endDate')).toBe('2028年1月1日');
    await refusedNext(comp);
    // Suzhou: other temporary filings run one year (seed 001).
    expect(textOf(comp, '#endDate-error')).toBe('备案有效期最晚到2027年11月30日，请重新选择结束日期');
  });

  it('a late emergency filing is caught at its admission date (Hunan: 3 days)', async () => {
    const comp = await openForm();
    await upToTreatment(comp, 'emergency', { value: ['湖南省', '长沙市'], code: ['430000', '430100'] });
    await pick(comp, '#treatmentRegion-picker', SHENZHEN);
    await pick(comp, '#startDate-picker', { value: '2026-11-21' });
    await tap(comp, '#hospital-manual');
    await type(comp, '#hospitalName', '深圳市人民医院');
    await type(comp, '#diagnosis', '急性心肌梗死');
    await pick(comp, '#admissionDate-picker', { value: '2026-11-21' });
    await refusedNext(comp);
    expect(textOf(comp, '#admissionDate-error')).toBe('需在急诊入院后3天内申请备案，已超过期限');
  });

  it('a duplicate of an active filing is caught at 下一步 into the last step, by filing.precheck', async () => {
    expectOk(await harness.call<FilingSummary>('filing', RESIDENT, { action: 'submit', idempotencyKey: 'first', filing: exampleFiling() }));
    const comp = await openForm();
    await upToTreatment(comp, 'long_term_residence', SUZHOU);
    await pick(comp, '#treatmentRegion-picker', { value: ['广东省', '广州市'], code: ['440000', '440100'] });
    await pick(comp, '#startDate-picker', { value: '2026-12-01' });
    await type(comp, '#residenceAddress', '广东省广州市越秀区中山二路1号');
    await refusedNext(comp);
    expect(made('filing', 'precheck').length).toBeGreaterThan(0);
    expect(textOf(comp, '#treatmentRegion-error')).toBe('该就医省份已有有效或正在办理的备案');
    expect(textOf(comp, '#form-error')).toBe('您已有一条同一就医省份的有效备案，无需重复办理');
    expect(made('filing', 'submit')).toHaveLength(0);
  });

  it('a commitment the person may not use (Suzhou: long-term filings in several places) is shown as unavailable on the proof step', async () => {
    const beijing = expectOk(await harness.call<FilingSummary>('filing', RESIDENT, {
      action: 'submit', idempotencyKey: 'bj', filing: exampleFiling({ treatmentRegion: '110100', residenceAddress: '北京市东城区1号', proof: { kind: 'commitment', accepted: true } }),
    }));
    expectOk(await harness.call('review', 'demo-staff-suzhou', { action: 'claim', id: beijing.id }));
    expectOk(await harness.call('review', 'demo-staff-suzhou', { action: 'approve', id: beijing.id }));
    harness.clock.advanceDays(200);
    pinDeviceClock(harness.clock.now());

    const comp = await openForm();
    await upToTreatment(comp, 'long_term_residence', SUZHOU);
    await pick(comp, '#treatmentRegion-picker', SHENZHEN);
    await pick(comp, '#startDate-picker', { value: '2027-06-20' });
    await type(comp, '#residenceAddress', '广东省深圳市南山区科技园路1号');
    await nextStep(comp, 3);
    expect(textOf(comp, '#commitment-blocked')).toBe('多地长期备案需要上传居住证明材料');
    await tap(comp, '#proof-commitment');
    expect((comp.data.form as { proofKind: string }).proofKind).toBe('');
    await tap(comp, '#proof-documents');
    expect((comp.data.form as { proofKind: string }).proofKind).toBe('documents');
  });
});

describe('the hospital from the treatment city\'s directory', () => {
  it('finds 人民医院 by pinyin initials in 广州, files it with its code, and falls back to free text', async () => {
    const run = institutionRepository(harness.runtime).startImport('test-essentials');
    await run.add(cityEssentials(harness.runtime.regions).filter((i) => i.region.startsWith('4401')).map(toRecord));
    await run.finish({ retireOthers: false });
    const wx = (globalThis as unknown as { wx: Record<string, unknown> & { cloud: Record<string, unknown> } }).wx;
    wx.chooseMedia = async () => ({ tempFiles: [{ tempFilePath: 'wxfile://tmp/referral.jpg', size: 2048 }], type: 'image', errMsg: 'chooseMedia:ok' });
    const { materialStorage } = await import('../../server/storage/material-storage');
    const { filingContextOf } = await import('../../server/filing/filing-context');
    wx.cloud.uploadFile = async () => {
      const stored = expectOk(await materialStorage(filingContextOf(harness.runtime)).upload(RESIDENT, 'referral.jpg', 'image/jpeg', Buffer.from('jpeg')));
      return { fileID: stored.fileId, statusCode: 200, errMsg: 'cloud.uploadFile:ok' };
    };

    const comp = await openForm();
    await upToTreatment(comp, 'referral', SUZHOU);
    // No city yet: the picker says what to do first.
    await tap(comp, '#hospital-search-go');
    expect(textOf(comp, '#hospitalName-error')).toBe('请先选择就医地，再查找医院');
    await pick(comp, '#treatmentRegion-picker', { value: ['广东省', '广州市'], code: ['440000', '440100'] });
    await pick(comp, '#startDate-picker', { value: '2026-12-01' });
    await type(comp, '#hospital-search', 'gzsrmyy');
    await tap(comp, '#hospital-search-go');
    await settle(comp, () => comp.data.hospitalSearched === true);
    expect(textOf(comp, '#hospital-option-0')).toContain('广州市人民医院');
    expect(made('institution', 'search').at(-1)!.data).toMatchObject({ region: '440100', kind: 'hospital', keyword: 'gzsrmyy' });
    await tap(comp, '#hospital-option-0');
    expect(textOf(comp, '#hospital-chosen')).toContain('广州市人民医院');
    const code = (comp.data.form as { hospitalCode: string }).hospitalCode;
    expect(code).toMatch(/^H4401\d{7}$/);

    // Not listed: the free text still works, and the code is dropped.
    await tap(comp, '#hospital-change');
    await tap(comp, '#hospital-manual');
    await type(comp, '#hospitalName', '某某专科医院');
    expect((comp.data.form as { hospitalCode: string }).hospitalCode).toBe('');
    await tap(comp, '#hospital-search-again');
    await type(comp, '#hospital-search', '人民医院');
    await tap(comp, '#hospital-search-go');
    await settle(comp, () => (comp.data.hospitalResults as unknown[]).length > 0 && comp.data.hospitalSearching === false);
    await tap(comp, '#hospital-option-0');

    await type(comp, '#diagnosis', '冠心病');
    await nextStep(comp, 3);
    await tap(comp, '#proof-documents');
    await tap(comp, '#add-materials');
    await settle(comp, () => comp.data.uploading === false && (comp.data.form as { materials: unknown[] }).materials.length === 1);
    // The resident's own photo as a thumbnail, not 材料1 alone.
    expect(element(comp, '#material-0 .thumb-image').dom).toBeDefined();
    expect(((comp.data.form as { materials: { thumb?: string }[] }).materials[0]!).thumb).toBe('wxfile://tmp/referral.jpg');
    await tap(comp, '#submit');
    await settle(comp, () => comp.data.submitted !== null || (comp.data.formError !== '' && comp.data.submitting === false));
    const id = (comp.data.submitted as { id: string }).id;
    const detail = expectOk(await harness.call<FilingDetail>('filing', RESIDENT, { action: 'get', id }));
    expect(detail.hospital).toEqual({ code, name: '广州市人民医院' });
  });
});

describe('the receipt', () => {
  it('gives the filing number, the day staff decide by and what happens next', async () => {
    const comp = await openForm();
    await upToTreatment(comp, 'other_temporary', SUZHOU);
    await pick(comp, '#treatmentRegion-picker', SHENZHEN);
    await pick(comp, '#startDate-picker', { value: '2026-12-01' });
    await nextStep(comp, 3);
    await tap(comp, '#proof-commitment');
    await tap(comp, '#accept-commitment');
    await tap(comp, '#submit');
    await settle(comp, () => comp.data.submitted !== null);
    const receipt = comp.data.submitted as { filingNo: string };
    expect(receipt.filingNo).toMatch(/^20261126-\d{6}$/);
    expect(textOf(comp, '#receipt-number')).toBe(receipt.filingNo);
    // Thursday 2026-11-26 + 2 working days (Suzhou).
    expect(textOf(comp, '#receipt-deadline')).toBe('2026年11月30日');
    const next = textOf(comp, '#next-steps');
    expect(next).toContain('2026年11月30日前审核完成');
    expect(next).toContain('在广东省深圳市的联网医院和药店');
  });
});

describe('重新办理', () => {
  it('fills the form from a withdrawn filing and chooses its applicant again', async () => {
    const old = expectOk(await harness.call<FilingSummary>('filing', RESIDENT, { action: 'submit', idempotencyKey: 'old', filing: exampleFiling() }));
    expectOk(await harness.call('filing', RESIDENT, { action: 'withdraw', id: old.id }));
    const comp = await openForm({ from: old.id });
    await settle(comp, () => comp.data.restoredAt === 'filing' && (comp.data.form as { idNumber: string }).idNumber === GOOD_ID);
    expect(made('filing', 'getDraft')).toHaveLength(0);
    expect(comp.data.form).toMatchObject({
      type: 'long_term_residence', applicantKey: 'self', phone: '13800138000', insuranceType: 'employee',
      insuredRegion: '320500', insuredRegionNames: ['江苏省', '苏州市'], treatmentRegion: '440300', residenceAddress: '广东省深圳市南山区科技园路1号',
    });
    expect(textOf(comp, '#restored')).toContain('已按原来的备案填好');
    await nextStep(comp, 1);
    await nextStep(comp, 2);
    await pick(comp, '#startDate-picker', { value: '2026-12-05' });
    await nextStep(comp, 3);
    await tap(comp, '#proof-commitment');
    await tap(comp, '#accept-commitment');
    await tap(comp, '#submit');
    await settle(comp, () => comp.data.submitted !== null);
    expect(made('filing', 'submit')).toHaveLength(1);
  });
});
