import { fail, type Result } from '../../core/errors/result';
import { IdentityActions } from '../../core/api/identity-api';
import { action, type ActionContext, type CloudFunctionDefinition } from '../kernel/cloud-function';
import { identityContextOf } from './identity-context';
import { identityService } from './identity.service';

type Service = ReturnType<typeof identityService>;

/** Every identity action is about the caller's own account: no openid, no answer. */
function asCaller<T>(ctx: ActionContext, run: (service: Service, openid: string) => Promise<Result<T>>) {
  const openid = ctx.caller.openid;
  if (!openid) return fail<T>('AUTH.NO_IDENTITY');
  return run(identityService(identityContextOf(ctx.runtime)), openid);
}

/** `identity`: 实名认证 (name, ID number, live face) for oneself and for family members. */
export const identityFunction: CloudFunctionDefinition = {
  name: 'identity',
  actions: {
    status: action({ input: IdentityActions.status, handle: (_i, ctx) => asCaller(ctx, (s, me) => s.status(me)) }),
    start: action({ input: IdentityActions.start, handle: (i, ctx) => asCaller(ctx, (s, me) => s.start(me, i, ctx.requestId)) }),
    confirm: action({ input: IdentityActions.confirm, handle: (i, ctx) => asCaller(ctx, (s, me) => s.confirm(me, i.verifyId, ctx.requestId)) }),
    familyRemove: action({ input: IdentityActions.familyRemove, handle: (i, ctx) => asCaller(ctx, (s, me) => s.familyRemove(me, i.memberId)) }),
    applicant: action({ input: IdentityActions.applicant, handle: (i, ctx) => asCaller(ctx, (s, me) => s.applicant(me, i.memberId)) }),
  },
};
