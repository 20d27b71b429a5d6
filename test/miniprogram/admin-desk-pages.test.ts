/**
 * @jest-environment jsdom
 */
import { FUNCTIONS } from '../../server/local-cloud/function-registry';
import type { FilingSummary } from '../../core/api/filing-api';
import { Collections } from '../../server/filing/filing-records';
import type { DeliveryRecord } from '../../server/notification/notification-records';
import { notificationContextOf } from '../../server/notification/notification-context';
import { routeCloudToFunctions, type CloudCall } from '../support/simulated-wx';
import { expectOk, startHarness, type Harness } from '../support/filing-harness';
import { exampleFiling } from '../support/example-filing';
import { bindAs } from '../support/identity-helpers';
import { pick, renderPage, settle, tap, textOf, type, type SimulatedElement } from './page-driver';

/**
 * The admin desk of the staff subpackage against the real review and notification functions:
 * 工作人员管理 (add, change regions and role, remove), 发送失败的消息 (retry), 身份证号查看记录.
 * Regions by name, people by name: never an openid, a code, an ISO instant or an internal ID.
 */
const ADMIN = 'demo-admin';
const REVIEWER = 'demo-staff-suzhou';
const RESIDENT = 'o-admin-desk-resident';

let harness: Harness;
let calls: CloudCall[];

beforeEach(async () => {
  harness = await startHarness();
});
afterEach(() => harness.cleanup());

function as(openid: string): void {
  calls = routeCloudToFunctions(FUNCTIONS, openid);
}
const made = (fn: string, action: string) => calls.filter((c) => c.name === fn && c.data.action === action);

function expectPlainWords(comp: SimulatedElement, ids: readonly string[] = []): void {
  const text = comp.dom.textContent ?? '';
  expect(text).not.toMatch(/[A-Z]{3,}\.[A-Z_]{3,}/);
  expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  expect(text).not.toMatch(/\b[0-9a-f]{8}-[0-9a-f]{4}-/);
  for (const id of ids) expect(text).not.toContain(id);
}

async function open(page: string): Promise<SimulatedElement> {
  const comp = renderPage(page);
  void comp.instance.onLoad!({});
  await settle(comp, () => (comp.data.allowed === true && comp.data.loaded === true) || comp.data.errorMessage !== '');
  return comp;
}

const indexOf = (comp: SimulatedElement, name: string) => (comp.data.items as { name: string }[]).findIndex((s) => s.name === name);
const rowOf = (comp: SimulatedElement, name: string) => comp.querySelectorAll('.staff-item').find((r) => (r.dom.textContent ?? '').includes(name))!;

describe('admins only', () => {
  it.each(['staff/pages/admin-staff/index', 'staff/pages/dead-letters/index', 'staff/pages/pii-log/index'])('%s tells a reviewer and a resident why, asking nothing else', async (page) => {
    as(REVIEWER);
    expect((await open(page)).dom.textContent).toContain('仅限管理员使用');
    as('demo-resident-1');
    expect((await open(page)).dom.textContent).toContain('仅限医保经办机构工作人员使用');
    expect(calls.filter((c) => c.data.action !== 'whoami')).toEqual([]);
  });
});

