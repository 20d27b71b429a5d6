/**
 * @jest-environment jsdom
 */
import { FUNCTIONS } from '../../server/local-cloud/function-registry';
import { routeCloudToFunctions, type CloudCall } from '../support/simulated-wx';
import { expectOk, startHarness, type Harness } from '../support/filing-harness';
import { exampleFiling } from '../support/example-filing';
import { materialStorage } from '../../server/storage/material-storage';
import { bindAs } from '../support/identity-helpers';
import type { FilingDetail, FilingSummary } from '../../core/api/filing-api';
import { element, renderPage, settle, tap, textOf, type, type SimulatedElement } from './page-driver';
import { jpegBytes } from '../support/material-bytes';

/**
 * The staff subpackage against the real review function: a Suzhou filing reaches the Suzhou
 * reviewer's queue and no one else's, and claim + approve on the review page decide it.
 */
const RESIDENT = 'o-staff-test-resident';
const SUZHOU = 'demo-staff-suzhou';
const BEIJING = 'demo-staff-beijing';

let harness: Harness;
let calls: CloudCall[];
let filing: FilingSummary;

beforeEach(async () => {
  harness = await startHarness();
  await bindAs(harness.runtime, RESIDENT, { name: '张秀英', idNumber: '11010519491231002X' });
  filing = expectOk(await harness.call<FilingSummary>('filing', RESIDENT, { action: 'submit', idempotencyKey: 'staff-test-1', filing: exampleFiling() }));
  expect(filing.status).toBe('submitted');
});

afterEach(() => harness.cleanup());

function as(openid: string): void {
  calls = routeCloudToFunctions(FUNCTIONS, openid);
}

const made = (action: string) => calls.filter((c) => c.name === 'review' && c.data.action === action);

async function openQueue(): Promise<SimulatedElement> {
  const comp = renderPage('staff/pages/queue/index');
  void comp.instance.onLoad!();
  await settle(comp, () => comp.data.loaded === true || comp.data.errorMessage !== '');
  return comp;
}

async function openReview(): Promise<SimulatedElement> {
  const comp = renderPage('staff/pages/review/index');
  void comp.instance.onLoad!({ id: filing.id });
  await settle(comp, () => comp.data.detail !== null || comp.data.errorMessage !== '');
  return comp;
}

const statusOf = (comp: SimulatedElement) => (comp.data.detail as { status: string }).status;

describe('staff queue', () => {
  it('shows the Suzhou filing to the Suzhou reviewer, masked, with its deadline', async () => {
    as(SUZHOU);
    const comp = await openQueue();
    expect(textOf(comp, '#staff-name')).toContain('苏州市医保中心');
    const items = comp.querySelectorAll('.queue-item');
    expect(items).toHaveLength(1);
    const text = items[0]!.dom.textContent ?? '';
    expect(text).toContain('异地长期居住');
    expect(text).toContain('待审核');
    expect(text).toContain('110105********002X');
    expect(text).toContain('2026年11月30日');
    expect(text).toContain('2026年11月26日 10:00');
    expect(text).not.toContain('已超期');
  });

  it('names regions and colleagues, never by code or openid (issue 14)', async () => {
    as(SUZHOU);
    const queue = await openQueue();
    const head = queue.dom.textContent ?? '';
    expect(head).toContain('负责地区：江苏省苏州市');
    const row = queue.querySelectorAll('.queue-item')[0]!.dom.textContent ?? '';
    expect(row).toContain('江苏省苏州市');
    expect(row).toContain('广东省深圳市');
    // The 备案编号 (20261126-724026) is the one long number a row shows.
    expect(`${head}${row}`.replaceAll(filing.filingNo!, '')).not.toMatch(/\d{6}(?!\*)/u);

    const review = await openReview();
    element(review, '#claim').dispatchEvent('tap');
    await settle(review, () => statusOf(review) === 'in_review' && review.data.busy === false);
    const text = review.dom.textContent ?? '';
    expect(text).toContain('江苏省苏州市 / 广东省深圳市');
    expect(text).not.toContain(SUZHOU);
    expect(text).toContain('苏州市医保中心');
  });

  it('does not show it to the Beijing reviewer', async () => {
    as(BEIJING);
    const comp = await openQueue();
    expect(comp.querySelectorAll('.queue-item')).toHaveLength(0);
    expect(textOf(comp, '#queue-empty')).toContain('没有需要审核的备案');
  });

  it('tells a resident in Chinese that the queue is for staff only', async () => {
    as(RESIDENT);
    const comp = await openQueue();
    expect(textOf(comp, '#queue-error')).toContain('仅限医保经办机构工作人员使用');
    expect(made('queue')).toHaveLength(0);
  });

  it('flags a filing whose review deadline has passed', async () => {
    harness.clock.set(new Date('2026-12-15T02:00:00Z'));
    as(SUZHOU);
    const comp = await openQueue();
    expect(comp.querySelectorAll('.queue-item')[0]!.dom.textContent).toContain('已超期');
  });
});

