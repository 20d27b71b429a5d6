import type { FilingDetail, FilingSummary, ListPage } from '../../core/api/filing-api';
import type { FilingCheckView, PolicyChangeView, PolicyView } from '../../core/api/policy-api';
import { resolvePolicyAt } from '../../core/policy/resolve-policy-at';
import { Collections } from '../../server/filing/filing-records';
import { policyContextOf } from '../../server/policy/policy-context';
import type { PolicyAuditRecord, PolicyVersionRecord } from '../../server/policy/policy-records';
import { expectCode, expectOk, startHarness, type Harness, type StoreKind } from '../support/filing-harness';
import { EXAMPLE_FILING, exampleFiling, exampleFilingFor } from '../support/example-filing';
import { makeResidentId } from '../support/resident-ids';
import { bindAs } from '../support/identity-helpers';
import { demoIdentity } from '../../server/demo/demo-identities';
import { itServedEveryQueryFromADeclaredIndex } from '../support/index-coverage';

/**
 * Rules that change without a release, through the real `policy`, `filing` and `review`
 * entries, on both stores: two admins per change, versions in force from their first day, and
 * filings that keep the version of their submission day.
 */
const ADMIN = 'demo-admin';
const SECOND = 'o-second-admin';
const RESIDENT = 'demo-resident-1';

const stores: StoreKind[] = ['sqlite', 'cloudbase'];

