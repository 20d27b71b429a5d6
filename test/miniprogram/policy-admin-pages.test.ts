/**
 * @jest-environment jsdom
 */
import { FUNCTIONS } from '../../server/local-cloud/function-registry';
import { POLICY_KEYS } from '../../core/policy/policy-values';
import type { FilingSummary } from '../../core/api/filing-api';
import type { PolicyChangeView } from '../../core/api/policy-api';
import { routeCloudToFunctions, type CloudCall } from '../support/simulated-wx';
import { expectOk, startHarness, type Harness } from '../support/filing-harness';
import { exampleFiling } from '../support/example-filing';
import { FIXTURE_2027 } from '../support/holiday-fixture-2027';
import { bindAs } from '../support/identity-helpers';
import { makeResidentId } from '../support/resident-ids';
import { element, pick, renderPage, settle, tap, textOf, type, type SimulatedElement } from './page-driver';

/**
 * The admins' pages of the staff subpackage against the real policy function: a proposal from
 * the form, approved on the changes page by a second admin (never by its proposer), the policy
 * page announcing it, and a holiday year imported from a pasted file. Nothing on these pages is
 * an error code, an ISO instant or an internal ID.
 */
const ADMIN = 'demo-admin';
const SECOND = 'o-page-admin-2';
const REVIEWER = 'demo-staff-suzhou';

let harness: Harness;
let calls: CloudCall[];
let warn: jest.SpyInstance;

beforeEach(async () => {
  warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  harness = await startHarness();
  expectOk(await harness.call('review', ADMIN, { action: 'staffAdd', openid: SECOND, name: '省医保局 管理员', role: 'admin', regions: ['320000'] }));
  await bindAs(harness.runtime, SECOND, { name: '赵立', idNumber: makeResidentId('320102', '19800101', 11) });
});

afterEach(() => {
  harness.cleanup();
  warn.mockRestore();
});

function as(openid: string): void {
  calls = routeCloudToFunctions(FUNCTIONS, openid);
}

const made = (action: string) => calls.filter((c) => c.name === 'policy' && c.data.action === action);

/** What an admin page must never show: codes, ISO instants or dates, internal IDs. */
function expectPlainWords(comp: SimulatedElement, ids: readonly string[] = []): void {
  const text = comp.dom.textContent ?? '';
  expect(text).not.toMatch(/[A-Z]{3,}\.[A-Z_]{3,}/);
  expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  for (const id of ids) expect(text).not.toContain(id);
}

async function open(page: string, query: Record<string, string> = {}): Promise<SimulatedElement> {
  const comp = renderPage(page);
  void comp.instance.onLoad!(query);
  await settle(comp, () => comp.data.allowed === true || comp.data.errorMessage !== '');
  return comp;
}

const proposeDirectly = async (openid = ADMIN) => expectOk(await harness.call<PolicyChangeView>('policy', openid, {
  action: 'propose', region: '320500', field: 'validity.other_temporary', value: { amount: 6, unit: 'month' }, effectiveFrom: '2027-01-01', source: '苏医保发〔2026〕88号',
}));

describe('admins only', () => {
  it.each(['staff/pages/policy-changes/index', 'staff/pages/policy-propose/index', 'staff/pages/calendar/index'])('%s tells a reviewer and a resident why, asking nothing else', async (page) => {
    as(REVIEWER);
    const reviewer = await open(page);
    expect(reviewer.dom.textContent).toContain('仅限管理员使用');
    as('demo-resident-1');
    const resident = await open(page);
    expect(resident.dom.textContent).toContain('仅限医保经办机构工作人员使用');
    expect(calls.filter((c) => c.name === 'policy')).toEqual([]);
  });

  it('links the admin pages from the queue for admins only', async () => {
    as(ADMIN);
    const queue = renderPage('staff/pages/queue/index');
    void queue.instance.onLoad!();
    await settle(queue, () => queue.data.loaded === true);
    expect(textOf(queue, '#admin-links')).toContain('节假日安排');
    as(REVIEWER);
    const reviewerQueue = renderPage('staff/pages/queue/index');
    void reviewerQueue.instance.onLoad!();
    await settle(reviewerQueue, () => reviewerQueue.data.loaded === true);
    expect(reviewerQueue.querySelector('#admin-links')).toBeUndefined();
  });
});

