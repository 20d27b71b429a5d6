import * as z from 'zod/mini';
import { fail, ok } from '../../core/errors/result';
import { action, type CloudFunctionDefinition } from '../kernel/cloud-function';
import { filingContextOf } from '../filing/filing-context';
import { staffOf } from '../filing/staff-directory';
import { runScheduledPass } from './scheduled-pass';

/**
 * `scheduler`: the timer trigger's function (config.json). A pass runs for the platform's timer
 * — its event with no user in the context, as the kernel tells (ActionContext.trigger) — or for
 * an admin by hand. Anyone else, an anonymous caller included, is refused: a payload that looks
 * like a timer event from a user is just a user's call.
 */
export const schedulerFunction: CloudFunctionDefinition = {
  name: 'scheduler',
  timerAction: 'tick',
  actions: {
    tick: action({
      input: z.object({}),
      async handle(_input, ctx) {
        if (ctx.trigger !== 'timer') {
          const staff = await staffOf(filingContextOf(ctx.runtime), ctx.caller.openid);
          if (!staff.ok) return staff;
          if (staff.data.role !== 'admin') return fail('AUTH.FORBIDDEN');
        }
        const report = await runScheduledPass(ctx.runtime);
        ctx.log.info('scheduled.pass', { trigger: ctx.trigger, by: ctx.caller.openid, ...report });
        return ok(report);
      },
    }),
  },
};
