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
import { materialStorage } from '../../server/storage/material-storage';
import type { FilingSummary } from '../../core/api/filing-api';
import { element, pinDeviceClock, releaseDeviceClock, renderPage, settle, tap, textOf, type SimulatedElement } from './page-driver';

/**
 * 备案详情 and the lists: the outcome first, actions that say when, never a stale screen.
 * Real functions on real SQLite; WeChat's storage, image viewer and upload are the stubs.
 */
const RESIDENT = 'o-detail-resident';
const GOOD_ID = '11010519491231002X';

let harness: Harness;
let calls: CloudCall[];
const wx = () => (globalThis as unknown as { wx: Record<string, unknown> & { cloud: Record<string, unknown> } }).wx;

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
const submit = async (over: Record<string, unknown> = {}, key = 'k1') =>
  expectOk(await harness.call<FilingSummary>('filing', RESIDENT, { action: 'submit', idempotencyKey: key, filing: exampleFiling(over) }));
const staff = async (action: string, id: string, reason?: string) =>
  expectOk(await harness.call('review', 'demo-staff-suzhou', { action, id, ...(reason ? { reason } : {}) }));

async function openDetail(id: string): Promise<SimulatedElement> {
  const comp = renderPage('pages/filing-detail/index');
  comp.instance.onLoad!({ id });
  await settle(comp, () => comp.data.detail !== null && (comp.data.regionNames as { treatment: string }).treatment !== '');
  return comp;
}

const TEMPORARY = { type: 'other_temporary', residenceAddress: undefined, startDate: '2026-11-26', endDate: '2026-12-20' };

describe('the outcome first', () => {
  it('puts the reviewer\'s reason of a return on top and again at the top of the supplement panel', async () => {
    const filing = await submit();
    await staff('claim', filing.id);
    await staff('return', filing.id, '请补充居住证正反面照片');
    const comp = await openDetail(filing.id);
    expect(textOf(comp, '#decision-reason')).toContain('需要补充的材料请补充居住证正反面照片');
    expect(comp.querySelector('#review-deadline')).toBeUndefined();
    await tap(comp, '#open-supplement');
    expect(textOf(comp, '#supplement-reason')).toBe('医保经办机构要求补充请补充居住证正反面照片');
  });

  it('shows 预计审核完成 only while a decision is pending, and offers 重新办理 after a rejection', async () => {
    const filing = await submit();
    let comp = await openDetail(filing.id);
    expect(textOf(comp, '#review-deadline')).toBe('预计审核完成2026年11月30日前');
    await staff('claim', filing.id);
    await staff('reject', filing.id, '居住地址与居住证不一致');
    comp = await openDetail(filing.id);
    expect(comp.querySelector('#review-deadline')).toBeUndefined();
    expect(textOf(comp, '#decision-reason')).toContain('未通过的原因居住地址与居住证不一致');
    const opened: string[] = [];
    wx().navigateTo = ({ url }: { url: string }) => {
      opened.push(url);
      return Promise.resolve({ errMsg: 'navigateTo:ok' });
    };
    await tap(comp, '#refile');
    expect(opened).toEqual([`/pages/filing-form/index?from=${filing.id}`]);
  });

  it('shows a withdrawal at once, from the answer, even before the page reloads', async () => {
    const filing = await submit();
    const comp = await openDetail(filing.id);
    // From now on the reload of the detail never answers: what the page shows comes from withdraw's answer.
    const realCall = wx().cloud.callFunction as (o: { name: string; data: Record<string, unknown> }) => Promise<unknown>;
    wx().cloud.callFunction = (o: { name: string; data: Record<string, unknown> }) => (o.data.action === 'get' ? new Promise(() => undefined) : realCall(o));
    await tap(comp, '#open-withdraw');
    await tap(comp, '#confirm-action');
    await settle(comp, () => comp.data.notice !== '');
    expect(textOf(comp, '#status')).toBe('已撤销');
    expect(comp.querySelector('#open-withdraw')).toBeUndefined();
    expect(comp.querySelector('#refile')).toBeDefined();
    wx().cloud.callFunction = realCall;
  });
});