describe('proposal form', () => {
  it('checks with the action schema before sending, then proposes, showing the current rule', async () => {
    as(ADMIN);
    const comp = await open('staff/pages/policy-propose/index');
    await pick(comp, '#region-picker', { value: ['江苏省', '苏州市'], code: ['320000', '320500'] });
    await pick(comp, '#field-picker', { value: POLICY_KEYS.indexOf('validity.other_temporary') });
    await settle(comp, () => comp.data.current !== '');
    expect(textOf(comp, '#current')).toBe('现行规定：1年');

    await tap(comp, '#submit');
    expect(textOf(comp, '#value-error')).toMatch(/有效期/);
    expect(textOf(comp, '#effectiveFrom-error')).toContain('请选择生效日期');
    expect(textOf(comp, '#source-error')).toContain('请填写政策依据');
    expect(made('propose')).toHaveLength(0);

    await type(comp, '#value-amount', '6');
    await pick(comp, '#date-picker', { value: '2027-01-01' });
    expect(textOf(comp, '#effectiveFrom')).toBe('2027年1月1日');
    await type(comp, '#source', '苏医保发〔2026〕88号');
    await tap(comp, '#submit');
    await settle(comp, () => comp.data.done !== '' || comp.data.errorMessage !== '');
    expect(made('propose')[0]!.data).toEqual({
      action: 'propose', region: '320500', field: 'validity.other_temporary', value: { amount: 6, unit: 'month' }, effectiveFrom: '2027-01-01', source: '苏医保发〔2026〕88号',
    });
    expect(textOf(comp, '#done')).toBe('已提出，等待另一位管理员批准：自2027年1月1日起，苏州市其他临时外出就医有效期6个月');
    expectPlainWords(comp);
  });

  it('shows the server\'s refusal in words beside the box, e.g. a first day already begun', async () => {
    as(ADMIN);
    const comp = await open('staff/pages/policy-propose/index');
    await tap(comp, '#scope-national');
    await pick(comp, '#field-picker', { value: POLICY_KEYS.indexOf('review.workingDays') });
    await type(comp, '#value-amount', '3');
    await pick(comp, '#date-picker', { value: '2026-11-26' });
    await type(comp, '#source', '国家医保局通知');
    await tap(comp, '#submit');
    await settle(comp, () => comp.data.errorMessage !== '');
    expect(textOf(comp, '#effectiveFrom-error')).toBe('生效日期最早为2026年11月27日');
    expect(textOf(comp, '#propose-error')).toBe('生效日期已到，不能再按这个日期变更政策，请重新提出');
    expectPlainWords(comp);
  });
});

describe('changes page', () => {
  it('lets the proposer see but not approve; the second admin approves once', async () => {
    const proposed = await proposeDirectly();
    as(ADMIN);
    const mine = await open('staff/pages/policy-changes/index');
    await settle(mine, () => mine.data.loaded === true);
    expect(mine.querySelectorAll('.change-item')).toHaveLength(1);
    expect(textOf(mine, '.mine-note')).toContain('需由另一位管理员批准');
    expect(mine.querySelector('.approve')).toBeUndefined();
    expectPlainWords(mine, [proposed.changeId, ADMIN]);

    as(SECOND);
    const other = await open('staff/pages/policy-changes/index');
    await settle(other, () => other.data.loaded === true);
    const item = other.querySelectorAll('.change-item')[0]!;
    expect(item.dom.textContent).toContain('自2027年1月1日起，苏州市其他临时外出就医有效期6个月');
    expect(item.dom.textContent).toContain('待审批');
    expect(item.dom.textContent).toContain('苏医保发〔2026〕88号');
    element(other, '.approve').dispatchEvent('tap');
    element(other, '.approve').dispatchEvent('tap');
    await settle(other, () => other.data.notice !== '' && other.data.busy === false && other.data.loading === false);
    expect(made('approve')).toHaveLength(1);
    expect(textOf(other, '#notice')).toBe('已批准第2版：自2027年1月1日起，苏州市其他临时外出就医有效期6个月');
    expect(textOf(other, '.change-item')).toContain('已批准，待施行');
    expect(other.querySelector('.approve')).toBeUndefined();
    expectPlainWords(other, [proposed.changeId, ADMIN, SECOND]);
  });
});

