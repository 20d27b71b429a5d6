/**
 * @jest-environment jsdom
 */
import ExcelJS from 'exceljs';
import { FUNCTIONS } from '../../server/local-cloud/function-registry';
import { routeCloudToFunctions, type CloudCall } from '../support/simulated-wx';
import { expectOk, startHarness, type Harness } from '../support/filing-harness';
import { exampleFiling } from '../support/example-filing';
import { bindAs } from '../support/identity-helpers';
import { makeResidentId } from '../support/resident-ids';
import { materialStorage } from '../../server/storage/material-storage';
import { localLinkValid } from '../../server/storage/material-links';
import type { FilingSummary } from '../../core/api/filing-api';
import { element, pick, pinDeviceClock, releaseDeviceClock, renderPage, settle, tap, textOf, type SimulatedElement } from './page-driver';

/**
 * 审核记录 and 工作量 (staff subpackage) against the real review function on SQLite: what the
 * Suzhou desk decided, its figures, and 导出 opening the workbook; Beijing sees none of it.
 */
const RESIDENT = 'o-report-resident';
const OTHER = 'o-report-other';
const OTHER_ID = makeResidentId('320505', '19600101', 55);
const SUZHOU = 'demo-staff-suzhou';
const BEIJING = 'demo-staff-beijing';

let harness: Harness;
let calls: CloudCall[];
const wx = () => (globalThis as unknown as { wx: Record<string, unknown> }).wx;

beforeEach(async () => {
  // The phone's today: 11-28, so the default range (the last 30 days) holds the decisions of 11-27.
  pinDeviceClock('2026-11-28T02:00:00Z');
  harness = await startHarness();
  await bindAs(harness.runtime, RESIDENT, { name: '张秀英', idNumber: '11010519491231002X' });
  await bindAs(harness.runtime, OTHER, { name: '李建国', idNumber: OTHER_ID });
  const a = expectOk(await harness.call<FilingSummary>('filing', RESIDENT, { action: 'submit', idempotencyKey: 'r-1', filing: exampleFiling() }));
  const b = expectOk(await harness.call<FilingSummary>('filing', OTHER, {
    action: 'submit', idempotencyKey: 'r-2', filing: exampleFiling({ applicant: { name: '李建国', idNumber: OTHER_ID, phone: '13900139000' } }),
  }));
  // A approved at 09:00, B rejected at 09:30 China time (distinct instants: newest first is B).
  for (const [at, id, action, reason] of [['2026-11-27T01:00:00Z', a.id, 'approve', '材料齐全'], ['2026-11-27T01:30:00Z', b.id, 'reject', '不符合长期居住条件']] as const) {
    harness.clock.set(at);
    expectOk(await harness.call('review', SUZHOU, { action: 'claim', id }));
    expectOk(await harness.call('review', SUZHOU, { action, id, reason }));
  }
});

afterEach(() => {
  harness.cleanup();
  releaseDeviceClock();
});

function as(openid: string): void {
  calls = routeCloudToFunctions(FUNCTIONS, openid);
}

async function open(page: 'history' | 'workload'): Promise<SimulatedElement> {
  const comp = renderPage(`staff/pages/${page}/index`);
  void comp.instance.onLoad!({});
  await settle(comp, () => comp.data.loading === false && (comp.data.loaded === true || comp.data.errorMessage !== ''));
  return comp;
}

