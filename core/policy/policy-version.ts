import { NATIONAL_REGION, POLICY_TABLE } from './policy-table';
import type { PolicyKey, PolicyLevel, PolicyTableEntry, PolicyValues } from './policy-values';
import type { IsoDate } from '../time/china-date';

/**
 * One rule a version sets: a region's own value of one field and the document it comes from.
 * `region` is the national default (000000), a province (xx0000) or a city (xxxx00).
 */
export interface PolicyRule<K extends PolicyKey = PolicyKey> {
  region: string;
  /** 全国 / 江苏省 / 苏州市, kept with the rule so a filing can say whose rule applied. */
  regionName: string;
  field: K;
  value: PolicyValues[K];
  source: string;
}

/**
 * An immutable, numbered set of rules (docs/policy.md). Version 1 is the seeded table; every
 * later version is one approved change, numbered in the order of approval.
 */
export interface PolicyVersion {
  number: number;
  /** First day (China time) on which the rules apply. */
  effectiveFrom: IsoDate;
  rules: readonly PolicyRule[];
}

/** The seeded table's edition: the rules as published up to 2026. */
export const SEED_EFFECTIVE_FROM: IsoDate = '2026-01-01';

export function levelOfPolicyRegion(region: string): PolicyLevel {
  if (region === NATIONAL_REGION) return 'national';
  return region.endsWith('0000') ? 'province' : 'city';
}

/** The seeded table as version 1: every override of every entry, one rule each. */
export function seedVersion(table: readonly PolicyTableEntry[] = POLICY_TABLE): PolicyVersion {
  const rules: PolicyRule[] = [];
  for (const entry of table) {
    for (const [field, sourced] of Object.entries(entry.overrides)) {
      if (!sourced) continue;
      rules.push({ region: entry.region, regionName: entry.name, field: field as PolicyKey, value: sourced.value, source: sourced.source });
    }
  }
  return { number: 1, effectiveFrom: SEED_EFFECTIVE_FROM, rules };
}

/** The edition year people cite (苏州市2026版): the year the version took effect. */
export function editionOf(effectiveFrom: IsoDate): number {
  return Number(effectiveFrom.slice(0, 4));
}
