/**
 * @jest-environment jsdom
 */
import { FUNCTIONS } from '../../server/local-cloud/function-registry';
import { routeCloudToFunctions, routeFaceTo, type CloudCall } from '../support/simulated-wx';
import { expectOk, startHarness, type Harness } from '../support/filing-harness';
import { bindAs, simulateFace } from '../support/identity-helpers';
import { makeResidentId } from '../support/resident-ids';
import type { IdentityStatus } from '../../core/api/identity-api';
import type { FilingSummary } from '../../core/api/filing-api';
import type { ReviewDetail } from '../../core/api/review-api';
import { pick, renderPage, settle, tap, textOf, type, type SimulatedElement } from './page-driver';

/**
 * 实名认证 and 家庭成员 against the real identity, filing and review functions on real SQLite.
 * Stubbed at WeChat's boundary only: cloud calls run in-process, and the face screen
 * (`wx.requestFacialVerify`) is the local verifier's simulation with the outcome each test picks.
 */
const RESIDENT = 'o-identity-resident';
const person = { name: '孙丽华', idNumber: makeResidentId('320505', '19620315', 128) };
const mother = { name: '周玉梅', idNumber: makeResidentId('320505', '19380101', 46) };

let harness: Harness;
let calls: CloudCall[];
let outcome: 'pass' | 'fail';

beforeEach(async () => {
  harness = await startHarness();
  calls = routeCloudToFunctions(FUNCTIONS, RESIDENT);
  outcome = 'pass';
  routeFaceTo((verifyId, chosen) => simulateFace(harness.runtime, verifyId, chosen), () => outcome);
  const wx = (globalThis as unknown as { wx: Record<string, unknown> }).wx;
  wx.showModal = async () => ({ confirm: true, cancel: false, errMsg: 'showModal:ok' });
});
afterEach(() => harness.cleanup());

const made = (name: string, action: string) => calls.filter((c) => c.name === name && c.data.action === action);
const status = async () => expectOk(await harness.call<IdentityStatus>('identity', RESIDENT, { action: 'status' }));

async function openIdentity(query: Record<string, string> = {}): Promise<SimulatedElement> {
  const comp = renderPage('pages/identity/index');
  comp.instance.onLoad!(query);
  await settle(comp, () => comp.data.status !== null);
  return comp;
}

async function verifyOn(comp: SimulatedElement, who: { name: string; idNumber: string }): Promise<void> {
  await type(comp, '#name', who.name);
  await type(comp, '#idNumber', who.idNumber);
  await tap(comp, '#verify');
  await settle(comp, () => comp.data.busy === false && comp.data.phase !== 'face');
}

describe('实名认证', () => {
  it('sends a new resident from 办理备案 to 实名认证, says why first, and verifies by face', async () => {
    const home = renderPage('pages/home/index');
    home.instance.onShow!();
    await settle(home, () => home.data.verifiedName !== null);
    expect(textOf(home, '#identity-status')).toContain('未实名认证');

    const form = renderPage('pages/filing-form/index');
    form.instance.onLoad!({});
    await settle(form, () => form.data.verified === false);
    expect(textOf(form, '#needs-verification')).toContain('请先完成实名认证');
    expect(form.querySelector('#type-long_term_residence')).toBeUndefined();

    const comp = await openIdentity({ next: 'filing' });
    // What is collected and why is said before anything is typed.
    expect(textOf(comp, '#privacy')).toContain('姓名、身份证号');
    expect(textOf(comp, '#privacy')).toContain('刷脸由微信完成');

    // A wrong number is caught on the phone by the shared schema, beside its box; no face check starts.
    await verifyOn(comp, { ...person, idNumber: `${person.idNumber.slice(0, 17)}${person.idNumber[17] === '1' ? '2' : '1'}` });
    expect(textOf(comp, '#idNumber-error')).toContain('校验位');
    expect(made('identity', 'start')).toHaveLength(0);
    expect((comp.data as { name: string }).name).toBe(person.name);

    await type(comp, '#idNumber', person.idNumber);
    expect(comp.querySelector('#idNumber-error')).toBeUndefined();
    await tap(comp, '#verify');
    await settle(comp, () => comp.data.phase === 'done');
    expect(textOf(comp, '#result')).toContain('已实名 孙*华');
    expect(made('identity', 'confirm')).toHaveLength(1);
    expect(comp.querySelector('#continue')).toBeDefined();
    expect((await status()).verified).toBe(true);
    expect(comp.dom.textContent).not.toContain(person.idNumber);

    home.instance.onShow!();
    await settle(home, () => home.data.verifiedName === '孙*华');
    expect(textOf(home, '#identity-status')).toContain('已实名 孙*华');
  });

  it('says a failed face check did not pass and binds nothing', async () => {
    outcome = 'fail';
    const comp = await openIdentity();
    await verifyOn(comp, person);
    expect(comp.data.phase).toBe('form');
    expect(textOf(comp, '#form-error')).toContain('刷脸认证没有通过');
    expect(textOf(comp, '#face-error')).toContain('不一致');
    expect((await status()).verified).toBe(false);
    // What was typed stays, so trying again is one tap.
    outcome = 'pass';
    await tap(comp, '#verify');
    await settle(comp, () => comp.data.phase === 'done');
    expect((await status()).verified).toBe(true);
  });
});

