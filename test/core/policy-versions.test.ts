import fc from 'fast-check';
import { seedVersion, type PolicyRule, type PolicyVersion } from '../../core/policy/policy-version';
import { resolvePolicyAt, upcomingChanges, versionsFor } from '../../core/policy/resolve-policy-at';
import { resolvePolicy } from '../../core/policy/resolve-policy';
import { describeUpcoming } from '../../core/policy/policy-wording';
import { describeBasis, policyBasisOf } from '../../core/policy/policy-basis';
import { POLICY_KEYS, POLICY_VALUE_SCHEMAS, type PolicyKey, type PolicyValues } from '../../core/policy/policy-values';
import { POLICY_TABLE } from '../../core/policy/policy-table';
import { PolicyActions } from '../../core/api/policy-api';

/** Resolution over versions: what the phone (from policy.get's versions) and the server both run. */
const V1 = seedVersion();

function change<K extends PolicyKey>(number: number, effectiveFrom: string, region: string, regionName: string, field: K, value: PolicyValues[K]): PolicyVersion {
  return { number, effectiveFrom, rules: [{ region, regionName, field, value, source: `测试通知${number}号` } as PolicyRule] };
}

const months = (amount: number) => ({ amount, unit: 'month' as const });
const SUZHOU_6 = change(2, '2027-01-01', '320500', '苏州市', 'validity.other_temporary', months(6));

describe('version 1 is the seeded table', () => {
  it('resolves every region exactly as the table does', () => {
    for (const region of ['320500', '320505', '441900', '440300', '110105', '650100', '430100', '220000']) {
      expect(resolvePolicyAt(region, '2026-11-26', [V1]).values).toEqual(resolvePolicy(region).values);
    }
  });

  it('says which version, region and edition each value comes from', () => {
    const r = resolvePolicyAt('320500', '2026-11-26', [V1]);
    expect(r.version).toBe(1);
    expect(r.origins['validity.other_temporary']).toEqual(expect.objectContaining({ region: '320500', regionName: '苏州市', version: 1, effectiveFrom: '2026-01-01', level: 'city' }));
    expect(r.origins['review.workingDays']).toEqual(expect.objectContaining({ region: '320000', regionName: '江苏省', level: 'province' }));
  });

  it('gives a field added after a store was written the built-in national default', () => {
    const older = seedVersion(POLICY_TABLE.map((e) => (e.region === '000000' ? { ...e, overrides: { ...e.overrides, 'renewal.reminderDays': undefined } } : e)));
    expect(older.rules.some((r) => r.field === 'renewal.reminderDays')).toBe(false);
    const r = resolvePolicyAt('320500', '2026-11-26', [older]);
    expect(r.values['renewal.reminderDays']).toBe(30);
    expect(r.origins['renewal.reminderDays']).toEqual(expect.objectContaining({ level: 'national', region: '000000', version: 1 }));
    expect(r.origins['renewal.reminderDays'].source).toContain('内置默认');
  });

  it('refuses versions without a national default', () => {
    expect(() => resolvePolicyAt('320500', '2026-11-26', [seedVersion(POLICY_TABLE.filter((e) => e.region !== '000000'))])).toThrow(/national default/);
  });
});

