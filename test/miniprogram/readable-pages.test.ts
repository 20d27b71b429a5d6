/**
 * @jest-environment jsdom
 */
import fs from 'node:fs';
import path from 'node:path';
import { FUNCTIONS } from '../../server/local-cloud/function-registry';
import { dispatchSoon } from '../../server/notification/dispatch-soon';
import { routeCloudToFunctions, routeFaceTo } from '../support/simulated-wx';
import { expectOk, HARNESS_START, startHarness, type Harness } from '../support/filing-harness';
import { exampleFiling } from '../support/example-filing';
import { bindAs, simulateFace } from '../support/identity-helpers';
import { makeResidentId } from '../support/resident-ids';
import { cityEssentials } from '../../server/institution/city-essentials';
import { toRecord } from '../../server/institution/seed-directory';
import { institutionRepository } from '../../server/institution/institution-store';
import type { FilingSummary } from '../../core/api/filing-api';
import { MP, nextStep, pick, pinDeviceClock, releaseDeviceClock, renderPage, settle, tap, type, type SimulatedElement } from './page-driver';

/**
 * Residents never meet machine text. Every page of app.json is rendered (miniprogram-simulate,
 * real functions on real SQLite) in the states people see: lists and details in every status,
 * messages, refusals and errors. No rendered text may hold an ISO instant or date, an error code,
 * a UUID or another long internal ID. Beside it, the static checks of 长辈版 and of tappable views.
 */
const MACHINE_TEXT: readonly [string, RegExp][] = [
  ['an ISO instant', /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/],
  ['an ISO date', /(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)/],
  ['an error code', /\b[A-Z][A-Z_]+\.[A-Z][A-Z_]+\b/],
  ['a UUID', /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i],
  ['an internal ID', /\b[0-9A-Za-z_]{20,}\b/],
];

/** What was seen, per page and state, for the one assertion at the end of the tour. */
const seen: { where: string; text: string }[] = [];

function look(where: string, comp: SimulatedElement): void {
  seen.push({ where, text: comp.dom.textContent ?? '' });
}

function machineTextIn(text: string): string[] {
  return MACHINE_TEXT.flatMap(([what, pattern]) => {
    const hit = pattern.exec(text);
    return hit ? [`${what} "${hit[0]}"`] : [];
  });
}

const RESIDENT = 'o-tour-resident';
const GOOD_ID = '11010519491231002X';
let harness: Harness;

describe('the machine-text check itself', () => {
  it('catches each kind of machine text and lets residents\' words through', () => {
    expect(machineTextIn('提交时间 2026-12-02T05:20:22.772+08:00')).toContain('an ISO instant "2026-12-02T05:20"');
    expect(machineTextIn('结束日期2026-12-31')).toEqual(['an ISO date "2026-12-31"']);
    expect(machineTextIn('错误编号：REGION.SAME_PROVINCE')).toEqual(['an error code "REGION.SAME_PROVINCE"']);
    expect(machineTextIn('备案 3f2b8c1e-9a7d-4c2e-8f1a-2b3c4d5e6f70')).toContain('a UUID "3f2b8c1e-9a7d-4c2e-8f1a-2b3c4d5e6f70"');
    expect(machineTextIn('编号 9b1deb4d3b7d4bad9bdd2b0d7b3dcb6d')).toEqual(['an internal ID "9b1deb4d3b7d4bad9bdd2b0d7b3dcb6d"']);
    expect(machineTextIn('备案编号20261202-042917 2026年12月2日 14:05 身份证号110105********002X 0512-12393 可直接结算：住院')).toEqual([]);
  });
});

