/**
 * @jest-environment jsdom
 */
import { FUNCTIONS } from '../../server/local-cloud/function-registry';
import { routeCloudToFunctions, type CloudCall } from '../support/simulated-wx';
import { expectOk, startHarness, type Harness } from '../support/filing-harness';
import { exampleFiling } from '../support/example-filing';
import { bindAs } from '../support/identity-helpers';
import { makeResidentId } from '../support/resident-ids';
import type { FilingSummary } from '../../core/api/filing-api';
import { renderPage, settle, tap, textOf, type, type SimulatedElement } from './page-driver';

/**
 * The review desk's pages (issue 14) against the real review function: the queue's four tabs
 * with their counts and the overdue count, and the search page, for the Suzhou reviewer and,
 * finding nothing of Suzhou's, the Beijing one.
 */
const SUZHOU = 'demo-staff-suzhou';
const BEIJING = 'demo-staff-beijing';
const PENDING = { openid: 'o-desk-page-1', name: '张秀英', idNumber: makeResidentId('320505', '19500101', 101) };
const DECIDED = { openid: 'o-desk-page-2', name: '李建国', idNumber: makeResidentId('320505', '19500101', 102) };

let harness: Harness;
let calls: CloudCall[];
let pending: FilingSummary;
let decided: FilingSummary;

const wx = () => (globalThis as unknown as { wx: Record<string, unknown> }).wx;

async function file(p: typeof PENDING): Promise<FilingSummary> {
  await bindAs(harness.runtime, p.openid, p);
  return expectOk(await harness.call<FilingSummary>('filing', p.openid, {
    action: 'submit', idempotencyKey: `desk-page-${p.openid}`, filing: exampleFiling({ applicant: { name: p.name, idNumber: p.idNumber, phone: '13800138000' } }),
  }));
}

beforeEach(async () => {
  harness = await startHarness();
  pending = await file(PENDING);
  decided = await file(DECIDED);
  expectOk(await harness.call('review', SUZHOU, { action: 'claim', id: decided.id }));
  expectOk(await harness.call('review', SUZHOU, { action: 'return', id: decided.id, reason: '请补充居住证明' }));
});

afterEach(() => harness.cleanup());

function as(openid: string): void {
  calls = routeCloudToFunctions(FUNCTIONS, openid);
}

const made = (action: string) => calls.filter((c) => c.name === 'review' && c.data.action === action);

async function openQueue(): Promise<SimulatedElement> {
  const comp = renderPage('staff/pages/queue/index');
  void comp.instance.onLoad!();
  await settle(comp, () => (comp.data.loaded === true && (comp.data.tabs as { count: string }[])[0]!.count !== '') || comp.data.errorMessage !== '');
  return comp;
}

async function openTab(comp: SimulatedElement, tab: string): Promise<void> {
  await tap(comp, `#tab-${tab}`);
  await settle(comp, () => comp.data.tab === tab && comp.data.loaded === true && comp.data.loading === false);
}

async function openSearch(): Promise<SimulatedElement> {
  const comp = renderPage('staff/pages/search/index');
  void comp.instance.onLoad!();
  await settle(comp, () => comp.data.staff !== null || comp.data.errorMessage !== '');
  return comp;
}

async function searchFor(comp: SimulatedElement, by: string, query: string): Promise<void> {
  await tap(comp, `#by-${by}`);
  await type(comp, '#query', query);
  const before = made('search').length;
  await tap(comp, '#search');
  await settle(comp, () => (made('search').length > before && comp.data.loading === false && comp.data.searched === true) || comp.data.queryError !== '');
}

