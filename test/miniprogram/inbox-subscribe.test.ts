/**
 * @jest-environment jsdom
 */
import { FUNCTIONS } from '../../server/local-cloud/function-registry';
import { dispatchAfterCalls, dispatchSoon } from '../../server/notification/dispatch-soon';
import { routeCloudToFunctions, type CloudCall } from '../support/simulated-wx';
import { expectOk, startHarness, type Harness } from '../support/filing-harness';
import { exampleFiling } from '../support/example-filing';
import { bindAs } from '../support/identity-helpers';
import type { FilingSummary } from '../../core/api/filing-api';
import { element, nextStep, pick, renderPage, settle, tap, textOf, type, type SimulatedElement } from './page-driver';

/**
 * 消息 and 订阅消息 against the real filing and notification functions, dispatched right after
 * each filing call as the local cloud does. `wx.requestSubscribeMessage` (WeChat's dialog) is
 * the only other stub.
 */
const RESIDENT = 'o-inbox-resident';
const GOOD_ID = '11010519491231002X';
/** One-time templates: asked for on submit. The long-term one has its own button. */
const APPLICANT_TEMPLATES = ['local-filing-result', 'local-filing-reminder'];
const LONG_TERM_TEMPLATE = 'local-filing-progress';

let harness: Harness;
let calls: CloudCall[];

beforeEach(async () => {
  harness = await startHarness();
  await bindAs(harness.runtime, RESIDENT, { name: '张秀英', idNumber: GOOD_ID });
  calls = routeCloudToFunctions(dispatchAfterCalls(FUNCTIONS, harness.runtime, ['filing', 'review']), RESIDENT);
});

afterEach(async () => {
  await dispatchSoon(harness.runtime);
  harness.cleanup();
});

const wx = () => (globalThis as unknown as { wx: Record<string, unknown> }).wx;
const indexOf = (name: string, action: string) => calls.findIndex((c) => c.name === name && c.data.action === action);
const made = (name: string, action: string) => calls.filter((c) => c.name === name && c.data.action === action);

async function unread(): Promise<number> {
  return expectOk(await harness.call<{ unread: number }>('notification', RESIDENT, { action: 'unreadCount' })).unread;
}

describe('inbox', () => {
  it('lists the message of a submitted filing as unread, and marks it read when opened', async () => {
    const filing = expectOk(await harness.call<FilingSummary>('filing', RESIDENT, { action: 'submit', idempotencyKey: 'inbox-1', filing: exampleFiling() }));
    await dispatchSoon(harness.runtime);
    expect(await unread()).toBe(1);

    const home = renderPage('pages/home/index');
    home.instance.onShow!();
    await settle(home, () => home.data.unread === 1);
    expect(textOf(home, '#open-inbox')).toContain('1条未读');

    const comp = renderPage('pages/inbox/index');
    comp.instance.onLoad!({});
    await settle(comp, () => comp.data.loaded === true && comp.data.unread === 1);
    const cards = comp.querySelectorAll('.message');
    expect(cards).toHaveLength(1);
    expect(cards[0]!.dom.textContent).toContain('未读');
    expect(textOf(comp, '#unread-count')).toContain('有1条未读消息');
    const item = (comp.data.items as { id: string; filingId?: string; read: boolean }[])[0]!;
    expect(item.filingId).toBe(filing.id);

    const opened: string[] = [];
    wx().navigateTo = ({ url }: { url: string }) => {
      opened.push(url);
      return Promise.resolve({ errMsg: 'navigateTo:ok' });
    };
    await tap(comp, '#message-0');
    await settle(comp, () => opened.length === 1);
    expect(opened).toEqual([`/pages/filing-detail/index?id=${filing.id}`]);
    expect(made('notification', 'markRead')).toEqual([{ name: 'notification', data: { action: 'markRead', ids: [item.id] } }]);
    expect(await unread()).toBe(0);
    expect(comp.querySelector('.unread-tag')).toBeUndefined();
    expect(comp.querySelector('#unread-count')).toBeUndefined();

    // Back on the home page, the count is gone.
    home.instance.onShow!();
    await settle(home, () => home.data.unread === 0);
    expect(textOf(home, '#open-inbox')).not.toContain('未读');
  });

  it('offers the long-term progress reminder in its own dialog, never mixed with one-time templates, and hides it once on', async () => {
    const asked: { tmplIds: string[] }[] = [];
    wx().requestSubscribeMessage = (options: { tmplIds: string[] }) => {
      asked.push({ tmplIds: options.tmplIds });
      return Promise.resolve({ errMsg: 'requestSubscribeMessage:ok', ...Object.fromEntries(options.tmplIds.map((id) => [id, 'accept'])) });
    };
    const toasts: string[] = [];
    wx().showToast = ({ title }: { title: string }) => {
      toasts.push(title);
      return Promise.resolve();
    };
    const comp = renderPage('pages/inbox/index');
    comp.instance.onLoad!({});
    await settle(comp, () => comp.data.loaded === true && comp.data.offerLongTerm === true);
    expect(textOf(comp, '#long-term')).toContain('开启办理进度提醒');
    await tap(comp, '#turn-on-long-term');
    await settle(comp, () => comp.data.offerLongTerm === false);
    expect(asked).toEqual([{ tmplIds: [LONG_TERM_TEMPLATE] }]);
    expect(toasts).toEqual(['已开启进度提醒']);
    expect(comp.querySelector('#long-term')).toBeUndefined();
    const answer = expectOk(await harness.call<{ longTerm: Record<string, boolean> }>('notification', RESIDENT, { action: 'subscribe', result: {} }));
    expect(answer.longTerm).toEqual({ [LONG_TERM_TEMPLATE]: true });
  });

  it('says so in plain words when there is no message yet', async () => {
    const comp = renderPage('pages/inbox/index');
    comp.instance.onLoad!({});
    await settle(comp, () => comp.data.loaded === true);
    expect(textOf(comp, '#empty')).toContain('还没有消息');
  });
});

