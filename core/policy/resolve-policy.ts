import { cityOf, provinceOf, regionLevel } from '../region/region-code';
import { NATIONAL_REGION, POLICY_TABLE } from './policy-table';
import type {
  EffectivePolicy,
  PolicyKey,
  PolicyOrigin,
  PolicyTableEntry,
  PolicyValues,
} from './policy-values';

/**
 * The effective policy of a region: national default, then the province's overrides, then the
 * city's. A district resolves like its city. Each value carries the level it came from.
 */
const resolvedFromSeed = new Map<string, EffectivePolicy>();

export function resolvePolicy(
  region: string,
  table: readonly PolicyTableEntry[] = POLICY_TABLE,
): EffectivePolicy {
  // The seeded table never changes at run time: resolve each region once.
  if (table === POLICY_TABLE) {
    let cached = resolvedFromSeed.get(region);
    if (!cached) {
      cached = resolveFrom(region, table);
      resolvedFromSeed.set(region, cached);
    }
    return cached;
  }
  return resolveFrom(region, table);
}

/** The table regions that decide a region's policy, broadest first: national, province, city. */
export function policyChain(region: string): string[] {
  if (region === NATIONAL_REGION) return [NATIONAL_REGION];
  const chain = [NATIONAL_REGION, provinceOf(region)];
  if (regionLevel(region) !== 'province' && cityOf(region) !== provinceOf(region)) chain.push(cityOf(region));
  return chain;
}

function resolveFrom(region: string, table: readonly PolicyTableEntry[]): EffectivePolicy {
  const byRegion = new Map(table.map((entry) => [entry.region, entry]));
  if (!byRegion.has(NATIONAL_REGION)) throw new Error('policy table has no national default');
  const chain = policyChain(region).flatMap((code) => byRegion.get(code) ?? []);

  const values: Record<string, unknown> = {};
  const origins: Record<string, PolicyOrigin> = {};
  for (const entry of chain) {
    for (const [key, sourced] of Object.entries(entry.overrides)) {
      if (!sourced) continue;
      values[key] = sourced.value;
      origins[key] = { level: entry.level, region: entry.region, source: sourced.source };
    }
  }
  return {
    region,
    values: values as unknown as PolicyValues,
    origins: origins as Record<PolicyKey, PolicyOrigin>,
  };
}

/** The regions that have their own entry in the table (for the policy page's shortcuts). */
export function regionsWithOwnPolicy(
  table: readonly PolicyTableEntry[] = POLICY_TABLE,
): { region: string; name: string }[] {
  return table
    .filter((entry) => entry.region !== NATIONAL_REGION)
    .map(({ region, name }) => ({ region, name }));
}