describe('every page, in the states residents and staff see', () => {
  beforeAll(async () => {
    pinDeviceClock(HARNESS_START);
    harness = await startHarness();
    await bindAs(harness.runtime, RESIDENT, { name: '张秀英', idNumber: GOOD_ID });
    const run = institutionRepository(harness.runtime).startImport('tour');
    await run.add(cityEssentials(harness.runtime.regions).filter((i) => i.region.startsWith('4403')).map(toRecord));
    await run.finish({ retireOthers: false });
  });
  afterAll(() => {
    harness.cleanup();
    releaseDeviceClock();
  });

  /** Other temporary filings by default: long-term ones in several places would need proof (Suzhou). */
  const submit = async (key: string, over: Record<string, unknown>) =>
    expectOk(await harness.call<FilingSummary>('filing', RESIDENT, {
      action: 'submit', idempotencyKey: key, filing: exampleFiling({ type: 'other_temporary', residenceAddress: undefined, ...over }),
    }));
  const staff = async (action: string, id: string, reason?: string) =>
    expectOk(await harness.call('review', 'demo-staff-suzhou', { action, id, ...(reason ? { reason } : {}) }));

  async function open(page: string, query: Record<string, string>, done: (comp: SimulatedElement) => boolean): Promise<SimulatedElement> {
    const comp = renderPage(page);
    comp.instance.onLoad?.(query);
    comp.instance.onShow?.();
    await settle(comp, () => done(comp));
    return comp;
  }

  it('shows no machine text anywhere', async () => {
    // Filings in every status a resident meets, one treatment province each (one active filing per province).
    const pending = await submit('pending', { treatmentRegion: '440300' });
    const inReview = await submit('in-review', { treatmentRegion: '310100' });
    await staff('claim', inReview.id);
    const returned = await submit('returned', { treatmentRegion: '110100' });
    await staff('claim', returned.id);
    await staff('return', returned.id, '请补充居住证正反面照片');
    const rejected = await submit('rejected', { treatmentRegion: '330100' });
    await staff('claim', rejected.id);
    await staff('reject', rejected.id, '居住地址与居住证不一致');
    const withdrawn = await submit('withdrawn', { treatmentRegion: '420100' });
    expectOk(await harness.call('filing', RESIDENT, { action: 'withdraw', id: withdrawn.id, reason: '不去了' }));
    const temporary = await submit('temporary', { treatmentRegion: '510100', startDate: '2026-11-26', endDate: '2026-12-20' });
    await staff('claim', temporary.id);
    await staff('approve', temporary.id);
    const longTerm = await submit('long-term', { type: 'long_term_residence', treatmentRegion: '500100', residenceAddress: '重庆市渝中区1号' });
    await staff('claim', longTerm.id);
    await staff('approve', longTerm.id);
    const change = expectOk(await harness.call<FilingSummary>('filing', RESIDENT, { action: 'change', id: longTerm.id, changes: { phone: '13900139000' } }));
    const renewal = expectOk(await harness.call<FilingSummary>('filing', RESIDENT, { action: 'renew', id: temporary.id, idempotencyKey: 'renew' }));
    // A change request closed because its base was cancelled (issue 14).
    const closable = await submit('closable', { treatmentRegion: '610100', startDate: '2026-11-26', endDate: '2026-12-20' });
    await staff('claim', closable.id);
    await staff('approve', closable.id);
    const closed = expectOk(await harness.call<FilingSummary>('filing', RESIDENT, { action: 'change', id: closable.id, changes: { phone: '13700137000' } }));
    expectOk(await harness.call('filing', RESIDENT, { action: 'cancel', id: closable.id, reason: '行程取消' }));
    await dispatchSoon(harness.runtime);

    routeCloudToFunctions(FUNCTIONS, RESIDENT);
    look('home', await open('pages/home/index', {}, (c) => c.data.verifiedName !== null));
    look('policy', await open('pages/policy/index', { region: '320500' }, (c) => (c.data.lines as unknown[]).length > 0));
    const policyError = renderPage('pages/policy/index');
    policyError.instance.onRegionChange!({ detail: { value: ['江苏省', '?'], code: ['320000', '329900'] } });
    await settle(policyError, () => policyError.data.errorMessage !== '');
    look('policy, unknown region', policyError);
    look('my filings', await open('pages/my-filings/index', {}, (c) => c.data.loaded === true));
    look('inbox', await open('pages/inbox/index', {}, (c) => c.data.loaded === true && (c.data.items as unknown[]).length > 5));
    look('family', await open('pages/family/index', {}, (c) => c.data.status !== null));
    look('identity (verified)', await open('pages/identity/index', {}, (c) => c.data.status !== null));
    for (const [label, filing] of Object.entries({ pending, inReview, returned, rejected, withdrawn, temporary, longTerm, change, renewal, closed })) {
      const comp = await open('pages/filing-detail/index', { id: filing.id }, (c) => c.data.detail !== null && (c.data.regionNames as { treatment: string }).treatment !== '');
      await settle(comp, () => comp.data.placesLoading === false);
      look(`detail: ${label}`, comp);
    }
    // A refused action, shown beside its button: cancelling a long-term filing (locked) and a bad phone.
    const locked = await open('pages/filing-detail/index', { id: change.id }, (c) => c.data.detail !== null);
    look('detail: change request', locked);
    const pendingDetail = await open('pages/filing-detail/index', { id: pending.id }, (c) => c.data.detail !== null);
    await tap(pendingDetail, '#open-withdraw');
    await type(pendingDetail, '#action-reason', '原'.repeat(201));
    await tap(pendingDetail, '#confirm-action');
    await settle(pendingDetail, () => pendingDetail.data.busy === false && pendingDetail.data.errorMessage !== '');
    look('detail: refused withdrawal', pendingDetail);
    const missing = await open('pages/filing-detail/index', { id: 'no-such-filing' }, (c) => c.data.errorMessage !== '');
    look('detail: not found', missing);

    // The form: each step, a rule caught at its step, the server's refusal, the receipt.
    const form = await open('pages/filing-form/index', {}, (c) => c.data.verified === true);
    look('form step 1', form);
    await tap(form, '#next');
    look('form step 1, nothing chosen', form);
    await tap(form, '#type-other_temporary');
    await nextStep(form, 1);
    await tap(form, '#applicant-self');
    await type(form, '#phone', '13800138000');
    await tap(form, '#insurance-employee');
    await pick(form, '#insuredRegion-picker', { value: ['江苏省', '苏州市'], code: ['320000', '320500'] });
    await settle(form, () => form.data.policy !== null && (form.data.form as { idNumber: string }).idNumber !== '');
    look('form step 2', form);
    await nextStep(form, 2);
    await pick(form, '#treatmentRegion-picker', { value: ['江苏省', '南京市'], code: ['320000', '320100'] });
    await pick(form, '#startDate-picker', { value: '2026-12-01' });
    await tap(form, '#next');
    await settle(form, () => form.data.checking === false && form.data.formError !== '');
    look('form: same province', form);
    await pick(form, '#treatmentRegion-picker', { value: ['广东省', '广州市'], code: ['440000', '440100'] });
    await tap(form, '#next');
    await settle(form, () => form.data.checking === false && form.data.formError !== '');
    look('form: duplicate (precheck)', form);
    await pick(form, '#treatmentRegion-picker', { value: ['湖南省', '长沙市'], code: ['430000', '430100'] });
    await nextStep(form, 3);
    await tap(form, '#proof-commitment');
    await tap(form, '#accept-commitment');
    look('form step 4', form);
    await tap(form, '#submit');
    await settle(form, () => form.data.submitted !== null);
    look('form: receipt', form);

    look('late filing', await (async () => {
      const comp = renderPage('pages/late-filing/index');
      await tap(comp, '#settled');
      await settle(comp, () => comp.data.advice !== null);
      return comp;
    })());
    const search = renderPage('pages/institutions/index');
    search.instance.onLoad!({ region: '440300', name: encodeURIComponent('广东省深圳市') });
    await settle(search, () => search.data.searched === true && search.data.loading === false);
    look('institutions', search);
    const code = (search.data.items as { code: string }[])[0]!.code;
    look('institution detail', await open('pages/institution-detail/index', { code }, (c) => c.data.agencies !== null));
    look('institution detail, unknown', await open('pages/institution-detail/index', { code: 'H00000000000' }, (c) => c.data.errorMessage !== ''));
    look('staff queue as a resident', await open('staff/pages/queue/index', {}, (c) => c.data.errorMessage !== ''));
    look('staff history as a resident', await open('staff/pages/history/index', {}, (c) => c.data.errorMessage !== ''));
    look('staff workload as a resident', await open('staff/pages/workload/index', {}, (c) => c.data.errorMessage !== ''));

    // A new resident, with a face check that does not pass.
    const newcomer = 'o-tour-newcomer';
    routeCloudToFunctions(FUNCTIONS, newcomer);
    routeFaceTo((verifyId, chosen) => simulateFace(harness.runtime, verifyId, chosen), () => 'fail');
    const identity = await open('pages/identity/index', { next: 'filing' }, (c) => c.data.status !== null);
    look('identity (new)', identity);
    await type(identity, '#name', '孙丽华');
    await type(identity, '#idNumber', makeResidentId('320505', '19620315', 128));
    await tap(identity, '#verify');
    await settle(identity, () => identity.data.busy === false && identity.data.formError !== '');
    look('identity: face not passed', identity);
    look('form, not verified', await open('pages/filing-form/index', {}, (c) => c.data.verified === false));

    // Staff: the queue and a review, before and after deciding.
    routeCloudToFunctions(FUNCTIONS, 'demo-staff-suzhou');
    look('staff queue', await open('staff/pages/queue/index', {}, (c) => c.data.loaded === true));
    const review = await open('staff/pages/review/index', { id: pending.id }, (c) => c.data.detail !== null);
    look('staff review', review);
    await tap(review, '#claim');
    await settle(review, () => review.data.busy === false && review.data.notice !== '');
    await tap(review, '#reject');
    look('staff review: 不通过 with its templates', review);
    await tap(review, '#preview');
    await settle(review, () => review.data.reasonError !== '');
    look('staff review: reason missing', review);
    await tap(review, '.template');
    await tap(review, '#preview');
    await settle(review, () => review.data.busy === false && review.data.preview !== null);
    look('staff review: preview of the message', review);
    look('staff inbox', await open('pages/inbox/index', {}, (c) => c.data.loaded === true));
    look('staff review: change request old → new', await open('staff/pages/review/index', { id: change.id }, (c) => ((c.data.detail as { changes?: unknown[] } | null)?.changes?.length ?? 0) > 0));
    look('staff review: closed change request', await open('staff/pages/review/index', { id: closed.id }, (c) => c.data.detail !== null));
    look('staff review: unknown filing', await open('staff/pages/review/index', { id: 'no-such-filing' }, (c) => c.data.errorMessage !== ''));
    // 审核记录 and 工作量 (issue 14): decisions with reasons, a refused range, the figures.
    const history = await open('staff/pages/history/index', {}, (c) => c.data.loaded === true && c.data.loading === false);
    expect((history.data.items as unknown[]).length).toBeGreaterThan(0);
    look('staff history', history);
    await pick(history, '#to-picker', { value: '2026-10-01' });
    await settle(history, () => history.data.rangeError !== '');
    look('staff history: range backwards', history);
    look('staff workload', await open('staff/pages/workload/index', {}, (c) => c.data.loaded === true && c.data.loading === false));

    // The desk (issue 14): every tab of the queue, and the search page found, empty and refused.
    const desk = await open('staff/pages/queue/index', {}, (c) => c.data.loaded === true);
    for (const tab of ['mine', 'returned', 'done']) {
      await tap(desk, `#tab-${tab}`);
      await settle(desk, () => desk.data.tab === tab && desk.data.loaded === true && desk.data.loading === false);
      look(`staff queue: ${tab}`, desk);
      expect(desk.querySelectorAll('.queue-item').length).toBeGreaterThan(0);
    }
    const finder = await open('staff/pages/search/index', {}, (c) => c.data.staff !== null);
    look('staff search', finder);
    const find = async (by: string, query: string, where: string) => {
      await tap(finder, `#by-${by}`);
      await type(finder, '#query', query);
      await tap(finder, '#search');
      await settle(finder, () => finder.data.loading === false && (finder.data.searched === true || finder.data.queryError !== ''));
      look(where, finder);
    };
    await find('name', '张秀英', 'staff search: by name');
    expect(finder.querySelectorAll('.queue-item').length).toBeGreaterThan(1);
    await find('idNumber', GOOD_ID, 'staff search: by ID number');
    expect(finder.querySelectorAll('.queue-item').length).toBeGreaterThan(1);
    await find('filingNo', '20200101-000000', 'staff search: nothing found');
    await find('idNumber', '110105194912310021', 'staff search: not an ID number');

    // Admins: policy changes (one proposed), the holiday years, the proposal form.
    routeCloudToFunctions(FUNCTIONS, 'demo-admin');
    expectOk(await harness.call('policy', 'demo-admin', {
      action: 'propose', region: '320500', field: 'renewal.reminderDays', value: 45, effectiveFrom: '2027-01-01', source: '苏州市医保局通知（测试）',
    }));
    look('admin: policy changes', await open('staff/pages/policy-changes/index', {}, (c) => c.data.loaded === true));
    look('admin: holiday years', await open('staff/pages/calendar/index', {}, (c) => (c.data.years as unknown[]).length > 0));
    look('admin: propose', await open('staff/pages/policy-propose/index', {}, (c) => c.data.allowed === true));
    // The admin desk: staff by name and region names, dead letters (none here), who saw full ID numbers.
    look('admin: staff', await open('staff/pages/admin-staff/index', {}, (c) => c.data.loaded === true));
    look('admin: dead letters', await open('staff/pages/dead-letters/index', {}, (c) => c.data.loaded === true));
    look('admin: ID number log', await open('staff/pages/pii-log/index', {}, (c) => c.data.loaded === true));

    const pages = JSON.parse(fs.readFileSync(path.join(MP, 'app.json'), 'utf8')) as { pages: string[]; subPackages: { root: string; pages: string[] }[] };
    const all = [...pages.pages, ...pages.subPackages.flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))];
    expect(seen.length).toBeGreaterThan(all.length);
    const visited = new Set(seen.map((s) => s.where));
    expect(visited.size).toBeGreaterThan(40);
    const offenders = seen.flatMap(({ where, text }) => machineTextIn(text).map((hit) => `${where}: ${hit}`));
    expect(offenders).toEqual([]);
  });
});