describe('subscribe messages on submit', () => {
  async function openForm(): Promise<SimulatedElement> {
    const comp = renderPage('pages/filing-form/index');
    comp.instance.onLoad!({});
    await settle(comp, () => made('filing', 'getDraft').length === 1 && comp.data.verified === true);
    return comp;
  }

  async function fillForm(comp: SimulatedElement): Promise<void> {
    await tap(comp, '#type-long_term_residence');
    await nextStep(comp, 1);
    await tap(comp, '#applicant-self');
    await settle(comp, () => (comp.data.form as { idNumber: string }).idNumber === GOOD_ID);
    await type(comp, '#phone', '13800138000');
    await tap(comp, '#insurance-employee');
    await pick(comp, '#insuredRegion-picker', { value: ['江苏省', '苏州市'], code: ['320000', '320500'] });
    await settle(comp, () => comp.data.policy !== null);
    await nextStep(comp, 2);
    await pick(comp, '#treatmentRegion-picker', { value: ['广东省', '深圳市'], code: ['440000', '440300'] });
    await pick(comp, '#startDate-picker', { value: '2026-12-01' });
    await type(comp, '#residenceAddress', '广东省深圳市南山区科技园路1号');
    await nextStep(comp, 3);
    await tap(comp, '#proof-commitment');
    await tap(comp, '#accept-commitment');
  }

  /** The dialog's answer for every template asked, as WeChat resolves it. */
  function dialogAnswering(answer: string | Error): { tmplIds: string[] }[] {
    const asked: { tmplIds: string[] }[] = [];
    wx().requestSubscribeMessage = (options: { tmplIds: string[] }) => {
      asked.push({ tmplIds: options.tmplIds });
      if (answer instanceof Error) return Promise.reject({ errMsg: `requestSubscribeMessage:fail ${answer.message}` });
      return Promise.resolve(Object.fromEntries([['errMsg', 'requestSubscribeMessage:ok'], ...options.tmplIds.map((id) => [id, answer])]));
    };
    return asked;
  }

  async function submitted(comp: SimulatedElement): Promise<void> {
    await tap(comp, '#submit');
    await settle(comp, () => comp.data.submitted !== null || comp.data.formError !== '');
    expect(comp.data.formError).toBe('');
  }

  it('asks for the configured templates in the submit tap, records the answer, and still files when refused', async () => {
    const asked = dialogAnswering('reject');
    const comp = await openForm();
    await fillForm(comp);
    await submitted(comp);

    expect(asked).toEqual([{ tmplIds: APPLICANT_TEMPLATES }]);
    expect(made('notification', 'subscribe')).toEqual([{
      name: 'notification',
      data: { action: 'subscribe', result: { errMsg: 'requestSubscribeMessage:ok', 'local-filing-result': 'reject', 'local-filing-reminder': 'reject' } },
    }]);
    expect(indexOf('notification', 'subscribe')).toBeLessThan(indexOf('filing', 'submit'));
    expect(made('filing', 'submit')).toHaveLength(1);
    expect(textOf(comp, '#submitted')).toContain('已提交备案申请');
    // Refused: no credit to send a subscribe message later.
    const credits = expectOk(await harness.call<{ credits: Record<string, number> }>('notification', RESIDENT, { action: 'subscribe', result: {} })).credits;
    expect(credits['local-filing-result'] ?? 0).toBe(0);
  });

  it('gives one credit per accepted template before the filing is submitted', async () => {
    dialogAnswering('accept');
    const comp = await openForm();
    await fillForm(comp);
    await submitted(comp);
    expect(indexOf('notification', 'subscribe')).toBeLessThan(indexOf('filing', 'submit'));
    const credits = expectOk(await harness.call<{ credits: Record<string, number> }>('notification', RESIDENT, { action: 'subscribe', result: {} })).credits;
    expect(credits).toMatchObject({ 'local-filing-result': 1, 'local-filing-reminder': 1 });
  });

  it('files all the same when the dialog cannot be shown', async () => {
    const asked = dialogAnswering(new Error('can only be invoked by user TAP gesture.'));
    const comp = await openForm();
    await fillForm(comp);
    await submitted(comp);
    expect(asked).toHaveLength(1);
    expect(made('notification', 'subscribe')).toHaveLength(0);
    expect(made('filing', 'submit')).toHaveLength(1);
  });

  it('asks nothing when the form still has mistakes', async () => {
    const asked = dialogAnswering('accept');
    const comp = await openForm();
    await tap(comp, '#type-long_term_residence');
    await nextStep(comp, 1);
    comp.instance.submit!();
    await settle(comp, () => comp.data.submitting === false);
    expect(asked).toHaveLength(0);
    expect(element(comp, '#form-error').dom.textContent).toContain('请按红字提示修改');
  });
});