describe.each(stores)('policy changes (%s)', (store) => {
  let h: Harness;
  let keys = 0;
  beforeEach(async () => {
    h = await startHarness(store);
    expectOk(await h.call('review', ADMIN, { action: 'staffAdd', openid: SECOND, name: '省医保局 管理员', role: 'admin', regions: ['320000'] }));
    await bindAs(h.runtime, SECOND, { name: '赵立', idNumber: makeResidentId('320102', '19800101', 11) });
  });
  afterEach(() => h.cleanup());

  const propose = (over: Record<string, unknown> = {}, openid = ADMIN) => h.call<PolicyChangeView>('policy', openid, {
    action: 'propose', region: '320500', field: 'validity.other_temporary', value: { amount: 6, unit: 'month' },
    effectiveFrom: '2027-01-01', source: '苏医保发〔2026〕88号', ...over,
  });
  const approve = (changeId: string, openid = SECOND) => h.call<PolicyChangeView>('policy', openid, { action: 'approve', changeId });
  const submit = (filing: Record<string, unknown>, openid = RESIDENT) =>
    h.call<FilingSummary>('filing', openid, { action: 'submit', idempotencyKey: `k-${++keys}`, filing });
  const detail = (id: string, openid = RESIDENT) => h.call<FilingDetail>('filing', openid, { action: 'get', id });
  const policyCounts = async () => Promise.all([Collections.policyChanges, Collections.policyVersions, Collections.policyAudit, Collections.policyHead].map((c) => h.ctx.repo.count(c)));
  const audit = async () => (await policyContextOf(h.runtime).store.audit(undefined, 50)).items.map((a: PolicyAuditRecord) => a.event).reverse();

  describe('four eyes', () => {
    it('refuses the proposer\'s own approval, then a second admin approves it into version 2', async () => {
      const proposed = expectOk(await propose());
      expect(proposed).toMatchObject({ state: 'proposed', stateLabel: '待审批', mine: true, canApprove: false, proposerName: '系统管理员', regionName: '苏州市' });
      expect(proposed.summary).toBe('自2027年1月1日起，苏州市其他临时外出就医有效期6个月');
      const before = await policyCounts();
      expectCode(await approve(proposed.changeId, ADMIN), 'POLICY.OWN_PROPOSAL');
      expect(await policyCounts()).toEqual(before);

      const seen = expectOk(await h.call<ListPage<PolicyChangeView>>('policy', SECOND, { action: 'changes' }));
      expect(seen.items.map((c) => [c.changeId, c.mine, c.canApprove])).toEqual([[proposed.changeId, false, true]]);
      const approved = expectOk(await approve(proposed.changeId));
      expect(approved).toMatchObject({ state: 'approved', stateLabel: '已批准，待施行', version: 2, approverName: '省医保局 管理员' });
      expectCode(await approve(proposed.changeId), 'POLICY.ALREADY_APPROVED');
      expect(await audit()).toEqual(['policy_seeded', 'policy_proposed', 'policy_approved']);
    });

    it('refuses staff who are not admins, residents and callers without identity, writing nothing', async () => {
      const proposed = expectOk(await propose());
      const before = await policyCounts();
      expectCode(await propose({}, 'demo-staff-suzhou'), 'AUTH.FORBIDDEN');
      expectCode(await approve(proposed.changeId, 'demo-staff-suzhou'), 'AUTH.FORBIDDEN');
      expectCode(await approve(proposed.changeId, RESIDENT), 'AUTH.NOT_STAFF');
      expectCode(await h.call('policy', undefined, { action: 'approve', changeId: proposed.changeId }), 'AUTH.NO_IDENTITY');
      expectCode(await h.call('policy', 'demo-staff-beijing', { action: 'changes' }), 'AUTH.FORBIDDEN');
      expect(await policyCounts()).toEqual(before);
    });

    it('counts people, not accounts: the same person cannot approve from a second admin account, an unverified admin not at all', async () => {
      const proposed = expectOk(await propose());
      // The proposer's own second account, verified as the same person.
      const again = 'o-demo-admin-second-account';
      expectOk(await h.call('review', ADMIN, { action: 'staffAdd', openid: again, name: '周敏（另一账号）', role: 'admin', regions: ['110000'] }));
      await bindAs(h.runtime, again, demoIdentity(ADMIN).self);
      expectCode(await approve(proposed.changeId, again), 'POLICY.OWN_PROPOSAL');
      const unverified = 'o-unverified-admin';
      expectOk(await h.call('review', ADMIN, { action: 'staffAdd', openid: unverified, name: '未实名管理员', role: 'admin', regions: ['110000'] }));
      expectCode(await approve(proposed.changeId, unverified), 'POLICY.ADMIN_NOT_VERIFIED');
      expectCode(await propose({}, unverified), 'POLICY.ADMIN_NOT_VERIFIED');
      expectCode(await h.call('policy', unverified, { action: 'loadCalendar', year: 2027, days: [{ date: '2027-01-01', name: '元旦', isOffDay: true }] }), 'POLICY.ADMIN_NOT_VERIFIED');
      // Reading the proposals needs the role only.
      expectOk(await h.call('policy', unverified, { action: 'changes' }));
      expect(expectOk(await approve(proposed.changeId)).version).toBe(2);
    });

    it('refuses a first day that is not in the future, at proposal and at approval', async () => {
      const today = await propose({ effectiveFrom: '2026-11-26' });
      expectCode(today, 'POLICY.EFFECTIVE_DATE_PASSED');
      expect(!today.ok && today.error.fields).toEqual({ effectiveFrom: '生效日期最早为2026年11月27日' });
      const proposed = expectOk(await propose({ effectiveFrom: '2026-12-01' }));
      h.clock.set('2026-11-30T16:00:00Z'); // 2026-12-01 00:00 in China: the day has begun
      const late = await approve(proposed.changeId);
      expectCode(late, 'POLICY.EFFECTIVE_DATE_PASSED');
      const listed = expectOk(await h.call<ListPage<PolicyChangeView>>('policy', SECOND, { action: 'changes' }));
      expect(listed.items[0]).toMatchObject({ state: 'lapsed', canApprove: false });
    });

    it('keeps approvals out of the last minute before their first day, so no cache can miss them', async () => {
      h.clock.set('2026-11-26T15:59:50Z'); // 23:59:50 in China
      expectCode(await propose({ effectiveFrom: '2026-11-27' }), 'POLICY.EFFECTIVE_DATE_PASSED');
      expectOk(await propose({ effectiveFrom: '2026-11-28' }));
    });

    it('refuses districts, unknown regions and a change that changes nothing', async () => {
      expectCode(await propose({ region: '320505' }), 'POLICY.REGION_LEVEL');
      expectCode(await propose({ region: '329900' }), 'REGION.UNKNOWN');
      expectCode(await propose({ value: { amount: 12, unit: 'month' } }), 'POLICY.NO_CHANGE');
      // The same value set by another level is a real change: Jiangsu pins its own rule.
      expectOk(await propose({ region: '320000', field: 'review.workingDays', value: 3 }));
      expectOk(await propose({ region: '000000', field: 'review.workingDays', value: 3 }));
    });

    it('numbers concurrent approvals one after the other and approves one change once', async () => {
      const a = expectOk(await propose());
      const b = expectOk(await propose({ region: '440000', field: 'review.workingDays', value: 3 }));
      const [x, y] = await Promise.all([approve(a.changeId), approve(b.changeId)]);
      expect([expectOk(x).version, expectOk(y).version].sort()).toEqual([2, 3]);
      const c = expectOk(await propose({ region: '110000', field: 'review.workingDays', value: 4 }));
      expectOk(await h.call('review', ADMIN, { action: 'staffAdd', openid: 'o-third-admin', name: '第三位管理员', role: 'admin', regions: ['110000'] }));
      await bindAs(h.runtime, 'o-third-admin', { name: '孙芳', idNumber: makeResidentId('110102', '19810202', 22) });
      const twice = await Promise.all([approve(c.changeId), approve(c.changeId, 'o-third-admin')]);
      expect(twice.filter((r) => r.ok)).toHaveLength(1);
      expect(twice.filter((r) => !r.ok).map((r) => !r.ok && r.error.code)).toEqual(['POLICY.ALREADY_APPROVED']);
      expect(await h.ctx.repo.count(Collections.policyVersions)).toBe(4);
    });

    it('never rewrites a version', async () => {
      const a = expectOk(await propose());
      expectOk(await approve(a.changeId));
      const v2 = await h.ctx.repo.get<PolicyVersionRecord>(Collections.policyVersions, 'v000002');
      const b = expectOk(await propose({ effectiveFrom: '2027-01-01', value: { amount: 9, unit: 'month' } }));
      expectOk(await approve(b.changeId));
      expect(await h.ctx.repo.get<PolicyVersionRecord>(Collections.policyVersions, 'v000002')).toEqual(v2);
      expect(v2).toMatchObject({ number: 2, version: 1, effectiveFrom: '2027-01-01', changeId: a.changeId, proposedBy: ADMIN, approvedBy: SECOND });
    });
  });

  describe('versions in force', () => {
    it('policy.get shows the version and the approved change ahead, and the phone resolves the same from its versions', async () => {
      expectOk(await approve(expectOk(await propose()).changeId));
      const view = expectOk(await h.call<PolicyView>('policy', undefined, { action: 'get', region: '320505' }));
      expect(view).toMatchObject({ version: 1, asOf: '2026-11-26' });
      expect(view.values['validity.other_temporary']).toEqual({ amount: 12, unit: 'month' });
      expect(view.upcoming).toEqual([expect.objectContaining({ effectiveFrom: '2027-01-01', value: { amount: 6, unit: 'month' }, version: 2 })]);
      expect(resolvePolicyAt('320505', view.asOf, view.versions).values).toEqual(view.values);
      h.clock.set('2027-01-01T00:30:00Z');
      const later = expectOk(await h.call<PolicyView>('policy', undefined, { action: 'get', region: '320505' }));
      expect(later).toMatchObject({ version: 2, upcoming: [] });
      expect(later.values['validity.other_temporary']).toEqual({ amount: 6, unit: 'month' });
      expect(later.origins['validity.other_temporary']).toMatchObject({ version: 2, source: '苏医保发〔2026〕88号' });
    });

    it('judges a filing by the version of its submission day, also after a later change takes effect', async () => {
      expectOk(await approve(expectOk(await propose()).changeId));
      const temporary = exampleFiling({ type: 'other_temporary', residenceAddress: undefined, startDate: '2026-12-20' });
      const old = expectOk(await submit(temporary));
      expect(old.endDate).toBe('2027-12-19');

      h.clock.set('2027-01-04T02:00:00Z');
      const checked = expectOk(await h.call<FilingCheckView>('policy', RESIDENT, { action: 'check', filing: { ...temporary, startDate: '2027-01-10' } }));
      expect(checked.endDate).toBe('2027-07-09');
      const fresh = expectOk(await submit({ ...temporary, startDate: '2027-01-10', treatmentRegion: '110100' }));
      expect(fresh.endDate).toBe('2027-07-09');

      // Decided after the change, the old filing keeps its own rules and says which applied.
      expectOk(await h.call('review', 'demo-staff-suzhou', { action: 'claim', id: old.id }));
      expect(expectOk(await h.call<FilingSummary>('review', 'demo-staff-suzhou', { action: 'approve', id: old.id })).endDate).toBe('2027-12-19');
      expect(expectOk(await detail(old.id)).policyRules).toContain('按苏州市2026版规定，其他临时外出就医有效期1年');
      expect(expectOk(await detail(fresh.id)).policyRules).toContain('按苏州市2027版规定，其他临时外出就医有效期6个月');
      const staffView = expectOk(await h.call<FilingDetail>('review', 'demo-staff-suzhou', { action: 'get', id: old.id }));
      expect(staffView.policyRules?.[0]).toBe('按苏州市2026版规定，其他临时外出就医有效期1年');
    });

    it('keeps the lock period a long-term filing was approved under when the national rule grows', async () => {
      const longer = expectOk(await propose({ region: '000000', field: 'change.longTermLockMonths', value: 12 }));
      expectOk(await approve(longer.changeId));
      const before = expectOk(await submit(exampleFiling()));
      expectOk(await h.call('review', 'demo-staff-suzhou', { action: 'claim', id: before.id }));
      expectOk(await h.call('review', 'demo-staff-suzhou', { action: 'approve', id: before.id }));

      h.clock.set('2027-01-04T02:00:00Z');
      const otherPerson = makeResidentId('110105', '19700101', 31);
      await bindAs(h.runtime, 'demo-resident-2', { name: EXAMPLE_FILING.applicant.name, idNumber: otherPerson });
      const after = expectOk(await submit(exampleFilingFor(otherPerson), 'demo-resident-2'));
      expectOk(await h.call('review', 'demo-staff-suzhou', { action: 'claim', id: after.id }));
      expectOk(await h.call('review', 'demo-staff-suzhou', { action: 'approve', id: after.id }));

      h.clock.set('2027-07-10T02:00:00Z'); // 7 months after the first approval, 6 after the second
      expect(expectOk(await h.call<FilingSummary>('filing', RESIDENT, { action: 'cancel', id: before.id, reason: '回老家了' })).status).toBe('cancelled');
      const locked = await h.call('filing', 'demo-resident-2', { action: 'cancel', id: after.id, reason: '回老家了' });
      expectCode(locked, 'FILING.CHANGE_LOCKED');
      expect(expectOk(await detail(after.id, 'demo-resident-2')).policyRules).toContain('按全国2027版规定，长期备案办理后需满12个月才能变更或取消');
    });
  });
});

itServedEveryQueryFromADeclaredIndex();