describe('长辈版 and tappable views, in every built page', () => {
  const files = (ext: string) => fs.readdirSync(MP, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith(ext)).map((f) => path.join(MP, f));

  it('sizes every text relative to a root (a page, the privacy sheet) that 长辈版 makes 1.5× larger', () => {
    const absolute = new Map<string, number>();
    const loose: string[] = [];
    for (const file of files('.wxss')) {
      const css = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
      for (const [, selector, body] of css.matchAll(/([^{}]+)\{([^}]*)\}/g)) {
        const size = /font-size:\s*([^;]+)/.exec(body ?? '')?.[1]?.trim();
        const sel = (selector ?? '').trim();
        if (!size || sel === 'page' || size.endsWith('em')) continue;
        absolute.set(sel, parseFloat(size));
        loose.push(`${path.relative(MP, file)} ${sel}: ${size}`);
      }
    }
    // Absolute sizes only on roots, each with its .large twin at least 1.5× as big.
    const roots = [...absolute.keys()].filter((sel) => !sel.endsWith('.large'));
    expect(roots.sort()).toEqual(['.page', '.privacy-sheet']);
    for (const root of roots) expect(absolute.get(`${root}.large`)! / absolute.get(root)!).toBeGreaterThanOrEqual(1.5);
    expect(loose).toHaveLength(roots.length * 2);
  });

  it('gives every tappable view a role, every page the large-text root, and keeps numbers whole', () => {
    const missing: string[] = [];
    const roots: string[] = [];
    for (const file of files('.wxml')) {
      const wxml = fs.readFileSync(file, 'utf8');
      for (const [tag] of wxml.matchAll(/<[a-z-]+\b[^>]*\b(?:bind|catch):?tap="[^"]*"[^>]*>/g)) {
        // <button> is a button already; every other tappable view says what it is.
        if (!tag.startsWith('<button') && !/aria-role="/.test(tag)) missing.push(`${path.relative(MP, file)}: ${tag.slice(0, 80)}`);
      }
      const isPage = /(^|\/)pages\//.test(path.relative(MP, file));
      if (isPage && !wxml.includes(`<view class="page {{largeText ? 'large' : ''}}">`)) roots.push(path.relative(MP, file));
      // A page's privacy sheet follows its large-text choice.
      if (isPage && wxml.includes('<privacy-sheet') && !/<privacy-sheet[^>]*large="\{\{largeText\}\}"/.test(wxml)) roots.push(`${path.relative(MP, file)} (privacy sheet)`);
    }
    expect(missing).toEqual([]);
    expect(roots).toEqual([]);
    // Masked ID numbers, filing numbers and dates sit in .nowrap, which never breaks.
    for (const page of ['pages/filing-detail/index.wxml', 'pages/my-filings/index.wxml']) {
      const wxml = fs.readFileSync(path.join(MP, page), 'utf8');
      for (const value of ['idNumberMasked', 'filingNo', 'startText', 'startDate']) {
        const shown = new RegExp(`\\{\\{(?:item|detail|texts)\\.${value}\\}\\}`);
        if (!shown.test(wxml)) continue;
        expect(wxml).toMatch(new RegExp(`<text class="nowrap"[^>]*>\\{\\{(?:item|detail|texts)\\.${value}\\}\\}</text>`));
      }
    }
  });
});