describe('家庭成员', () => {
  it('adds a relative by their own face, offers them on the form, files with the resident as agent, and removes them', async () => {
    await bindAs(harness.runtime, RESIDENT, person);
    const family = renderPage('pages/family/index');
    family.instance.onShow!();
    await settle(family, () => family.data.status !== null);
    expect(textOf(family, '#empty')).toContain('还没有添加家庭成员');

    const add = await openIdentity({ purpose: 'family' });
    await type(add, '#name', mother.name);
    await type(add, '#idNumber', mother.idNumber);
    await tap(add, '#verify');
    await settle(add, () => add.data.busy === false);
    expect(textOf(add, '#relationship-error')).toContain('关系');
    await tap(add, '#relationship-mother');
    await tap(add, '#verify');
    await settle(add, () => add.data.phase === 'done');
    expect(textOf(add, '#result')).toContain('已添加家庭成员 周*梅');

    family.instance.onShow!();
    await settle(family, () => ((family.data.status as IdentityStatus).family.length === 1));
    const memberId = (family.data.status as IdentityStatus).family[0]!.memberId;
    expect(textOf(family, `#member-${memberId}`)).toContain('母亲');
    expect(textOf(family, `#member-${memberId}`)).toContain('周*梅');

    // The form offers the mother; her name and number come from the binding.
    const form = renderPage('pages/filing-form/index');
    form.instance.onLoad!({});
    await settle(form, () => form.data.verified === true);
    await tap(form, '#type-other_temporary');
    await tap(form, '#next');
    expect(textOf(form, `#applicant-${memberId}`)).toContain('母亲 周*梅');
    await tap(form, `#applicant-${memberId}`);
    await settle(form, () => (form.data.form as { idNumber: string }).idNumber === mother.idNumber);
    await type(form, '#phone', '13800138000');
    await tap(form, '#insurance-resident');
    await pick(form, '#insuredRegion-picker', { value: ['江苏省', '苏州市'], code: ['320000', '320500'] });
    await settle(form, () => form.data.commitmentRules !== null);
    await tap(form, '#next');
    await pick(form, '#treatmentRegion-picker', { value: ['上海市', '上海市'], code: ['310000', '310100'] });
    await pick(form, '#startDate-picker', { value: '2026-12-01' });
    await tap(form, '#next');
    await tap(form, '#proof-commitment');
    await tap(form, '#accept-commitment');
    await tap(form, '#submit');
    await settle(form, () => form.data.submitted !== null || (form.data.formError !== '' && form.data.submitting === false));
    expect(form.data.formError).toBe('');
    const id = (form.data.submitted as FilingSummary).id;
    expectOk(await harness.call('review', 'demo-staff-suzhou', { action: 'claim', id }));
    const seen = expectOk(await harness.call<ReviewDetail>('review', 'demo-staff-suzhou', { action: 'get', id }));
    expect(seen.applicantFullName).toBe(mother.name);
    expect(seen.agent).toMatchObject({ name: person.name, relationship: '母亲' });

    await tap(family, `#remove-${memberId}`);
    await settle(family, () => ((family.data.status as IdentityStatus).family.length === 0));
    expect((await status()).family).toEqual([]);
  });
});