describe('工作人员管理', () => {
  it('lists staff by name and region names, adds one, changes regions and role, removes after a second tap', async () => {
    as(ADMIN);
    const comp = await open('staff/pages/admin-staff/index');
    expect(rowOf(comp, '苏州市医保中心').dom.textContent).toContain('江苏省苏州市');
    expect(rowOf(comp, '苏州市医保中心').dom.textContent).toContain('审核员');
    expectPlainWords(comp, [REVIEWER, 'demo-staff-beijing', ADMIN, '320500']);
    // The admin cannot remove themself: no 删除 on their own row.
    expect(comp.querySelector(`#remove-${(comp.data.items as { mine: boolean }[]).findIndex((s) => s.mine)}`)).toBeUndefined();
    expect(comp.querySelector(`#remove-${indexOf(comp, '苏州市医保中心 审核员')}`)).toBeDefined();

    // Adding: every wrong field at once, before any call.
    await tap(comp, '#add');
    expect(Object.keys(comp.data.errors as object).sort()).toEqual(['name', 'openid', 'regions']);
    expect(made('review', 'staffAdd')).toHaveLength(0);
    await type(comp, '#new-openid', 'o-new-colleague');
    await type(comp, '#new-name', '吴敏');
    await pick(comp, '#new-region', { value: ['江苏省', '无锡市'], code: ['320000', '320200'] });
    await tap(comp, '#add');
    await settle(comp, () => comp.data.busy === false && comp.data.notice !== '');
    expect(made('review', 'staffAdd')).toEqual([{ name: 'review', data: { action: 'staffAdd', openid: 'o-new-colleague', name: '吴敏', role: 'reviewer', regions: ['320200'] } }]);
    expect(textOf(comp, '#notice')).toContain('已添加吴敏（审核员，负责江苏省无锡市）');

    // 增加负责地区, then 更换负责地区.
    await pick(comp, `#add-region-${indexOf(comp, '吴敏')}`, { value: ['江苏省', '苏州市'], code: ['320000', '320500'] });
    await settle(comp, () => comp.data.busy === false && comp.data.notice !== '' && (rowOf(comp, '吴敏').dom.textContent ?? '').includes('苏州市'));
    expect(rowOf(comp, '吴敏').dom.textContent).toContain('江苏省无锡市、江苏省苏州市');
    await pick(comp, `#replace-region-${indexOf(comp, '吴敏')}`, { value: ['浙江省', '杭州市'], code: ['330000', '330100'] });
    await settle(comp, () => comp.data.busy === false && (rowOf(comp, '吴敏').dom.textContent ?? '').includes('杭州市'));
    expect(textOf(comp, `#regions-${indexOf(comp, '吴敏')}`)).toBe('浙江省杭州市');
    expect(made('review', 'staffUpdate').map((c) => c.data.regions)).toEqual([['320200', '320500'], ['330100']]);

    await tap(comp, `#toggle-role-${indexOf(comp, '吴敏')}`);
    await settle(comp, () => comp.data.busy === false && (rowOf(comp, '吴敏').dom.textContent ?? '').includes('改为审核员'));
    expect(textOf(comp, '#notice')).toContain('已将吴敏设为管理员');

    // The last admin may not step down: the refusal in words.
    await tap(comp, `#toggle-role-${indexOf(comp, '吴敏')}`);
    await settle(comp, () => comp.data.busy === false && (rowOf(comp, '吴敏').dom.textContent ?? '').includes('设为管理员'));
    await tap(comp, `#toggle-role-${(comp.data.items as { mine: boolean }[]).findIndex((s) => s.mine)}`);
    await settle(comp, () => comp.data.busy === false && comp.data.errorMessage !== '');
    expect(textOf(comp, '#staff-error')).toContain('最后一位系统管理员');

    await tap(comp, `#remove-${indexOf(comp, '吴敏')}`);
    expect(made('review', 'staffRemove')).toHaveLength(0);
    await tap(comp, '#confirm-remove');
    await settle(comp, () => comp.data.busy === false && comp.data.notice !== '');
    expect(textOf(comp, '#notice')).toBe('已删除吴敏');
    expect(comp.querySelectorAll('.staff-item').some((r) => (r.dom.textContent ?? '').includes('吴敏'))).toBe(false);
    expect(await harness.ctx.repo.get(Collections.staff, 'o-new-colleague')).toBeUndefined();
    expectPlainWords(comp, ['o-new-colleague']);
  });
});

