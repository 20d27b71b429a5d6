/**
 * @jest-environment jsdom
 */
import { FUNCTIONS } from '../../server/local-cloud/function-registry';
import { routeCloudToFunctions, type CloudCall } from '../support/simulated-wx';
import { expectOk, startHarness, type Harness } from '../support/filing-harness';
import { exampleFiling } from '../support/example-filing';
import { bindAs } from '../support/identity-helpers';
import { materialStorage } from '../../server/storage/material-storage';
import { filingContextOf } from '../../server/filing/filing-context';
import type { FilingDetail, FilingSummary } from '../../core/api/filing-api';
import { element, nextStep, pick, renderPage, settle, tap, textOf, type, type SimulatedElement } from './page-driver';

/**
 * The resident pages against the real filing and policy functions (real SQLite on a temp dir):
 * only wx.cloud.callFunction is routed in-process, as WeChat's servers would.
 */
const RESIDENT = 'o-form-resident';
const GOOD_ID = '11010519491231002X';

let harness: Harness;
let calls: CloudCall[];

beforeEach(async () => {
  harness = await startHarness();
  calls = routeCloudToFunctions(FUNCTIONS, RESIDENT);
  // 实名认证 is its own page (identity-pages.test.ts); here the resident has done it already.
  await bindAs(harness.runtime, RESIDENT, { name: '张秀英', idNumber: GOOD_ID });
});

afterEach(() => harness.cleanup());

const made = (name: string, action: string) => calls.filter((c) => c.name === name && c.data.action === action);

async function openForm(): Promise<SimulatedElement> {
  const before = made('filing', 'getDraft').length;
  const comp = renderPage('pages/filing-form/index');
  comp.instance.onLoad!({});
  await settle(comp, () => made('filing', 'getDraft').length === before + 1 && comp.data.idempotencyKey !== '' && comp.data.verified === true);
  return comp;
}

/** Chooses who the filing is for; name and number arrive from the binding, never typed. */
async function chooseSelf(comp: SimulatedElement): Promise<void> {
  await tap(comp, '#applicant-self');
  await settle(comp, () => (comp.data.form as { idNumber: string }).idNumber === GOOD_ID);
}

/** Steps 1–3 of a long-term residence filing, insured in Suzhou, treated in Shenzhen. */
async function fillApplicant(comp: SimulatedElement, phone: string): Promise<void> {
  await tap(comp, '#type-long_term_residence');
  await nextStep(comp, 1);
  await chooseSelf(comp);
  await type(comp, '#phone', phone);
  await tap(comp, '#insurance-employee');
  await pick(comp, '#insuredRegion-picker', { value: ['江苏省', '苏州市'], code: ['320000', '320500'] });
  await settle(comp, () => made('policy', 'get').length === 1 && comp.data.policy !== null);
}

async function fillTreatmentAndProof(comp: SimulatedElement): Promise<void> {
  await nextStep(comp, 2);
  await pick(comp, '#treatmentRegion-picker', { value: ['广东省', '深圳市'], code: ['440000', '440300'] });
  await pick(comp, '#startDate-picker', { value: '2026-12-01' });
  await type(comp, '#residenceAddress', '广东省深圳市南山区科技园路1号');
  await nextStep(comp, 3);
  await tap(comp, '#proof-commitment');
  await tap(comp, '#accept-commitment');
}

