import { createMain } from '../../server/kernel/cloud-function';
import { policyFunction } from '../../server/policy/policy.function';

/** Cloud function entry: thin by rule; everything lives in server/policy. */
export const main = createMain(policyFunction);