describe('review page', () => {
  it('claims, previews the approval, then approves once, and the resident sees 备案成功', async () => {
    as(SUZHOU);
    const comp = await openReview();
    expect(statusOf(comp)).toBe('submitted');
    expect(textOf(comp, '#no-materials')).toContain('个人承诺');
    expect(comp.querySelector('#approve')).toBeUndefined();
    expect(textOf(comp, '#claim')).toBe('受理');

    element(comp, '#claim').dispatchEvent('tap');
    element(comp, '#claim').dispatchEvent('tap');
    await settle(comp, () => statusOf(comp) === 'in_review' && comp.data.busy === false);
    expect(made('claim')).toHaveLength(1);
    expect(textOf(comp, '#notice')).toContain('已受理');

    // 通过 opens the templates; nothing is decided until 确认.
    await tap(comp, '#approve');
    expect(comp.querySelectorAll('.template').map((t) => t.dom.textContent)).toEqual(['材料齐全，予以备案', '符合异地长期居住人员备案条件', '符合临时外出就医人员备案条件']);
    await tap(comp, '.template');
    element(comp, '#preview').dispatchEvent('tap');
    element(comp, '#preview').dispatchEvent('tap');
    await settle(comp, () => comp.data.preview !== null && comp.data.busy === false);
    expect(made('previewDecision')).toEqual([{ name: 'review', data: { action: 'previewDecision', id: filing.id, decision: 'approve', reason: '材料齐全，予以备案' } }]);
    expect(made('approve')).toHaveLength(0);
    expect(textOf(comp, '#preview-title')).toBe('备案成功');
    expect(textOf(comp, '#preview-message')).toContain('审核意见：材料齐全，予以备案');

    element(comp, '#confirm').dispatchEvent('tap');
    element(comp, '#confirm').dispatchEvent('tap');
    await settle(comp, () => statusOf(comp) === 'approved' && comp.data.busy === false);
    expect(made('approve')).toEqual([{ name: 'review', data: { action: 'approve', id: filing.id, reason: '材料齐全，予以备案' } }]);
    expect(textOf(comp, '#status')).toBe('备案成功');
    expect(comp.querySelector('#approve')).toBeUndefined();
    expect(comp.querySelector('#confirm')).toBeUndefined();

    const seen = expectOk(await harness.call<FilingDetail>('filing', RESIDENT, { action: 'get', id: filing.id }));
    expect(seen.status).toBe('approved');
    expect(seen.timeline.map((t) => t.label)).toEqual(['提交申请', '开始审核', '审核通过']);
  });

  it('previews a return with two templates and words of its own, goes back to change it, and sends exactly what was previewed last', async () => {
    as(SUZHOU);
    const comp = await openReview();
    await tap(comp, '#claim');
    await settle(comp, () => statusOf(comp) === 'in_review' && comp.data.busy === false);
    await tap(comp, '#return');
    const chips = comp.querySelectorAll('.template');
    chips[0]!.dispatchEvent('tap');
    chips[2]!.dispatchEvent('tap');
    await type(comp, '#reason', '居住证反面');
    await tap(comp, '#preview');
    await settle(comp, () => comp.data.preview !== null && comp.data.busy === false);
    const first = '请补充上传居住证或居住证明；上传的材料不清晰，请重新拍照上传；居住证反面';
    expect(textOf(comp, '#preview-title')).toBe('备案需补充材料');
    expect(textOf(comp, '#preview-message')).toContain(first);

    await tap(comp, '#back-to-edit');
    expect(comp.querySelector('#preview-message')).toBeUndefined();
    expect(comp.querySelectorAll('.template.chosen')).toHaveLength(2);
    comp.querySelectorAll('.template')[2]!.dispatchEvent('tap');
    await type(comp, '#reason', '');
    await tap(comp, '#preview');
    await settle(comp, () => comp.data.preview !== null && comp.data.busy === false);
    await tap(comp, '#confirm');
    await settle(comp, () => statusOf(comp) === 'returned' && comp.data.busy === false);
    expect(made('return')).toEqual([{ name: 'review', data: { action: 'return', id: filing.id, reason: '请补充上传居住证或居住证明' } }]);
    expect(textOf(comp, '#notice')).toContain('已退回');
  });

  it('puts a claimed filing back in the queue (放回待审核队列)', async () => {
    as(SUZHOU);
    const comp = await openReview();
    await tap(comp, '#claim');
    await settle(comp, () => statusOf(comp) === 'in_review' && comp.data.busy === false);
    await tap(comp, '#release');
    await settle(comp, () => statusOf(comp) === 'submitted' && comp.data.busy === false);
    expect(made('release')).toEqual([{ name: 'review', data: { action: 'release', id: filing.id } }]);
    expect(textOf(comp, '#notice')).toContain('已放回待审核队列');
    expect(comp.querySelector('#claim')).toBeDefined();
  });

  it('opens a material through a link the review function signs (storage lets only its uploader read)', async () => {
    const file = expectOk(await materialStorage(harness.ctx).upload(RESIDENT, '居住证.jpg', jpegBytes('x')));
    filing = expectOk(await harness.call<FilingSummary>('filing', RESIDENT, {
      action: 'submit', idempotencyKey: 'staff-test-material', filing: exampleFiling({ treatmentRegion: '110000', proof: { kind: 'documents', fileIds: [file.fileId] } }),
    }));
    const previewed: string[][] = [];
    const wx = (globalThis as unknown as { wx: Record<string, unknown> }).wx;
    wx.previewImage = ({ urls }: { urls: string[] }) => {
      previewed.push(urls);
      return Promise.resolve({ errMsg: 'previewImage:ok' });
    };
    as(SUZHOU);
    const comp = await openReview();
    await tap(comp, '.material');
    await settle(comp, () => previewed.length === 1);
    expect(made('materialLink')).toEqual([{ name: 'review', data: { action: 'materialLink', id: filing.id, fileId: file.fileId } }]);
    expect(previewed[0]![0]).toMatch(/^\/storage\/file\?fileId=.+&sig=[0-9a-f]{64}$/);
  });

  it('asks for a reason before previewing a rejection, without calling the cloud, then rejects with it', async () => {
    as(SUZHOU);
    const comp = await openReview();
    await tap(comp, '#claim');
    await settle(comp, () => statusOf(comp) === 'in_review' && comp.data.busy === false);

    await tap(comp, '#reject');
    await tap(comp, '#preview');
    expect(textOf(comp, '#reason-error')).toContain('请填写不通过的原因');
    expect(made('previewDecision')).toHaveLength(0);
    expect(made('reject')).toHaveLength(0);

    await type(comp, '#reason', '居住地址与居住证不一致');
    await tap(comp, '#preview');
    await settle(comp, () => comp.data.preview !== null && comp.data.busy === false);
    expect(textOf(comp, '#preview-message')).toContain('原因：居住地址与居住证不一致');
    await tap(comp, '#confirm');
    await settle(comp, () => statusOf(comp) === 'rejected' && comp.data.busy === false);
    expect(made('reject')).toEqual([{ name: 'review', data: { action: 'reject', id: filing.id, reason: '居住地址与居住证不一致' } }]);
  });

  it('reveals the full ID number only when asked, and the server records the look', async () => {
    as(SUZHOU);
    const comp = await openReview();
    expect(textOf(comp, '#id-number')).toBe('110105********002X');
    expect(made('get')).toEqual([{ name: 'review', data: { action: 'get', id: filing.id } }]);

    await tap(comp, '#reveal-id');
    await settle(comp, () => textOf(comp, '#id-number') === '11010519491231002X');
    expect(made('get')[1]!.data).toEqual({ action: 'get', id: filing.id, revealIdNumber: true });
    expect(comp.querySelector('#reveal-id')).toBeUndefined();
    const audit = await harness.ctx.repo.timeline(filing.id);
    expect(audit.filter((a) => a.event === 'pii_access').map((a) => a.actorId)).toEqual([SUZHOU]);
  });

  it('tells the Beijing reviewer in Chinese that there is no such filing (another region’s is not shown to exist)', async () => {
    as(BEIJING);
    const comp = await openReview();
    expect(textOf(comp, '#review-error')).toContain('没有找到这条备案记录');
    expect(comp.data.detail).toBeNull();
  });
});

