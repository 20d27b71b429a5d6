import { PolicyActions } from '../../core/api/policy-api';
import { action, type CloudFunctionDefinition } from '../kernel/cloud-function';
import { policyService } from './policy.service';
import { policyChangeService } from './policy-change.service';
import { calendarService } from './calendar.service';

/**
 * `policy`: the per-region rules and the holiday calendar, readable by anyone (no identity
 * needed); proposing and approving changes and loading a year's holidays are for admins.
 */
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
    propose: action({
      input: PolicyActions.propose,
      handle: (input, ctx) => policyChangeService(ctx.runtime).propose(ctx.caller.openid, input),
    }),
    approve: action({
      input: PolicyActions.approve,
      handle: (input, ctx) => policyChangeService(ctx.runtime).approve(ctx.caller.openid, input.changeId),
    }),
    changes: action({
      input: PolicyActions.changes,
      handle: (input, ctx) => policyChangeService(ctx.runtime).changes(ctx.caller.openid, input.cursor, input.limit),
    }),
    loadCalendar: action({
      input: PolicyActions.loadCalendar,
      handle: (input, ctx) => calendarService(ctx.runtime).loadCalendar(ctx.caller.openid, input.year, input.days),
    }),
    calendar: action({
      input: PolicyActions.calendar,
      handle: (input, ctx) => calendarService(ctx.runtime).calendar(input.year),
    }),
  },
};