describe('filing form', () => {
  it('offers only the verified self and family, shows them masked, and asks who the filing is for', async () => {
    const comp = await openForm();
    await tap(comp, '#type-long_term_residence');
    await nextStep(comp, 1);
    expect(textOf(comp, '#applicant-self')).toContain('本人 张*英');
    expect(textOf(comp, '#applicant-self')).toContain('110105********002X');
    expect(comp.dom.textContent).not.toContain(GOOD_ID);
    expect(comp.querySelector('#name')).toBeUndefined();
    expect(comp.querySelector('#idNumber')).toBeUndefined();
    await tap(comp, '#next');
    expect(comp.data.step).toBe(1);
    expect(textOf(comp, '#applicant-error')).toBe('请选择为谁办理备案');
  });

  it('marks a bad phone number in Chinese, keeps what was typed, and never calls submit', async () => {
    const comp = await openForm();
    await fillApplicant(comp, '1380013800');
    await tap(comp, '#next');

    expect(comp.data.step).toBe(1);
    expect(textOf(comp, '#phone-error')).toMatch(/手机号码/);
    expect(textOf(comp, '#form-error')).toContain('请按红字提示修改');
    const form = comp.data.form as Record<string, unknown>;
    expect(form).toMatchObject({ applicantKey: 'self', phone: '1380013800', insuranceType: 'employee', insuredRegion: '320500' });
    expect(comp.querySelector('#applicant-error')).toBeUndefined();

    // Fixing only the phone is enough to go on; the message goes away as soon as it is edited.
    await type(comp, '#phone', '13800138000');
    expect(comp.querySelector('#phone-error')).toBeUndefined();
    await fillTreatmentAndProof(comp);
    // Going back to the phone and breaking it again: submit refuses on the phone, before the cloud.
    await tap(comp, '#prev');
    await tap(comp, '#prev');
    await type(comp, '#phone', '138');
    // The one precheck so far was 下一步 into the last step; submit asks nothing more now.
    expect(made('filing', 'precheck')).toHaveLength(1);
    comp.instance.submit!();
    await settle(comp, () => comp.data.submitting === false);
    expect(comp.data.step).toBe(1);
    expect(textOf(comp, '#phone-error')).toMatch(/手机号码/);
    expect(made('filing', 'precheck')).toHaveLength(1);
    expect(made('filing', 'submit')).toHaveLength(0);
    expect((comp.data.form as Record<string, unknown>).residenceAddress).toBe('广东省深圳市南山区科技园路1号');
  });

  it('files once on a double tap, and my-filings lists it with a masked ID', async () => {
    const comp = await openForm();
    await fillApplicant(comp, '13800138000');
    await fillTreatmentAndProof(comp);
    // Two taps before anything comes back, as an impatient thumb does.
    element(comp, '#submit').dispatchEvent('tap');
    element(comp, '#submit').dispatchEvent('tap');
    await settle(comp, () => comp.data.submitted !== null);

    // Once at 下一步 into the last step, once more at 提交 (the person's history may have moved on).
    expect(made('filing', 'precheck')).toHaveLength(2);
    expect(made('filing', 'submit')).toHaveLength(1);
    expect(textOf(comp, '#submitted')).toContain('待审核');

    const list = renderPage('pages/my-filings/index');
    list.instance.onLoad!({});
    await settle(list, () => list.data.loading === false);
    const items = list.querySelectorAll('.filing-item');
    expect(items).toHaveLength(1);
    const text = items[0]!.dom.textContent ?? '';
    expect(text).toContain('110105********002X');
    expect(text).not.toContain(GOOD_ID);
    expect(text).toContain('异地长期居住');
    expect(text).toContain('待审核');
  });
});

describe('filing form drafts and materials', () => {
  it('saves a draft when moving on and restores it in a new form session', async () => {
    const first = await openForm();
    await tap(first, '#type-referral');
    await nextStep(first, 1);
    await chooseSelf(first);
    await type(first, '#phone', '13900139000');
    first.instance.onHide!();
    await settle(first, () => made('filing', 'saveDraft').length === 2);

    const again = await openForm();
    await settle(again, () => again.data.restoredAt !== '');
    expect(again.data.form).toMatchObject({ type: 'referral', applicantKey: 'self', phone: '13900139000' });
    expect(textOf(again, '#restored')).toContain('已为您恢复');
    expect(again.data.idempotencyKey).not.toBe(first.data.idempotencyKey);
  });

  it('uploads a referral certificate through wx.cloud.uploadFile and files it as documents', async () => {
    // WeChat's side of an upload: the photo picker and cloud storage (here the local storage emulation).
    const wx = (globalThis as unknown as { wx: Record<string, unknown> & { cloud: Record<string, unknown> } }).wx;
    const uploads: string[] = [];
    wx.chooseMedia = async () => ({ tempFiles: [{ tempFilePath: 'wxfile://tmp/referral.jpg', size: 2048 }], type: 'image', errMsg: 'chooseMedia:ok' });
    wx.cloud.uploadFile = async ({ cloudPath }: { cloudPath: string }) => {
      uploads.push(cloudPath);
      const stored = expectOk(await materialStorage(filingContextOf(harness.runtime)).upload(RESIDENT, 'referral.jpg', 'image/jpeg', Buffer.from('jpeg')));
      return { fileID: stored.fileId, statusCode: 200, errMsg: 'cloud.uploadFile:ok' };
    };

    const comp = await openForm();
    await tap(comp, '#type-referral');
    await nextStep(comp, 1);
    await chooseSelf(comp);
    await type(comp, '#phone', '13800138000');
    await tap(comp, '#insurance-resident');
    await pick(comp, '#insuredRegion-picker', { value: ['江苏省', '苏州市'], code: ['320000', '320500'] });
    await settle(comp, () => comp.data.policy !== null);
    await nextStep(comp, 2);
    await pick(comp, '#treatmentRegion-picker', { value: ['广东省', '广州市'], code: ['440000', '440100'] });
    await pick(comp, '#startDate-picker', { value: '2026-12-01' });
    // Not in this test's (empty) directory: typed by hand, as the referral letter names it.
    await tap(comp, '#hospital-manual');
    await type(comp, '#hospitalName', '中山大学附属第一医院');
    await type(comp, '#diagnosis', '冠心病');
    await nextStep(comp, 3);
    // Referral cannot be filed on a commitment anywhere: the choice is not even offered.
    expect(comp.querySelector('#proof-commitment')).toBeUndefined();
    await tap(comp, '#submit');
    expect(textOf(comp, '#proof-error')).toContain('请选择证明方式');
    expect(made('filing', 'submit')).toHaveLength(0);

    await tap(comp, '#proof-documents');
    await tap(comp, '#add-materials');
    await settle(comp, () => comp.data.uploading === false && (comp.data.form as { materials: unknown[] }).materials.length === 1);
    expect(uploads).toHaveLength(1);
    expect(uploads[0]).toMatch(/^materials\/.+\.jpg$/);
    await tap(comp, '#submit');
    await settle(comp, () => comp.data.submitted !== null || comp.data.formError !== '');
    expect(comp.data.formError).toBe('');

    const id = (comp.data.submitted as { id: string }).id;
    const detail = expectOk(await harness.call<FilingDetail>('filing', RESIDENT, { action: 'get', id }));
    expect(detail.fileIds).toHaveLength(1);
    expect(detail.hospital).toEqual({ name: '中山大学附属第一医院' });
    expect(detail.endDate).toBe('2027-11-30');
  });
});