describe('after approval', () => {
  it('shows 请核对 and where to go: the treatment city\'s networked hospitals that settle what is needed', async () => {
    const run = institutionRepository(harness.runtime).startImport('test');
    await run.add(cityEssentials(harness.runtime.regions).filter((i) => i.region.startsWith('4403')).map(toRecord));
    await run.finish({ retireOthers: false });
    const filing = await submit();
    await staff('claim', filing.id);
    await staff('approve', filing.id);
    const comp = await openDetail(filing.id);
    await settle(comp, () => (comp.data.places as unknown[]).length > 0);
    expect(textOf(comp, '#check-city')).toBe('广东省深圳市');
    expect(textOf(comp, '#check-type')).toBe('异地长期居住');
    expect(textOf(comp, '#check-until')).toBe('长期有效，直到变更或取消');
    expect(textOf(comp, '#place-0')).toContain('深圳市人民医院');
    expect(textOf(comp, '#place-0')).toContain('可直接结算：住院');
    expect(made('institution', 'search').at(-1)!.data).toMatchObject({ region: '440300', kind: 'hospital', capabilities: ['inpatient'] });
    await tap(comp, '#place-filter-generalOutpatient');
    await settle(comp, () => comp.data.placesLoading === false && (comp.data.places as unknown[]).length > 0);
    expect(made('institution', 'search').at(-1)!.data).toMatchObject({ capabilities: ['generalOutpatient'] });
  });

  it('renews a temporary filing in one tap, from the day after it ends, and says so', async () => {
    const filing = await submit(TEMPORARY);
    await staff('claim', filing.id);
    await staff('approve', filing.id);
    const comp = await openDetail(filing.id);
    expect(textOf(comp, '#check-until')).toBe('2026年12月20日');
    expect(textOf(comp, '#renewal')).toContain('新备案从2026年12月21日开始');
    await tap(comp, '#renew');
    await settle(comp, () => comp.data.notice !== '' && comp.data.busy === false);
    const created = comp.data.created as { id: string; filingNo: string };
    expect(textOf(comp, '#notice')).toContain(`已提交续期申请，新备案从2026年12月21日开始，编号 ${created.filingNo}`);
    await settle(comp, () => comp.querySelector('#renewed') !== undefined);
    expect(textOf(comp, '#renewed')).toBe(`已续期，新备案编号 ${created.filingNo}，从2026年12月21日开始。`);
    expect(made('filing', 'renew')).toHaveLength(1);
  });

  it('says from when a renewal opens, disabled until then', async () => {
    const filing = await submit({ ...TEMPORARY, endDate: '2027-03-31' });
    await staff('claim', filing.id);
    await staff('approve', filing.id);
    const comp = await openDetail(filing.id);
    expect(comp.querySelector('#renew')).toBeUndefined();
    expect(textOf(comp, '#renew-later')).toBe('2027年3月1日起可以续期');
  });
});

