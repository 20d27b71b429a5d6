import crypto from 'node:crypto';
import type { FilingSummary } from '../../core/api/filing-api';
import { Collections } from '../../server/filing/filing-records';
import { FILING_NUMBER_DRAWS } from '../../server/filing/filing-number';
import { expectCode, expectOk, startHarness, type Harness, type StoreKind } from '../support/filing-harness';
import { exampleFiling, exampleFilingOf } from '../support/example-filing';

/**
 * Filing numbers are drawn at random from the day's million, so a busy day draws numbers that
 * are taken. Through the real handlers on both store adapters: the submit or change request
 * that drew a taken number files under another one, and only an endless run of taken numbers
 * refuses, with a coded error and nothing written. The draw itself is the one thing stubbed.
 */
const RESIDENT = 'demo-resident-1';

describe.each<StoreKind>(['sqlite', 'cloudbase'])('filing numbers already taken, on %s', (store) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(store);
  });
  afterEach(() => {
    jest.restoreAllMocks();
    return h.cleanup();
  });

  const serialOf = (filingNo: string) => Number(filingNo.split('-')[1]);
  /** The next `taken` draws repeat `serial`; later draws are random again. */
  const drawTaken = (serial: number, taken: number) => {
    const random = crypto.randomInt;
    let left = taken;
    return jest.spyOn(crypto, 'randomInt').mockImplementation(((min: number, max: number) => (left-- > 0 ? serial : random(min, max))) as typeof crypto.randomInt);
  };

  it('files a submit under another number when the drawn one is taken', async () => {
    const first = expectOk(await h.call<FilingSummary>('filing', RESIDENT, { action: 'submit', idempotencyKey: 'a', filing: exampleFiling() }));
    const draws = drawTaken(serialOf(first.filingNo!), 4);
    const second = expectOk(await h.call<FilingSummary>('filing', 'demo-resident-2', { action: 'submit', idempotencyKey: 'b', filing: exampleFilingOf('demo-resident-2') }));
    expect(draws).toHaveBeenCalledTimes(5);
    expect(second.filingNo).not.toBe(first.filingNo);
    expect(await h.ctx.repo.get(Collections.filingNumbers, second.filingNo!)).toEqual({ id: second.filingNo, filingId: second.id });
    expect(await h.ctx.repo.count(Collections.filings)).toBe(2);
  });

  it('files a change request under another number when the drawn one is taken', async () => {
    const first = expectOk(await h.call<FilingSummary>('filing', RESIDENT, { action: 'submit', idempotencyKey: 'a', filing: exampleFiling() }));
    expectOk(await h.call('review', 'demo-staff-suzhou', { action: 'claim', id: first.id }));
    expectOk(await h.call('review', 'demo-staff-suzhou', { action: 'approve', id: first.id }));
    drawTaken(serialOf(first.filingNo!), 3);
    const change = expectOk(await h.call<FilingSummary>('filing', RESIDENT, { action: 'change', id: first.id, changes: { phone: '13900139000' } }));
    expect(change.filingNo).not.toBe(first.filingNo);
    expect(await h.ctx.repo.get(Collections.filingNumbers, change.filingNo!)).toEqual({ id: change.filingNo, filingId: change.id });
  });

  it('refuses with a coded error, writing nothing, only when every draw is taken', async () => {
    const first = expectOk(await h.call<FilingSummary>('filing', RESIDENT, { action: 'submit', idempotencyKey: 'a', filing: exampleFiling() }));
    drawTaken(serialOf(first.filingNo!), FILING_NUMBER_DRAWS);
    const before = await Promise.all(Object.values(Collections).map((c) => h.ctx.repo.count(c)));
    const refused = await h.call('filing', 'demo-resident-2', { action: 'submit', idempotencyKey: 'b', filing: exampleFilingOf('demo-resident-2') });
    expectCode(refused, 'SYSTEM.INTERNAL');
    expect(await Promise.all(Object.values(Collections).map((c) => h.ctx.repo.count(c)))).toEqual(before);
  });
});