describe('subscribe messages on the detail page', () => {
  it('asks once when the resident confirms a supplement, then supplements', async () => {
    const filing = expectOk(await harness.call<FilingSummary>('filing', RESIDENT, { action: 'submit', idempotencyKey: 'detail-sub-1', filing: exampleFiling() }));
    expectOk(await harness.call('review', 'demo-staff-suzhou', { action: 'claim', id: filing.id }));
    expectOk(await harness.call('review', 'demo-staff-suzhou', { action: 'return', id: filing.id, reason: '请补充居住证明' }));
    const asked: { tmplIds: string[] }[] = [];
    wx().requestSubscribeMessage = (options: { tmplIds: string[] }) => {
      asked.push({ tmplIds: options.tmplIds });
      return Promise.resolve({ errMsg: 'requestSubscribeMessage:ok', 'local-filing-result': 'accept' });
    };

    const comp = renderPage('pages/filing-detail/index');
    comp.instance.onLoad!({ id: filing.id });
    await settle(comp, () => comp.data.detail !== null && (comp.data.regionNames as { treatment: string }).treatment !== '');
    await tap(comp, '#open-supplement');
    comp.instance.chooseProof!({ currentTarget: { dataset: { value: 'commitment' } }, detail: {} });
    comp.instance.toggleCommitment!();
    await tap(comp, '#confirm-action');
    await settle(comp, () => comp.data.busy === false && comp.data.notice !== '');
    expect(textOf(comp, '#notice')).toContain('材料已补充');
    expect(asked).toEqual([{ tmplIds: APPLICANT_TEMPLATES }]);
    expect(indexOf('notification', 'subscribe')).toBeLessThan(indexOf('filing', 'supplement'));
  });
});
