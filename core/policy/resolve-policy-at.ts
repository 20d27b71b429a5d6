import { policyChain } from './resolve-policy';
import { levelOfPolicyRegion, SEED_EFFECTIVE_FROM, type PolicyRule, type PolicyVersion } from './policy-version';
import { NATIONAL_REGION, POLICY_TABLE } from './policy-table';
import { POLICY_KEYS, type EffectivePolicy, type PolicyKey, type PolicyOrigin, type PolicyValues } from './policy-values';
import type { IsoDate } from '../time/china-date';

/** The seeded table's national entry: the built-in value of every field the code knows. */
const BUILT_IN_DEFAULTS = POLICY_TABLE.find((entry) => entry.region === NATIONAL_REGION)!;

/** The rules of a region in force on one day, and the version they amount to. */
export interface ResolvedPolicy extends EffectivePolicy {
  asOf: IsoDate;
  /** The newest version in force on `asOf` that sets a rule for this region, its province or the nation. */
  version: number;
}

/**
 * Timeline order (docs/policy.md): a later effective date overrides an earlier one; on the same
 * date the later approval (higher number) wins. Version 1 is the base and always comes first.
 */
function byEffect(a: PolicyVersion, b: PolicyVersion): number {
  const ka = a.number === 1 ? '' : a.effectiveFrom;
  const kb = b.number === 1 ? '' : b.effectiveFrom;
  return ka < kb ? -1 : ka > kb ? 1 : a.number - b.number;
}

/** Versions in force on `date`: version 1 always, the others from their first day; `upTo` caps the numbers. */
export function versionsInForce(versions: readonly PolicyVersion[], date: IsoDate, upTo?: number): PolicyVersion[] {
  return versions
    .filter((v) => (v.number === 1 || v.effectiveFrom <= date) && (upTo === undefined || v.number <= upTo))
    .sort(byEffect);
}

/**
 * The effective policy of `region` on `date` from the versions: national default, then the
 * province, then the city, each level taking its last rule in timeline order. `upTo` replays
 * what a filing recorded (its version): nothing approved after it can slip in.
 */
export function resolvePolicyAt(region: string, date: IsoDate, versions: readonly PolicyVersion[], upTo?: number): ResolvedPolicy {
  const chain = policyChain(region);
  const latest = chain.map(() => new Map<PolicyKey, { rule: PolicyRule; version: PolicyVersion }>());
  let version = 0;
  for (const v of versionsInForce(versions, date, upTo)) {
    for (const rule of v.rules) {
      const level = chain.indexOf(rule.region);
      if (level < 0) continue;
      latest[level]!.set(rule.field, { rule, version: v });
      version = Math.max(version, v.number);
    }
  }
  const values: Record<string, unknown> = {};
  const origins: Record<string, PolicyOrigin> = {};
  for (const level of latest) {
    for (const [field, { rule, version: v }] of level) {
      values[field] = rule.value;
      origins[field] = {
        level: levelOfPolicyRegion(rule.region), region: rule.region, regionName: rule.regionName, source: rule.source, version: v.number, effectiveFrom: v.effectiveFrom,
      };
    }
  }
  // A field added to the code after a store's versions were written has, in those versions, the
  // built-in behaviour: the seeded table's national default (versions stay immutable). Versions
  // with no national rule at all are a broken store, not an old one.
  const missing = POLICY_KEYS.filter((k) => !(k in values));
  const hasNational = versions.some((v) => v.rules.some((r) => r.region === NATIONAL_REGION));
  if (missing.length > 0 && !hasNational) throw new Error(`policy versions have no national default for ${missing.join(', ')}`);
  for (const key of missing) {
    const builtIn = BUILT_IN_DEFAULTS.overrides[key];
    if (!builtIn) throw new Error(`policy versions have no national default for ${key}`);
    values[key] = builtIn.value;
    origins[key] = { level: 'national', region: NATIONAL_REGION, regionName: BUILT_IN_DEFAULTS.name, source: `${builtIn.source}（内置默认）`, version: 1, effectiveFrom: SEED_EFFECTIVE_FROM };
  }
  return { region, asOf: date, version, values: values as unknown as PolicyValues, origins: origins as Record<PolicyKey, PolicyOrigin> };
}

/** Values compared by content whatever the key order of their objects. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function samePolicyValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/** An approved change that will alter a value of this region on a later day. */
export interface UpcomingChange<K extends PolicyKey = PolicyKey> {
  effectiveFrom: IsoDate;
  field: K;
  value: PolicyValues[K];
  /** What applies until then. */
  previous: PolicyValues[K];
  version: number;
  region: string;
  regionName: string;
  source: string;
}

/**
 * What will change for `region` after `today`, day by day: each later effective date compared
 * with the day before it, so a national change that the city overrides is not announced.
 */
export function upcomingChanges(region: string, today: IsoDate, versions: readonly PolicyVersion[]): UpcomingChange[] {
  const chain = policyChain(region);
  const dates = [...new Set(
    versions.filter((v) => v.number !== 1 && v.effectiveFrom > today && v.rules.some((r) => chain.includes(r.region))).map((v) => v.effectiveFrom),
  )].sort();
  const changes: UpcomingChange[] = [];
  let before = resolvePolicyAt(region, today, versions);
  for (const date of dates) {
    const after = resolvePolicyAt(region, date, versions);
    for (const field of POLICY_KEYS) {
      if (samePolicyValue(before.values[field], after.values[field])) continue;
      const origin = after.origins[field];
      changes.push({
        effectiveFrom: date, field, value: after.values[field], previous: before.values[field],
        version: origin.version ?? 0, region: origin.region, regionName: origin.regionName ?? origin.region, source: origin.source,
      });
    }
    before = after;
  }
  return changes;
}

/** Only what a region's resolution reads: the rules of its chain (what `policy.get` sends the phone). */
export function versionsFor(region: string, versions: readonly PolicyVersion[]): PolicyVersion[] {
  const chain = policyChain(region);
  return versions
    .map((v) => ({ ...v, rules: v.rules.filter((r) => chain.includes(r.region)) }))
    .filter((v) => v.number === 1 || v.rules.length > 0);
}
