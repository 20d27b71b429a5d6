import type { FilingDetail, FilingPrefill, FilingSummary } from '../../core/api/filing-api';
import { Collections } from '../../server/filing/filing-records';
import { sweepExpiredFilings } from '../../server/filing/expiry';
import { expectCode, expectOk, startHarness, type Harness, type StoreKind } from '../support/filing-harness';
import { exampleFiling, exampleFilingOf } from '../support/example-filing';
import { demoIdentity } from '../../server/demo/demo-identities';

/**
 * 续期 and 重新办理 through the real handlers, on both store adapters: one tap files the same
 * temporary filing from the day after it ends; the form is pre-filled from an old filing.
 */
const RESIDENT = 'demo-resident-1';

/** Other temporary (commitment), Suzhou → Shenzhen, 2026-11-26 … 2026-12-20: inside its 30-day window at once. */
const TEMPORARY = exampleFiling({ type: 'other_temporary', residenceAddress: undefined, startDate: '2026-11-26', endDate: '2026-12-20' });

describe.each<StoreKind>(['sqlite', 'cloudbase'])('renewal and prefill on %s', (store) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(store);
  });
  afterEach(() => h.cleanup());

  const submit = async (filing: Record<string, unknown>, key: string, openid = RESIDENT) =>
    expectOk(await h.call<FilingSummary>('filing', openid, { action: 'submit', idempotencyKey: key, filing }));
  const approve = async (id: string) => {
    expectOk(await h.call('review', 'demo-staff-suzhou', { action: 'claim', id }));
    expectOk(await h.call('review', 'demo-staff-suzhou', { action: 'approve', id }));
  };
  const detail = async (id: string) => expectOk(await h.call<FilingDetail>('filing', RESIDENT, { action: 'get', id }));

  it('renews an approved temporary filing from the day after it ends, once, and says so on both filings', async () => {
    const old = await submit(TEMPORARY, 'first');
    await approve(old.id);
    expect((await detail(old.id)).renewal).toEqual({ opensOn: '2026-11-20', startDate: '2026-12-21' });

    const renewal = expectOk(await h.call<FilingSummary>('filing', RESIDENT, { action: 'renew', id: old.id, idempotencyKey: 'renew-1' }));
    expect(renewal).toMatchObject({ type: 'other_temporary', status: 'submitted', startDate: '2026-12-21', endDate: '2027-12-20', treatmentRegion: '440300' });
    expect(renewal.filingNo).toMatch(/^20261126-\d{6}$/);
    expect(renewal.id).not.toBe(old.id);

    // A second tap with the same key is the same renewal; another key is told it is done already.
    expect(expectOk(await h.call<FilingSummary>('filing', RESIDENT, { action: 'renew', id: old.id, idempotencyKey: 'renew-1' })).id).toBe(renewal.id);
    expectCode(await h.call('filing', RESIDENT, { action: 'renew', id: old.id, idempotencyKey: 'renew-2' }), 'FILING.ALREADY_RENEWED');

    const before = await detail(old.id);
    expect(before.status).toBe('approved');
    expect(before.renewal?.renewedBy).toEqual({ id: renewal.id, filingNo: renewal.filingNo });
    const note = before.timeline.find((t) => t.event === 'renewal_requested');
    expect(note).toMatchObject({ label: '申请续期', actor: '本人' });
    expect(note?.reason).toContain(`新备案编号 ${renewal.filingNo}`);
    expect(note?.reason).toContain('自2026年12月21日起');

    // Any other filing for the same province is still a duplicate, while either is active.
    expectCode(await h.call('filing', RESIDENT, { action: 'submit', idempotencyKey: 'third', filing: { ...TEMPORARY, startDate: '2026-12-25', endDate: '2027-01-10' } }), 'FILING.DUPLICATE_ACTIVE');

    // The old filing ends; the renewal carries on and keeps the person's place in the province.
    h.clock.advanceDays(30);
    expect(await sweepExpiredFilings(h.ctx)).toBe(1);
    expect((await detail(old.id)).status).toBe('expired');
    await approve(renewal.id);
    expect((await detail(renewal.id)).status).toBe('approved');
    expectCode(await h.call('filing', RESIDENT, { action: 'submit', idempotencyKey: 'fourth', filing: { ...TEMPORARY, startDate: '2026-12-27', endDate: '2027-01-10' } }), 'FILING.DUPLICATE_ACTIVE');
  });

  it('a withdrawn renewal can be filed again; a renewal before its window or of a long-term filing is refused with words', async () => {
    const old = await submit({ ...TEMPORARY, endDate: '2027-03-31' }, 'first');
    await approve(old.id);
    const early = await h.call('filing', RESIDENT, { action: 'renew', id: old.id, idempotencyKey: 'early' });
    expectCode(early, 'FILING.NOT_RENEWABLE');
    expect(!early.ok && early.error.message).toBe('到期前30天才能续期，2027年3月1日起可以办理');

    h.clock.set('2027-03-02T02:00:00Z');
    const first = expectOk(await h.call<FilingSummary>('filing', RESIDENT, { action: 'renew', id: old.id, idempotencyKey: 'r1' }));
    expectOk(await h.call('filing', RESIDENT, { action: 'withdraw', id: first.id }));
    expect((await detail(old.id)).renewal?.renewedBy).toBeUndefined();
    const second = expectOk(await h.call<FilingSummary>('filing', RESIDENT, { action: 'renew', id: old.id, idempotencyKey: 'r2' }));
    expect(second.startDate).toBe('2027-04-01');
    expect(await h.ctx.repo.count(Collections.activeSlots)).toBe(2);

    const longTerm = await submit(exampleFilingOf('demo-resident-2'), 'long', 'demo-resident-2');
    await approve(longTerm.id);
    expectCode(await h.call('filing', 'demo-resident-2', { action: 'renew', id: longTerm.id, idempotencyKey: 'x' }), 'FILING.NOT_RENEWABLE');
    expectCode(await h.call('filing', 'demo-resident-2', { action: 'renew', id: old.id, idempotencyKey: 'x' }), 'FILING.NOT_FOUND');
  });

  it('pre-fills 重新办理 from the caller\'s own filing: the choice of applicant, never an ID number', async () => {
    const mother = demoIdentity(RESIDENT).family[0]!;
    const filed = await submit(exampleFiling({ applicant: { name: mother.name, idNumber: mother.idNumber, phone: '13800138000' } }), 'mother');
    expectOk(await h.call('filing', RESIDENT, { action: 'withdraw', id: filed.id }));

    const prefill = expectOk(await h.call<FilingPrefill>('filing', RESIDENT, { action: 'prefill', id: filed.id }));
    const status = expectOk(await h.call<{ family: { memberId: string }[] }>('identity', RESIDENT, { action: 'status' }));
    expect(prefill).toEqual({
      type: 'long_term_residence',
      applicantKey: status.family[0]!.memberId,
      phone: '13800138000',
      insuranceType: 'employee',
      insuredRegion: '320500',
      insuredRegionNames: ['江苏省', '苏州市'],
      treatmentRegion: '440300',
      treatmentRegionNames: ['广东省', '深圳市'],
      residenceAddress: '广东省深圳市南山区科技园路1号',
      proofKind: 'commitment',
    });
    expect(JSON.stringify(prefill)).not.toContain(mother.idNumber);
    expectCode(await h.call('filing', 'demo-resident-2', { action: 'prefill', id: filed.id }), 'FILING.NOT_FOUND');
  });
});
