import * as z from 'zod/mini';
import { fail, ok } from '../../core/errors/result';
import { action, type CloudFunctionDefinition } from '../kernel/cloud-function';
import { filingContextOf } from '../filing/filing-context';
import { staffOf } from '../filing/staff-directory';
import { runScheduledPass } from './scheduled-pass';

/**
 * `scheduler`: the timer trigger's function. The platform's timer calls it with no user
 * identity; from the mini-program only an admin may run a pass by hand.
 */
export const schedulerFunction: CloudFunctionDefinition = {
  name: 'scheduler',
  actions: {
    tick: action({
      input: z.object({}),
      async handle(_input, ctx) {
        if (ctx.caller.openid) {
          const staff = await staffOf(filingContextOf(ctx.runtime), ctx.caller.openid);
          if (!staff.ok) return staff;
          if (staff.data.role !== 'admin') return fail('AUTH.FORBIDDEN');
        }
        const report = await runScheduledPass(ctx.runtime);
        ctx.log.info('scheduled.pass', { ...report });
        return ok(report);
      },
    }),
  },
};

/** A timer trigger's event ({ Type: 'Timer', TriggerName, Time }) carries no action: it means `tick`. */
export function schedulerEvent(event: unknown): unknown {
  const e = event && typeof event === 'object' ? (event as Record<string, unknown>) : {};
  return e.Type === 'Timer' || typeof e.TriggerName === 'string' ? { action: 'tick' } : event;
}