describe('pending and effective versions', () => {
  it('applies an approved change only from its first day', () => {
    const versions = [V1, SUZHOU_6];
    const before = resolvePolicyAt('320505', '2026-12-31', versions);
    expect(before.values['validity.other_temporary']).toEqual(months(12));
    expect(before.version).toBe(1);
    const after = resolvePolicyAt('320505', '2027-01-01', versions);
    expect(after.values['validity.other_temporary']).toEqual(months(6));
    expect(after.version).toBe(2);
    expect(after.origins['validity.other_temporary']).toEqual(expect.objectContaining({ version: 2, effectiveFrom: '2027-01-01', source: '测试通知2号' }));
    // Another region is untouched, and its version stays 1.
    expect(resolvePolicyAt('440300', '2027-01-01', versions).version).toBe(1);
  });

  it('orders interleaved approvals by effective date, then by approval on the same date', () => {
    const march = change(2, '2027-03-01', '320500', '苏州市', 'validity.other_temporary', months(9));
    const january = change(3, '2027-01-01', '320500', '苏州市', 'validity.other_temporary', months(6));
    const versions = [V1, march, january];
    expect(resolvePolicyAt('320500', '2027-02-01', versions).values['validity.other_temporary']).toEqual(months(6));
    expect(resolvePolicyAt('320500', '2027-02-01', versions).version).toBe(3);
    expect(resolvePolicyAt('320500', '2027-03-15', versions).values['validity.other_temporary']).toEqual(months(9));
    // A later approval for the same day corrects the earlier one.
    const correction = change(4, '2027-03-01', '320500', '苏州市', 'validity.other_temporary', months(12));
    expect(resolvePolicyAt('320500', '2027-03-15', [...versions, correction]).values['validity.other_temporary']).toEqual(months(12));
  });

  it('replays a recorded version: nothing numbered after it slips in', () => {
    const late = change(3, '2027-01-01', '320500', '苏州市', 'review.workingDays', 5);
    const replay = resolvePolicyAt('320500', '2027-01-05', [V1, SUZHOU_6, late], 2);
    expect(replay.values['review.workingDays']).toBe(2);
    expect(replay.values['validity.other_temporary']).toEqual(months(6));
    expect(replay.version).toBe(2);
  });

  it('announces what will change for the region, and not a national change its city overrides', () => {
    const national = change(3, '2027-02-01', '000000', '全国', 'validity.other_temporary', months(9));
    const versions = [V1, SUZHOU_6, national];
    const suzhou = upcomingChanges('320500', '2026-11-26', versions);
    expect(suzhou).toEqual([
      expect.objectContaining({ effectiveFrom: '2027-01-01', field: 'validity.other_temporary', value: months(6), previous: months(12), version: 2, regionName: '苏州市' }),
    ]);
    expect(describeUpcoming(suzhou[0]!)).toBe('自2027年1月1日起，其他临时外出就医有效期改为6个月（现为1年）');
    const shenzhen = upcomingChanges('440300', '2026-11-26', versions);
    expect(shenzhen.map((c) => [c.effectiveFrom, c.regionName, c.value])).toEqual([['2027-02-01', '全国', months(9)]]);
    // Once in force, a change is no longer upcoming.
    expect(upcomingChanges('320500', '2027-01-01', versions)).toEqual([]);
  });

  it('resolves on the phone from the versions policy.get sends exactly as on the server (property)', () => {
    const regions = ['320500', '320505', '320000', '441900', '440300', '110105', '650100'];
    const fields: PolicyKey[] = ['validity.other_temporary', 'review.workingDays', 'emergency.filingDeadlineDays', 'commitment.multiPlace'];
    const values: Record<string, fc.Arbitrary<unknown>> = {
      'validity.other_temporary': fc.integer({ min: 1, max: 24 }).map(months),
      'review.workingDays': fc.integer({ min: 1, max: 10 }),
      'emergency.filingDeadlineDays': fc.option(fc.integer({ min: 1, max: 30 }), { nil: null }),
      'commitment.multiPlace': fc.boolean(),
    };
    const rule = fc.record({ region: fc.constantFrom('000000', '320000', '320500', '440000', '441900', '110000'), field: fc.constantFrom(...fields) })
      .chain(({ region, field }) => values[field]!.map((value) => ({ region, regionName: region, field, value, source: 'x' }) as PolicyRule));
    const day = fc.integer({ min: 0, max: 400 }).map((n) => new Date(Date.UTC(2026, 10, 27) + n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(fc.property(fc.array(fc.tuple(day, rule), { maxLength: 8 }), day, fc.constantFrom(...regions), (changes, date, region) => {
      const versions = [V1, ...changes.map(([effectiveFrom, r], i) => ({ number: i + 2, effectiveFrom, rules: [r] }))];
      const phone = versionsFor(region, versions);
      expect(resolvePolicyAt(region, date, phone)).toEqual(resolvePolicyAt(region, date, versions));
      expect(upcomingChanges(region, '2026-11-26', phone)).toEqual(upcomingChanges(region, '2026-11-26', versions));
    }), { numRuns: 300 });
  });
});

describe('the rules a filing was judged under', () => {
  it('names the region and edition of each rule that decided it', () => {
    const basis = policyBasisOf(resolvePolicyAt('320500', '2026-11-26', [V1, SUZHOU_6]), 'other_temporary', 'commitment');
    expect(basis).toMatchObject({ version: 1, asOf: '2026-11-26' });
    expect(describeBasis(basis)).toEqual(['按苏州市2026版规定，其他临时外出就医有效期1年', '按江苏省2026版规定，审核时限2个工作日']);
    const later = policyBasisOf(resolvePolicyAt('320500', '2027-01-02', [V1, SUZHOU_6]), 'other_temporary', 'commitment');
    expect(describeBasis(later)[0]).toBe('按苏州市2027版规定，其他临时外出就医有效期6个月');
    const longTerm = describeBasis(policyBasisOf(resolvePolicyAt('320500', '2026-11-26', [V1]), 'long_term_residence', 'commitment'));
    expect(longTerm).toEqual([
      '按全国2026版规定，异地长期居住备案可以用个人承诺代替证明材料',
      '按江苏省2026版规定，审核时限2个工作日',
      '按苏州市2026版规定，以个人承诺方式办理的长期备案需满6个月才能重新备案',
      '按全国2026版规定，长期备案办理后需满6个月才能变更或取消',
    ]);
  });
});

describe('value schemas', () => {
  it('accept every seeded value of every field', () => {
    for (const rule of V1.rules) expect({ field: rule.field, ok: POLICY_VALUE_SCHEMAS[rule.field].safeParse(rule.value).success }).toEqual({ field: rule.field, ok: true });
    expect(POLICY_KEYS).toHaveLength(23);
  });

  it('refuse a value of the wrong shape for its field, in Chinese, at `value`', () => {
    const base = { region: '320500', effectiveFrom: '2027-01-01', source: '苏医保发〔2026〕1号' };
    const cases: [PolicyKey, unknown][] = [
      ['validity.other_temporary', 12],
      ['validity.other_temporary', { amount: 0, unit: 'month' }],
      ['review.workingDays', 2.5],
      ['commitment.multiPlace', 'yes'],
      ['benefit.other_temporary', { kind: 'multiply', factor: 1.5 }],
      ['settlement.excluded', ['maternity', 'maternity']],
      ['emergency.filingDeadlineDays', 0],
    ];
    for (const [field, value] of cases) {
      const parsed = PolicyActions.propose.safeParse({ ...base, field, value });
      expect(parsed.success).toBe(false);
      const issue = parsed.error!.issues[0]!;
      expect(issue.path[0]).toBe('value');
      expect(issue.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(PolicyActions.propose.safeParse({ ...base, field: 'emergency.filingDeadlineDays', value: null }).success).toBe(true);
    expect(PolicyActions.propose.safeParse({ ...base, region: '000000', field: 'review.workingDays', value: 3 }).success).toBe(true);
    expect(PolicyActions.propose.safeParse({ ...base, field: 'no.such.field', value: 3 }).success).toBe(false);
  });
});