describe('policy page and filing pages', () => {
  it('announces an approved change ahead as 自2027年1月1日起，…', async () => {
    const proposed = await proposeDirectly();
    expectOk(await harness.call('policy', SECOND, { action: 'approve', changeId: proposed.changeId }));
    as('demo-resident-1');
    const comp = renderPage('pages/policy/index');
    comp.instance.onRegionChange!({ detail: { value: ['江苏省', '苏州市'], code: ['320000', '320500'] } });
    await settle(comp, () => comp.data.loading === false && (comp.data.lines as unknown[]).length > 0);
    expect(textOf(comp, '#upcoming')).toContain('自2027年1月1日起，其他临时外出就医有效期改为6个月（现为1年）');
    expect(comp.dom.textContent).toContain('其他临时外出就医1年');
  });

  it('shows the resident which rules applied and staff the weekends-only estimate', async () => {
    harness.clock.set('2027-02-04T02:00:00Z');
    const filed = expectOk(await harness.call<FilingSummary>('filing', 'demo-resident-1', { action: 'submit', idempotencyKey: 'page-1', filing: exampleFiling({ startDate: '2027-02-10' }) }));
    as('demo-resident-1');
    const detail = renderPage('pages/filing-detail/index');
    void detail.instance.onLoad!({ id: filed.id });
    await settle(detail, () => detail.data.detail !== null && detail.data.detail !== undefined);
    expect(textOf(detail, '#policy-rules')).toContain('按苏州市2026版规定，以个人承诺方式办理的长期备案需满6个月才能重新备案');

    as(REVIEWER);
    const review = renderPage('staff/pages/review/index');
    void review.instance.onLoad!({ id: filed.id });
    await settle(review, () => review.data.detail !== null);
    expect(textOf(review, '#deadline-note')).toBe('节假日安排尚未公布，期限按周末推算');
    expect(textOf(review, '#policy-rules')).toContain('按江苏省2026版规定，审核时限2个工作日');
  });
});

describe('calendar page', () => {
  const ofYear = (comp: SimulatedElement, year: number) => textOf(comp, `#year-${year}`);

  async function openCalendar(): Promise<SimulatedElement> {
    const comp = await open('staff/pages/calendar/index');
    await settle(comp, () => (comp.data.years as unknown[]).length === 2);
    return comp;
  }

  it('shows which years are known and names every bad entry of a pasted file before sending it', async () => {
    as(ADMIN);
    const comp = await openCalendar();
    const thisYear = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    expect((comp.data.years as { year: number }[]).map((y) => y.year)).toEqual([thisYear, thisYear + 1]);
    const unknownYear = thisYear >= 2027 ? thisYear : thisYear + 1;
    expect(ofYear(comp, unknownYear)).toContain('尚未导入，审核期限按周末推算');

    await tap(comp, `#import-${unknownYear}`);
    await type(comp, '#pasted', '{"year": 2027, "days": [');
    await tap(comp, '#confirm-import');
    expect(textOf(comp, '#import-errors')).toContain('不是有效的 JSON 文件');
    const bad = { year: unknownYear, days: [
      { date: `${unknownYear}-01-01`, name: '元旦', isOffDay: true },
      { date: `${unknownYear}-01-01`, name: '元旦', isOffDay: true },
      { date: `${unknownYear}-02-05`, name: '', isOffDay: true },
      { date: `${unknownYear}-02-06`, name: '春节', isOffDay: 'yes' },
    ] };
    await type(comp, '#pasted', JSON.stringify(bad));
    await tap(comp, '#confirm-import');
    expect(textOf(comp, '#import-errors')).toContain('第4条：请说明这一天是放假（true）还是调休上班（false）');
    bad.days.pop();
    await type(comp, '#pasted', JSON.stringify(bad));
    await tap(comp, '#confirm-import');
    const errors = textOf(comp, '#import-errors');
    expect(errors).toContain(`第2条（${unknownYear}年1月1日）与第1条重复`);
    expect(errors).toContain(`第3条（${unknownYear}年2月5日）缺少节日名称`);
    expect(made('loadCalendar')).toHaveLength(0);
  });

  it('imports a pasted holiday-cn file and recounts the open filings it moves', async () => {
    harness.clock.set('2027-02-04T02:00:00Z');
    const filed = expectOk(await harness.call<FilingSummary>('filing', 'demo-resident-1', { action: 'submit', idempotencyKey: 'cal-page', filing: exampleFiling({ startDate: '2027-02-10' }) }));
    expect(filed.reviewDeadline).toBe('2027-02-08');
    as(ADMIN);
    const comp = await openCalendar();
    // The page offers this year and next by the phone's clock; import 2027 through the same method.
    comp.instance.openImport!({ currentTarget: { dataset: { year: 2027 } }, detail: {} });
    await settle(comp, () => comp.data.importing === 2027);
    comp.instance.onPaste!({ currentTarget: { dataset: {} }, detail: { value: JSON.stringify({ $schema: 'https://example/holiday.schema.json', year: 2027, papers: [], days: FIXTURE_2027 }) } });
    void comp.instance.confirmImport!();
    await settle(comp, () => comp.data.notice !== '');
    expect(comp.data.notice).toBe('已导入2027年节假日安排，1条未办结备案的审核期限已重新核定');
    expect(made('loadCalendar')).toHaveLength(1);
    const stored = expectOk(await harness.call<FilingSummary>('filing', 'demo-resident-1', { action: 'get', id: filed.id }));
    expect(stored.reviewDeadline).toBe('2027-02-16');
    expectPlainWords(comp);
  });
});
