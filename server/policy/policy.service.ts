import { fail, ok, type Result } from '../../core/errors/result';
import { checkFiling } from '../../core/filing/check-filing';
import { upcomingChanges, versionsFor } from '../../core/policy/resolve-policy-at';
import { chinaToday } from '../../core/time/china-date';
import type { FilingInput } from '../../core/filing/filing-input.schema';
import type { FilingCheckView, PolicyView } from '../../core/api/policy-api';
import type { Runtime } from '../runtime/runtime';
import { policyContextOf } from './policy-context';
import { rulesInForce } from './rules-in-force';
import { checkViewOf } from './check-view';

/** Reads the policy versions for the policy page and judges filings without writing anything. */
export function policyService(runtime: Runtime) {
  const { regions, clock } = runtime;
  return {
    async get(region: string): Promise<Result<PolicyView>> {
      const info = regions.get(region);
      if (!info) return fail('REGION.UNKNOWN', { region: '没有这个地区，请重新选择' });
      const snapshot = await policyContextOf(runtime).cache.current();
      const today = chinaToday(clock.now());
      const effective = snapshot.resolve(region, today);
      return ok({
        region,
        regionName: info.fullName,
        asOf: today,
        version: effective.version,
        values: effective.values,
        origins: effective.origins,
        upcoming: upcomingChanges(region, today, snapshot.versions),
        versions: versionsFor(region, snapshot.versions),
      });
    },

    /** The same input rules `filing.submit` applies, answered without storing anything. */
    async check(filing: FilingInput): Promise<Result<FilingCheckView>> {
      const today = chinaToday(clock.now());
      const policy = (await rulesInForce(runtime, filing.insuredRegion, today)).values;
      const checked = checkFiling(filing, { policy, today, regionExists: (c) => regions.exists(c) });
      if (!checked.ok) return { ok: false, error: checked.error };
      return ok(checkViewOf(policy, checked.filing));
    },
  };
}
