import * as z from 'zod/mini';
import { regionCode } from '../validation/fields';
import { FilingInputSchema } from '../filing/filing-input.schema';
import type { PolicyKey, PolicyOrigin, PolicyValues } from '../policy/policy-values';
import type { IsoDate } from '../time/china-date';

/** Input schemas of the `policy` cloud function, one per action. */
export const PolicyActions = {
  get: z.object({ region: regionCode('地区') }),
  check: z.object({ filing: FilingInputSchema }),
};

export interface PolicyView {
  region: string;
  /** 苏州市 / 江苏省 苏州市 … as the division table names it. */
  regionName: string;
  values: PolicyValues;
  origins: Record<PolicyKey, PolicyOrigin>;
}

export interface FilingCheckView {
  accepted: true;
  /** Filled in from the policy when a temporary filing gave none. */
  endDate?: IsoDate;
  /** Approved at once online, or decided by staff within `reviewWorkingDays`. */
  review: { mode: 'instant' | 'staff'; workingDays: number };
}

export interface PolicyApi {
  get: { input: z.input<typeof PolicyActions.get>; output: PolicyView };
  check: { input: z.input<typeof PolicyActions.check>; output: FilingCheckView };
}
