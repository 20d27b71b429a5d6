import { describePolicy } from '../../core/policy/describe-policy';
import { NATIONAL_REGION, POLICY_TABLE } from '../../core/policy/policy-table';
import type { PolicyKey } from '../../core/policy/policy-values';
import { regionsWithOwnPolicy, resolvePolicy } from '../../core/policy/resolve-policy';

const NATIONAL_KEYS = Object.keys(POLICY_TABLE.find((e) => e.region === NATIONAL_REGION)!.overrides) as PolicyKey[];

describe('policy table', () => {
  it('gives every seeded value a non-empty source', () => {
    const unsourced = POLICY_TABLE.flatMap((entry) =>
      Object.entries(entry.overrides)
        .filter(([, sourced]) => !sourced || sourced.source.trim() === '')
        .map(([key]) => `${entry.region} ${key}`),
    );
    expect(unsourced).toEqual([]);
  });

  it('seeds the regions the issue names, at the right levels', () => {
    const levels = Object.fromEntries(POLICY_TABLE.map((e) => [e.region, e.level]));
    expect(levels).toEqual(
      expect.objectContaining({
        [NATIONAL_REGION]: 'national', '110000': 'province', '320000': 'province', '320500': 'city',
        '220000': 'province', '430000': 'province', '440000': 'province', '441900': 'city',
      }),
    );
    expect(regionsWithOwnPolicy().map((r) => r.region)).not.toContain(NATIONAL_REGION);
  });

  it('only overrides fields the national default defines', () => {
    for (const entry of POLICY_TABLE) {
      for (const key of Object.keys(entry.overrides)) expect(NATIONAL_KEYS).toContain(key);
    }
  });
});

describe('resolvePolicy: national → province → city', () => {
  it('resolves 苏州 320500 with each value from its own level and source', () => {
    const { values, origins } = resolvePolicy('320500');
    expect(values['validity.other_temporary']).toEqual({ amount: 12, unit: 'month' });
    expect(origins['validity.other_temporary']).toEqual({ level: 'city', region: '320500', source: expect.stringContaining('001') });
    expect(values['benefit.other_temporary']).toEqual({ kind: 'multiply', factor: 0.8 });
    expect(values['commitment.multiPlace']).toBe(false);
    expect(values['refiling.commitmentLockMonths']).toBe(6);
    expect(origins['review.workingDays']).toEqual({ level: 'province', region: '320000', source: expect.stringContaining('001') });
    expect(values['validity.emergency']).toEqual({ amount: 6, unit: 'month' });
    expect(origins['validity.emergency']).toEqual(expect.objectContaining({ level: 'national', region: NATIONAL_REGION }));
  });

  it('resolves 东莞 441900 over 广东 440000 over the national default', () => {
    const { values, origins } = resolvePolicy('441900');
    expect(values['emergency.filingDeadlineDays']).toBe(10);
    expect(origins['emergency.filingDeadlineDays'].level).toBe('city');
    expect(values['validity.emergency']).toEqual({ amount: 10, unit: 'day' });
    expect(origins['validity.emergency']).toEqual(expect.objectContaining({ level: 'province', region: '440000' }));
    expect(origins['benefit.referral'].level).toBe('national');
    // Another Guangdong city gets the province's values but not Dongguan's.
    expect(resolvePolicy('440300').values['emergency.filingDeadlineDays']).toBeNull();
  });

  it('resolves a district like its city and a province without its cities', () => {
    expect(resolvePolicy('320505').values).toEqual(resolvePolicy('320500').values);
    expect(resolvePolicy('320000').values['validity.other_temporary']).toEqual({ amount: 6, unit: 'month' });
    expect(resolvePolicy('430100').values['emergency.filingDeadlineDays']).toBe(3);
  });

  it('gives a region with no entry the national default, every field with an origin', () => {
    const { values, origins } = resolvePolicy('650100');
    expect(Object.keys(values).sort()).toEqual([...NATIONAL_KEYS].sort());
    for (const key of NATIONAL_KEYS) {
      expect(origins[key].level).toBe('national');
      expect(origins[key].source.length).toBeGreaterThan(0);
    }
  });

  it('refuses a table without a national default', () => {
    expect(() => resolvePolicy('320500', POLICY_TABLE.filter((e) => e.region !== NATIONAL_REGION))).toThrow();
  });
});

describe('describePolicy', () => {
  const text = (region: string) => describePolicy(resolvePolicy(region).values).map((l) => `${l.title}：${l.text}`).join('\n');

  it('says 苏州 other temporary filings last 1 year and pay 80% of the normal ratio', () => {
    const suzhou = text('320500');
    expect(suzhou).toContain('其他临时外出就医1年');
    expect(suzhou).toContain('80%');
    expect(suzhou).toContain('需满6个月才能重新备案');
  });

  it('says the national defaults in plain words', () => {
    const national = text('650100');
    expect(national).toContain('其他临时外出就医6个月');
    expect(national).toContain('低不超过20个百分点');
    expect(national).not.toMatch(/[a-z_]{4,}/);
    expect(text('430100')).toContain('急诊入院后3天内申请备案');
    expect(text('441900')).toContain('异地急诊抢救10天');
  });
});
