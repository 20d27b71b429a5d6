import { fail, ok, type Result } from '../../core/errors/result';
import { resolvePolicy } from '../../core/policy/resolve-policy';
import { checkFiling } from '../../core/filing/check-filing';
import { chinaToday } from '../../core/time/china-date';
import type { FilingInput } from '../../core/filing/filing-input.schema';
import type { FilingCheckView, PolicyView } from '../../core/api/policy-api';
import type { Runtime } from '../runtime/runtime';
import { checkViewOf } from './check-view';

/** Reads the policy table for the policy page and judges filings without writing anything. */
export function policyService(runtime: Runtime) {
  const { regions, clock } = runtime;
  return {
    get(region: string): Result<PolicyView> {
      const info = regions.get(region);
      if (!info) return fail('REGION.UNKNOWN', { region: '没有这个地区，请重新选择' });
      const effective = resolvePolicy(region);
      return ok({ region, regionName: info.fullName, values: effective.values, origins: effective.origins });
    },

    /** The same input rules `filing.submit` applies, answered without storing anything. */
    check(filing: FilingInput): Result<FilingCheckView> {
      const policy = resolvePolicy(filing.insuredRegion).values;
      const checked = checkFiling(filing, { policy, today: chinaToday(clock.now()), regionExists: (c) => regions.exists(c) });
      if (!checked.ok) return { ok: false, error: checked.error };
      return ok(checkViewOf(policy, checked.filing));
    },
  };
}