describe('review page: a change request side by side (issue 14)', () => {
  /** The resident's filing approved, then a change of phone number: the filing the page opens. */
  async function changeRequest(): Promise<FilingSummary> {
    expectOk(await harness.call('review', SUZHOU, { action: 'claim', id: filing.id }));
    expectOk(await harness.call('review', SUZHOU, { action: 'approve', id: filing.id }));
    return expectOk(await harness.call<FilingSummary>('filing', RESIDENT, { action: 'change', id: filing.id, changes: { phone: '13900139000' } }));
  }

  it('shows each changed field as 字段：原值 → 新值, also in 长辈版', async () => {
    filing = await changeRequest();
    as(SUZHOU);
    const comp = await openReview();
    const changes = element(comp, '#field-changes');
    const row = element(changes, '#change-phone').dom.textContent ?? '';
    expect(row).toContain('联系电话：');
    expect(row.replace(/\s+/g, '')).toContain('13800138000→13900139000');
    expect(changes.querySelectorAll('.field-change')).toHaveLength(1);
    // 长辈版: the page root grows and the component, sized in em, grows with it.
    await tap(comp, '#large-text-toggle');
    expect(comp.data.largeText).toBe(true);
    expect(comp.querySelector('.page.large')).toBeDefined();
    expect(element(comp, '#field-changes').querySelector('#change-phone')).toBeDefined();
  });

  it('shows no 变更内容 on a filing that is not a change request', async () => {
    as(SUZHOU);
    const comp = await openReview();
    expect(comp.querySelector('#field-changes')).toBeUndefined();
    expect(comp.dom.textContent).not.toContain('变更内容');
  });

  it('tells the reviewer in Chinese when the base of a change request was cancelled, and the request is closed', async () => {
    filing = await changeRequest();
    // The base is cancelled (after its lock): the waiting change request is closed with it.
    harness.clock.advanceDays(200);
    expectOk(await harness.call('filing', RESIDENT, { action: 'cancel', id: filing.changeOf!, reason: '回老家了' }));
    as(SUZHOU);
    const comp = await openReview();
    expect(textOf(comp, '#status')).toBe('已关闭');
    expect(comp.querySelector('#claim')).toBeUndefined();
    expect(comp.dom.textContent).toContain('变更申请已关闭');
    expect(comp.dom.textContent).toContain('原备案已取消，变更申请随之关闭');
  });
});