describe('materials', () => {
  it('shows the resident\'s own materials as thumbnails and opens them full screen', async () => {
    const file = expectOk(await materialStorage(harness.ctx).upload(RESIDENT, '居住证.jpg', 'image/jpeg', Buffer.from('jpeg')));
    const filing = await submit({ proof: { kind: 'documents', fileIds: [file.fileId] } });
    const downloaded: string[] = [];
    wx().cloud.downloadFile = async ({ fileID }: { fileID: string }) => {
      downloaded.push(fileID);
      return { tempFilePath: `wxfile://tmp/${downloaded.length}.jpg`, statusCode: 200, errMsg: 'cloud.downloadFile:ok' };
    };
    const shown: { urls: string[]; current: string }[] = [];
    wx().previewImage = async (o: { urls: string[]; current: string }) => {
      shown.push(o);
      return { errMsg: 'previewImage:ok' };
    };
    const comp = await openDetail(filing.id);
    await settle(comp, () => (comp.data.thumbs as string[]).length === 1);
    expect(downloaded).toEqual([file.fileId]);
    expect(element(comp, '#filed-material-0').dom.textContent).toBe('材料1');
    await tap(comp, '#filed-material-0 .thumb-image');
    await settle(comp, () => shown.length === 1);
    expect(shown).toEqual([{ urls: ['wxfile://tmp/1.jpg'], current: 'wxfile://tmp/1.jpg' }]);
  });

  it('shows upload progress while a supplement is uploaded', async () => {
    const filing = await submit();
    await staff('claim', filing.id);
    await staff('return', filing.id, '请补充居住证');
    wx().chooseMedia = async () => ({ tempFiles: [{ tempFilePath: 'wxfile://tmp/a.jpg', size: 10 }], type: 'image', errMsg: 'chooseMedia:ok' });
    let progress: ((e: { progress: number }) => void) | undefined;
    let finish: (() => void) | undefined;
    wx().cloud.uploadFile = ({ success }: { success: (r: { fileID: string }) => void }) => {
      finish = () => {
        void materialStorage(harness.ctx).upload(RESIDENT, 'a.jpg', 'image/jpeg', Buffer.from('jpeg')).then((stored) => success({ fileID: expectOk(stored).fileId }));
      };
      return { onProgressUpdate: (listener: (e: { progress: number }) => void) => { progress = listener; }, abort: () => undefined };
    };
    const comp = await openDetail(filing.id);
    await tap(comp, '#open-supplement');
    await tap(comp, '#supplement-add');
    await settle(comp, () => progress !== undefined);
    progress!({ progress: 40 });
    await settle(comp, () => comp.data.uploadPercent === 40);
    expect(textOf(comp, '#supplement-progress')).toContain('正在上传 40%');
    finish!();
    await settle(comp, () => comp.data.uploading === false);
    expect((comp.data.actionForm as { materials: { thumb?: string }[] }).materials[0]!.thumb).toBe('wxfile://tmp/a.jpg');
    expect(comp.querySelector('#supplement-progress')).toBeUndefined();
  });
});

describe('never stale', () => {
  it('我的备案 and 我的消息 reload when shown again', async () => {
    const filing = await submit();
    const list = renderPage('pages/my-filings/index');
    list.instance.onLoad!({});
    await settle(list, () => list.data.loaded === true);
    expect(textOf(list, '#filing-0')).toContain('待审核');
    expect(textOf(list, '#filing-0')).toContain('2026年11月26日 10:00');
    const inbox = renderPage('pages/inbox/index');
    inbox.instance.onLoad!({});
    await settle(inbox, () => inbox.data.loaded === true);
    const before = (inbox.data.items as unknown[]).length;

    expectOk(await harness.call('filing', RESIDENT, { action: 'withdraw', id: filing.id }));
    const { dispatchSoon } = await import('../../server/notification/dispatch-soon');
    await dispatchSoon(harness.runtime);
    list.instance.onShow!();
    await settle(list, () => textOf(list, '#filing-0').includes('已撤销'));
    inbox.instance.onShow!();
    await settle(inbox, () => (inbox.data.items as unknown[]).length > before);
    expect(textOf(inbox, '#message-0')).toContain('备案已撤销');
  });
});

describe('长辈版', () => {
  it('is remembered in storage and followed by a page shown again', async () => {
    const store = new Map<string, unknown>();
    wx().getStorageSync = (key: string) => store.get(key) ?? '';
    wx().setStorageSync = (key: string, value: unknown) => {
      store.set(key, value);
    };
    const home = renderPage('pages/home/index');
    const list = renderPage('pages/my-filings/index');
    expect(list.data.largeText).toBe(false);
    await tap(home, '#large-text-toggle');
    expect(home.data.largeText).toBe(true);
    expect(store.get('largeText')).toBe(true);
    expect(textOf(home, '#large-text-toggle')).toBe('标准字号');
    (list as unknown as { triggerPageLifeTime(name: string): void }).triggerPageLifeTime('show');
    expect(list.data.largeText).toBe(true);
    expect(renderPage('pages/inbox/index').data.largeText).toBe(true);
    // 办理备案 is the first thing on home, above the fold.
    const first = home.querySelectorAll('.button')[0]!;
    expect(first.dom.textContent).toBe('办理备案');
  });
});