describe('filing detail', () => {
  async function filed(): Promise<FilingSummary> {
    return expectOk(await harness.call<FilingSummary>('filing', RESIDENT, { action: 'submit', idempotencyKey: 'detail-1', filing: exampleFiling() }));
  }

  async function openDetail(id: string): Promise<SimulatedElement> {
    const comp = renderPage('pages/filing-detail/index');
    comp.instance.onLoad!({ id });
    await settle(comp, () => comp.data.detail !== null && (comp.data.regionNames as { treatment: string }).treatment !== '');
    return comp;
  }

  it('shows status, regions by name and the timeline, and withdraws a pending filing', async () => {
    const filing = await filed();
    const comp = await openDetail(filing.id);
    expect(textOf(comp, '#status')).toBe('待审核');
    const text = comp.dom.textContent ?? '';
    expect(text).toContain('江苏省苏州市');
    expect(text).toContain('广东省深圳市');
    expect(text).toContain('提交申请');
    expect(text).toContain('本人');
    expect(text).not.toContain('→');
    expect(text).toContain('110105********002X');
    expect(comp.querySelector('#open-cancel')).toBeUndefined();

    await tap(comp, '#open-withdraw');
    await type(comp, '#action-reason', '不去外地看病了');
    await tap(comp, '#confirm-action');
    await settle(comp, () => (comp.data.detail as FilingDetail).status === 'withdrawn');
    expect(textOf(comp, '#notice')).toContain('已撤销');
    expect(comp.querySelector('#open-withdraw')).toBeUndefined();
    expect(made('filing', 'withdraw')).toEqual([{ name: 'filing', data: { action: 'withdraw', id: filing.id, reason: '不去外地看病了' } }]);
  });

  it('shows from when a locked long-term filing can be cancelled, and lets the phone number change at once', async () => {
    const filing = await filed();
    expectOk(await harness.call('review', 'demo-staff-suzhou', { action: 'claim', id: filing.id }));
    expectOk(await harness.call('review', 'demo-staff-suzhou', { action: 'approve', id: filing.id }));
    const comp = await openDetail(filing.id);
    expect(textOf(comp, '#status')).toBe('备案成功');
    // Decided: no 预计审核完成 any more.
    expect(comp.querySelector('#review-deadline')).toBeUndefined();
    // Cancel opens six months after approval: said on the disabled button, nothing to tap until then.
    expect(comp.querySelector('#open-cancel')).toBeUndefined();
    expect(textOf(comp, '#open-cancel-later')).toBe('取消备案（2027年5月26日起可办理）');
    await tap(comp, '#open-cancel-later');
    expect(comp.data.active).toBe('');

    await tap(comp, '#open-change');
    await type(comp, '#action-phone', '13900139000');
    await tap(comp, '#confirm-action');
    await settle(comp, () => comp.data.busy === false && comp.data.notice !== '');
    const created = comp.data.created as { id: string; filingNo: string };
    expect(textOf(comp, '#notice')).toBe(`变更申请已提交，新的编号 ${created.filingNo}查看编号 ${created.filingNo} 的备案 ›`);
    expect(created.filingNo).toMatch(/^\d{8}-\d{6}$/);
    expect(textOf(comp, '#status')).toBe('备案成功');
    expect(made('filing', 'change')).toEqual([{ name: 'filing', data: { action: 'change', id: filing.id, changes: { phone: '13900139000' } } }]);
  });
});

describe('late filing advice', () => {
  it('tells someone who already paid to claim manual reimbursement at the insured region', async () => {
    const comp = renderPage('pages/late-filing/index');
    await tap(comp, '#settled');
    await settle(comp, () => comp.data.advice !== null);
    expect(textOf(comp, '#advice')).toContain('回参保地申请手工报销');
    await tap(comp, '#not-settled');
    await settle(comp, () => (comp.data.advice as { case: string }).case === 'direct_settlement');
    expect(textOf(comp, '#advice')).toContain('仍可直接结算');
    expect(made('filing', 'lateFilingAdvice').map((c) => c.data.settled)).toEqual([true, false]);
  });
});
