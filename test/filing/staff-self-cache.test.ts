import { createHarness, STORE_KINDS, SUZHOU, type Harness } from '../notification/harness';
import { bindAs } from '../support/identity-helpers';
import { makeResidentId } from '../support/resident-ids';
import { exampleFiling } from '../support/example-filing';
import { filingContextOf } from '../../server/filing/filing-context';
import { Collections, type StaffRecord } from '../../server/filing/filing-records';

/**
 * The staff record keeps the person its account is verified as (issue 16: no identity read per
 * desk call). Whenever the account's self changes, the record follows in the same batch, so
 * "nobody acts on their own case" holds with the cache as it did with the read.
 */
describe.each(STORE_KINDS)('staff selfHash cache (%s)', (store) => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness('2026-06-01T02:00:00Z', store);
  });
  afterEach(() => h.close());

  const person = { name: '王建国', idNumber: makeResidentId('320505', '19600101', 777), phone: '13800138000' };

  it('refuses a case once the reviewer re-verifies as its applicant, and forgets a self that moved away', async () => {
    await bindAs(h.runtime, 'cache-resident', person);
    const filed = await h.call<{ id: string }>('filing', 'cache-resident', { action: 'submit', idempotencyKey: 'cache-1', filing: exampleFiling({ applicant: person, startDate: '2026-06-10' }) });
    if (!filed.ok) throw new Error(filed.error.code);
    const before = await filingContextOf(h.runtime).repo.get<StaffRecord>(Collections.staff, SUZHOU);
    expect(before?.selfHash).toBeDefined();

    // The reviewer's face now verifies them as the applicant: the binding moves to their account.
    await bindAs(h.runtime, SUZHOU, person);
    const after = await filingContextOf(h.runtime).repo.get<StaffRecord>(Collections.staff, SUZHOU);
    expect(after?.selfHash).not.toBe(before?.selfHash);
    const claim = await h.call('review', SUZHOU, { action: 'claim', id: filed.data.id });
    expect(claim.ok ? 'ok' : claim.error.code).toBe('AUTH.OWN_CASE');
    const queue = await h.call<{ items: { id: string; ownCase?: boolean }[] }>('review', SUZHOU, { action: 'queue', limit: 20 });
    if (!queue.ok) throw new Error(queue.error.code);
    expect(queue.data.items.find((i) => i.id === filed.data.id)?.ownCase).toBe(true);

    // The person verifies on their own account again: the reviewer's record no longer claims them.
    await bindAs(h.runtime, 'cache-resident', person);
    expect((await filingContextOf(h.runtime).repo.get<StaffRecord>(Collections.staff, SUZHOU))?.selfHash).toBeUndefined();
    const unverified = await h.call('review', SUZHOU, { action: 'claim', id: filed.data.id });
    expect(unverified.ok ? 'ok' : unverified.error.code).toBe('AUTH.NOT_VERIFIED');
  });
});