describe('审核记录', () => {
  it('lists the last 30 days’ decisions of my regions in words, filters by decision and by date', async () => {
    as(SUZHOU);
    const comp = await open('history');
    expect(textOf(comp, '#from')).toBe('2026年10月30日');
    expect(textOf(comp, '#to')).toBe('2026年11月28日');
    const items = comp.querySelectorAll('.history-item');
    expect(items).toHaveLength(2);
    const rejected = items[0]!.dom.textContent ?? '';
    expect(rejected).toContain('不通过');
    expect(rejected).toContain('不符合长期居住条件');
    expect(rejected).toContain('李*国');
    expect(rejected).toContain('2026年11月27日 09:30');
    expect(rejected).toContain('苏州市医保中心 审核员');
    expect(rejected).toContain('江苏省苏州市');
    expect(items[1]!.dom.textContent).toContain('材料齐全');

    await tap(comp, '#decision-approved');
    await settle(comp, () => comp.data.loading === false && comp.data.decision === 'approved');
    expect(comp.querySelectorAll('.history-item')).toHaveLength(1);
    expect(calls.at(-1)!.data).toMatchObject({ action: 'history', decision: 'approved', from: '2026-10-30', to: '2026-11-28' });

    await pick(comp, '#from-picker', { value: '2026-11-28' });
    await settle(comp, () => comp.data.loading === false && comp.data.from === '2026-11-28');
    expect(textOf(comp, '#history-empty')).toContain('这段时间没有办结的备案');

    // A backwards range: the server's words beside the pickers, and no list.
    await pick(comp, '#to-picker', { value: '2026-11-01' });
    await settle(comp, () => comp.data.loading === false && comp.data.rangeError !== '');
    expect(textOf(comp, '#range-error')).toBe('结束日期不能早于开始日期');
    expect(comp.querySelector('#history-empty')).toBeFalsy();
  });

  it('导出 stores the workbook for me alone and opens it as an xlsx in WeChat’s viewer', async () => {
    as(SUZHOU);
    const downloads: string[] = [];
    const opened: { filePath: string; fileType: string }[] = [];
    wx().downloadFile = ({ url, success }: { url: string; success(r: unknown): void }) => {
      downloads.push(url);
      success({ statusCode: 200, tempFilePath: 'wxfile://tmp/export.xlsx' });
    };
    wx().openDocument = async (o: { filePath: string; fileType: string }) => {
      opened.push(o);
      return { errMsg: 'openDocument:ok' };
    };
    const comp = await open('history');
    await tap(comp, '#export');
    await settle(comp, () => comp.data.exporting === false && comp.data.notice !== '');
    expect(textOf(comp, '#notice')).toBe('已导出2条记录');
    expect(opened).toEqual([{ filePath: 'wxfile://tmp/export.xlsx', fileType: 'xlsx', showMenu: true }]);
    // The link the page downloaded is a signed, short-lived one for the stored export.
    const link = new URL(downloads[0]!, 'http://127.0.0.1');
    const fileId = link.searchParams.get('fileId')!;
    expect(localLinkValid(harness.runtime, fileId, link.searchParams.get('expires'), link.searchParams.get('sig'))).toBe(true);
    const stored = await materialStorage(harness.ctx).read(SUZHOU, fileId);
    if (!stored.ok) throw new Error(stored.error.code);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(stored.data.bytes as unknown as ArrayBuffer);
    expect(book.getWorksheet('审核记录')!.rowCount).toBe(3);
  });

  it('says so when the file cannot be opened, and keeps the page', async () => {
    as(SUZHOU);
    wx().downloadFile = ({ fail }: { fail(e: unknown): void }) => fail({ errMsg: 'downloadFile:fail' });
    const comp = await open('history');
    await tap(comp, '#export');
    await settle(comp, () => comp.data.exporting === false && comp.data.notice !== '');
    expect(textOf(comp, '#notice')).toBe('已导出2条记录，但无法打开文件，请稍后重试');
    expect(comp.querySelectorAll('.history-item')).toHaveLength(2);
  });

  it('shows Beijing none of Suzhou’s decisions', async () => {
    as(BEIJING);
    const comp = await open('history');
    expect(comp.querySelectorAll('.history-item')).toHaveLength(0);
    expect(textOf(comp, '#history-empty')).toContain('这段时间没有办结的备案');
  });

  it('answers a resident with the refusal in words', async () => {
    as(RESIDENT);
    const comp = await open('history');
    expect(textOf(comp, '#history-error')).toMatch(/[\u4e00-\u9fff]/);
    expect(comp.dom.textContent).not.toMatch(/AUTH\./);
  });
});

describe('工作量', () => {
  it('shows my region’s figures and renders without a canvas', async () => {
    as(SUZHOU);
    const comp = await open('workload');
    const region = textOf(comp, '#region-320500');
    expect(region).toContain('江苏省苏州市');
    expect(region).toMatch(/收到申请\s*2件/);
    expect(region).toMatch(/办结\s*2件/);
    expect(region).toMatch(/通过\s*1件/);
    expect(region).toMatch(/不通过\s*1件/);
    expect(region).toMatch(/当前超期未办\s*0件/);
    expect(region).toMatch(/办结用时（中位数）\s*1个工作日/);
    expect(region).toMatch(/按期办结率\s*100%/);
    expect(element(comp, '#chart')).toBeTruthy();
    // The simulator has no 2D canvas: the chart is skipped, the figures stay.
    expect(comp.data.chartDrawn).toBe(false);
    expect((comp.data.bars as { label: string; count: number }[]).map((b) => [b.label, b.count])).toEqual([['通过', 1], ['不通过', 1], ['退回补充', 0], ['已关闭', 0]]);
  });

  it('draws the bars on a 2D canvas where there is one', async () => {
    as(SUZHOU);
    const painted: string[] = [];
    const ctx = {
      font: '', textAlign: '', fillStyle: '',
      scale: () => undefined,
      clearRect: () => undefined,
      fillRect: (_x: number, _y: number, _w: number, h: number) => painted.push(`bar ${Math.round(h)}`),
      fillText: (text: string) => painted.push(text),
    };
    const canvas = { width: 0, height: 0, getContext: () => ctx };
    const realQuery = wx().createSelectorQuery;
    wx().createSelectorQuery = () => {
      const query = { in: () => query, select: () => query, fields: () => query, exec: (cb: (r: unknown[]) => void) => cb([{ node: canvas, width: 300, height: 200 }]) };
      return query;
    };
    try {
      const comp = await open('workload');
      await settle(comp, () => comp.data.chartDrawn === true);
      expect(painted).toEqual(expect.arrayContaining(['通过', '不通过', '退回补充', '已关闭', '1', '0']));
      expect(painted.filter((p) => p.startsWith('bar'))).toHaveLength(4);
      expect(canvas.width).toBeGreaterThan(0);
    } finally {
      wx().createSelectorQuery = realQuery;
    }
  });

  it('shows Beijing its own region only, with nothing decided', async () => {
    as(BEIJING);
    const comp = await open('workload');
    expect(comp.querySelector('#region-320500')).toBeFalsy();
    const region = textOf(comp, '#region-110000');
    expect(region).toContain('北京市');
    expect(region).toMatch(/收到申请\s*0件/);
    expect(region).toMatch(/办结用时（中位数）\s*暂无/);
  });
});
