import { FILING_TYPE_RULES, type FilingType } from '../filing/filing-type';
import type { IsoDate } from '../time/china-date';
import { describeRuleApplied, policyPhrase } from './policy-wording';
import type { ResolvedPolicy } from './resolve-policy-at';
import type { PolicyKey, PolicyValues } from './policy-values';

/** One rule that decided a filing, with whose rule it was and since when. */
export interface AppliedRule<K extends PolicyKey = PolicyKey> {
  field: K;
  value: PolicyValues[K];
  regionName: string;
  version: number;
  effectiveFrom: IsoDate;
}

/**
 * What a filing records about the rules it was judged under: the version in force for its
 * insured region on its submission day (China time), that day, and the rules that decided it.
 * (`version`, `asOf`) replays the judgement exactly (resolvePolicyAt with `upTo`).
 */
export interface PolicyBasis {
  version: number;
  asOf: IsoDate;
  applied: AppliedRule[];
}

/** The fields that decide a filing of this type and proof, in the order its detail lists them. */
export function fieldsThatApply(type: FilingType, proofKind: 'commitment' | 'documents', values: PolicyValues): PolicyKey[] {
  const rule = FILING_TYPE_RULES[type];
  const fields: PolicyKey[] = [];
  if (type === 'referral' || type === 'emergency' || type === 'other_temporary') fields.push(`validity.${type}`);
  if (type === 'emergency' && values['emergency.filingDeadlineDays'] !== null) fields.push('emergency.filingDeadlineDays');
  if (proofKind === 'commitment' && rule.documentsAccepted) fields.push(`commitment.${type}`);
  if (proofKind === 'commitment' && values['review.instantApprovalByCommitment']) fields.push('review.instantApprovalByCommitment');
  else fields.push('review.workingDays');
  if (rule.group === 'long_term') {
    if (proofKind === 'commitment' && values['refiling.commitmentLockMonths'] > 0) fields.push('refiling.commitmentLockMonths');
    fields.push('change.longTermLockMonths');
  }
  return fields;
}

export function policyBasisOf(resolved: ResolvedPolicy, type: FilingType, proofKind: 'commitment' | 'documents'): PolicyBasis {
  const applied = fieldsThatApply(type, proofKind, resolved.values).map((field): AppliedRule => {
    const origin = resolved.origins[field];
    return {
      field, value: resolved.values[field], regionName: origin.regionName ?? origin.region,
      version: origin.version ?? resolved.version, effectiveFrom: origin.effectiveFrom ?? resolved.asOf,
    };
  });
  return { version: resolved.version, asOf: resolved.asOf, applied };
}

/** 按苏州市2026版规定，其他临时外出就医有效期1年 — one line per rule that decided the filing. */
export function describeBasis(basis: PolicyBasis): string[] {
  return basis.applied.map((r) => describeRuleApplied(r.regionName, r.effectiveFrom, policyPhrase(r.field, r.value as never)));
}