describe('发送失败的消息', () => {
  it('lists dead letters in words and sends one again', async () => {
    const store = notificationContextOf(harness.runtime).store;
    const dead: DeliveryRecord = {
      id: 'dlv-page-1', version: 1, messageId: 'msg:page-1', kind: 'approve', touser: 'o-dead-letter-resident', templateKey: 'filingResult', templateId: 'local-filing-result',
      page: 'pages/filing-detail/index?id=x', data: { thing1: { value: '异地长期居住备案' } }, state: 'dead', attempts: 5, nextAttemptAt: '2026-11-26T02:00:00.000Z',
      createdAt: '2026-11-26T10:00:00+08:00', lastError: { errcode: -1, errmsg: 'system busy' },
    };
    await store.commit([{ kind: 'create', collection: Collections.deliveries, doc: dead }]);
    as(ADMIN);
    const comp = await open('staff/pages/dead-letters/index');
    const row = comp.querySelectorAll('.letter-item');
    expect(row).toHaveLength(1);
    expect(row[0]!.dom.textContent).toContain('审核通过');
    expect(row[0]!.dom.textContent).toContain('多次发送失败');
    expect(row[0]!.dom.textContent).toContain('5次');
    expect(row[0]!.dom.textContent).toContain('2026年11月26日 10:00');
    expectPlainWords(comp, ['o-dead-letter-resident', 'filingResult', 'system busy', 'dlv-page-1']);

    await tap(comp, '.retry');
    await settle(comp, () => comp.data.busy === false && comp.data.notice !== '');
    expect(made('notification', 'retryDeadLetter')).toEqual([{ name: 'notification', data: { action: 'retryDeadLetter', id: 'dlv-page-1' } }]);
    expect(textOf(comp, '#notice')).toBe('已重新发送成功');
    expect(comp.querySelector('.retry')).toBeUndefined();
    expect((await store.get<DeliveryRecord>(Collections.deliveries, 'dlv-page-1'))?.state).toBe('sent');
  });

  it('says so when there is none', async () => {
    as(ADMIN);
    const comp = await open('staff/pages/dead-letters/index');
    expect(textOf(comp, '#letters-empty')).toContain('没有发送失败的消息');
  });
});

describe('身份证号查看记录', () => {
  it('shows who revealed which filing’s number and when, and refuses a range over a year without calling', async () => {
    await bindAs(harness.runtime, RESIDENT, { name: '张秀英', idNumber: '11010519491231002X' });
    const filing = expectOk(await harness.call<FilingSummary>('filing', RESIDENT, { action: 'submit', idempotencyKey: 'pii-page', filing: exampleFiling() }));
    expectOk(await harness.call('review', REVIEWER, { action: 'get', id: filing.id, revealIdNumber: true }));
    // The page's own 30 days end on the phone's today.
    jest.useFakeTimers({ now: new Date('2026-11-27T02:00:00Z'), doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'queueMicrotask'] });
    try {
      as(ADMIN);
      const comp = await open('staff/pages/pii-log/index');
      expect(textOf(comp, '#from')).toBe('2026年10月29日');
      expect(textOf(comp, '#to')).toBe('2026年11月27日');
      const rows = comp.querySelectorAll('.access-item');
      expect(rows).toHaveLength(1);
      const text = rows[0]!.dom.textContent ?? '';
      expect(text).toContain('苏州市医保中心 审核员');
      expect(text).toContain('查看完整身份证号');
      expect(text).toContain(filing.filingNo!);
      expect(text).toContain('2026年11月26日 10:00');
      expectPlainWords(comp, [REVIEWER, filing.id, '11010519491231002X']);

      const before = made('review', 'piiAccessLog').length;
      await pick(comp, '#from-picker', { value: '2025-10-01' });
      await settle(comp, () => comp.data.rangeError !== '');
      expect(textOf(comp, '#range-error')).toContain('最长一年');
      expect(made('review', 'piiAccessLog')).toHaveLength(before);
      await pick(comp, '#from-picker', { value: '2026-11-27' });
      await settle(comp, () => comp.data.loading === false && comp.data.rangeError === '' && made('review', 'piiAccessLog').length === before + 1);
      await settle(comp, () => comp.querySelector('#log-empty') !== undefined);
      expect(textOf(comp, '#log-empty')).toContain('这段时间没有人查看');
    } finally {
      jest.useRealTimers();
    }
  });
});