describe('queue tabs', () => {
  it('shows the four tabs with their counts, 待审核 first, and each tab its own filings', async () => {
    as(SUZHOU);
    const comp = await openQueue();
    expect(textOf(comp, '#tab-pending')).toBe('待审核1');
    expect(textOf(comp, '#tab-mine')).toBe('我在审0');
    expect(textOf(comp, '#tab-returned')).toBe('已退回1');
    expect(textOf(comp, '#tab-done')).toBe('已办结1');
    expect(comp.querySelector('#overdue-count')).toBeUndefined();
    let rows = comp.querySelectorAll('.queue-item');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.dom.textContent).toContain(pending.filingNo!);
    expect(rows[0]!.dom.textContent).toContain('张*英');

    await openTab(comp, 'mine');
    expect(comp.querySelectorAll('.queue-item')).toHaveLength(0);
    expect(textOf(comp, '#queue-empty')).toContain('您没有正在审核的备案');

    await openTab(comp, 'done');
    rows = comp.querySelectorAll('.queue-item');
    expect(rows).toHaveLength(1);
    const done = rows[0]!.dom.textContent ?? '';
    expect(done).toContain('退回补充材料');
    expect(done).toContain('请补充居住证明');
    expect(done).toContain('苏州市医保中心 审核员');
    expect(done).toContain('办结时间2026年11月26日 10:00');
    expect(done).not.toContain('审核期限');
    expect(made('queue').map((c) => c.data.tab)).toEqual(['pending', 'mine', 'done']);
  });

  it('marks and counts overdue filings', async () => {
    harness.clock.set(new Date('2026-12-15T02:00:00Z'));
    as(SUZHOU);
    const comp = await openQueue();
    expect(textOf(comp, '#overdue-count')).toContain('已超期 1 件');
    expect(comp.querySelectorAll('.queue-item')[0]!.dom.textContent).toContain('已超期');
    await openTab(comp, 'returned');
    expect(comp.querySelectorAll('.queue-item')[0]!.dom.textContent).not.toContain('已超期');
  });

  it('leads to the search page from its nav row', async () => {
    as(SUZHOU);
    const comp = await openQueue();
    const opened: string[] = [];
    wx().navigateTo = ({ url }: { url: string }) => {
      opened.push(url);
      return Promise.resolve({ errMsg: 'navigateTo:ok' });
    };
    await tap(comp, '#open-search');
    expect(opened).toEqual(['/staff/pages/search/index']);
  });

  it('shows the Beijing reviewer no Suzhou filing in any tab, and zero counts', async () => {
    as(BEIJING);
    const comp = await openQueue();
    for (const tab of ['pending', 'mine', 'returned', 'done']) {
      expect(textOf(comp, `#tab-${tab}`)).toMatch(/0$/);
      if (tab !== 'pending') await openTab(comp, tab);
      expect(comp.querySelectorAll('.queue-item')).toHaveLength(0);
    }
  });
});

describe('search page', () => {
  it('finds a filing by 备案编号, by name and by ID number, and opens it for review', async () => {
    as(SUZHOU);
    const comp = await openSearch();
    await searchFor(comp, 'filingNo', pending.filingNo!);
    let rows = comp.querySelectorAll('.queue-item');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.dom.textContent).toContain('张*英');

    await searchFor(comp, 'name', '李建国');
    rows = comp.querySelectorAll('.queue-item');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.dom.textContent).toContain('退回补充材料');

    await tap(comp, '#by-idNumber');
    expect(textOf(comp, '#id-search-note')).toContain('系统会记录');
    await searchFor(comp, 'idNumber', PENDING.idNumber);
    expect(comp.querySelectorAll('.queue-item')).toHaveLength(1);
    expect(made('search').map((c) => Object.keys(c.data).filter((k) => k !== 'action'))).toEqual([['filingNo'], ['name'], ['idNumber']]);

    const opened: string[] = [];
    wx().navigateTo = ({ url }: { url: string }) => {
      opened.push(url);
      return Promise.resolve({ errMsg: 'navigateTo:ok' });
    };
    await tap(comp, '.queue-item');
    expect(opened).toEqual([`/staff/pages/review/index?id=${pending.id}`]);
  });

  it('says what is wrong with the box in Chinese before asking the server', async () => {
    as(SUZHOU);
    const comp = await openSearch();
    await tap(comp, '#search');
    expect(textOf(comp, '#query-error')).toBe('请填写备案编号');
    await searchFor(comp, 'idNumber', '110105194912310021');
    expect(textOf(comp, '#query-error')).toMatch(/[\u4e00-\u9fff]/);
    expect(made('search')).toHaveLength(0);
  });

  it('finds nothing of Suzhou for the Beijing reviewer, whichever way', async () => {
    as(BEIJING);
    const comp = await openSearch();
    for (const [by, query] of [['filingNo', pending.filingNo!], ['name', '张秀英'], ['idNumber', PENDING.idNumber]] as const) {
      await searchFor(comp, by, query);
      expect(comp.querySelectorAll('.queue-item')).toHaveLength(0);
      expect(textOf(comp, '#search-empty')).toContain('没有找到');
    }
  });

  it('tells a resident in Chinese that it is for staff only', async () => {
    as(PENDING.openid);
    const comp = await openSearch();
    expect(textOf(comp, '#search-error')).toContain('仅限医保经办机构工作人员使用');
  });
});
