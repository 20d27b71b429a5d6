import { PolicyActions } from '../../core/api/policy-api';
import { action, type CloudFunctionDefinition } from '../kernel/cloud-function';
import { policyService } from './policy.service';

/** `policy`: the per-region rules, readable by anyone (no identity needed). */
export const policyFunction: CloudFunctionDefinition = {
  name: 'policy',
  actions: {
    get: action({
      input: PolicyActions.get,
      handle: (input, ctx) => policyService(ctx.runtime).get(input.region),
    }),
    check: action({
      input: PolicyActions.check,
      handle: (input, ctx) => policyService(ctx.runtime).check(input.filing),
    }),
  },
};
