import { fail, type Result } from '../../core/errors/result';
import { FilingActions } from '../../core/api/filing-api';
import { action, type ActionContext, type CloudFunctionDefinition } from '../kernel/cloud-function';
import { filingContextOf } from './filing-context';
import { filingService } from './filing.service';
import { materialStorage } from '../storage/material-storage';

type Service = ReturnType<typeof filingService>;

/** Every resident action needs an identity: the openid is the owner of what it touches. */
function asResident<T>(ctx: ActionContext, run: (service: Service, openid: string) => Promise<Result<T>> | Result<T>) {
  const openid = ctx.caller.openid;
  if (!openid) return fail<T>('AUTH.NO_IDENTITY');
  return run(filingService(filingContextOf(ctx.runtime)), openid);
}

/** `filing`: the resident's own filings. */
export const filingFunction: CloudFunctionDefinition = {
  name: 'filing',
  actions: {
    saveDraft: action({ input: FilingActions.saveDraft, handle: (i, ctx) => asResident(ctx, (s, me) => s.saveDraft(me, i.draft)) }),
    getDraft: action({ input: FilingActions.getDraft, handle: (_i, ctx) => asResident(ctx, (s, me) => s.getDraft(me)) }),
    submit: action({ input: FilingActions.submit, handle: (i, ctx) => asResident(ctx, (s, me) => s.submit(me, i.idempotencyKey, i.filing)) }),
    precheck: action({ input: FilingActions.precheck, handle: (i, ctx) => asResident(ctx, (s, me) => s.precheck(me, i.filing)) }),
    list: action({ input: FilingActions.list, handle: (i, ctx) => asResident(ctx, (s, me) => s.list(me, i.cursor, i.limit)) }),
    get: action({ input: FilingActions.get, handle: (i, ctx) => asResident(ctx, (s, me) => s.get(me, i.id)) }),
    withdraw: action({ input: FilingActions.withdraw, handle: (i, ctx) => asResident(ctx, (s, me) => s.withdraw(me, i.id, i.reason)) }),
    cancel: action({ input: FilingActions.cancel, handle: (i, ctx) => asResident(ctx, (s, me) => s.cancel(me, i.id, i.reason)) }),
    change: action({ input: FilingActions.change, handle: (i, ctx) => asResident(ctx, (s, me) => s.change(me, i.id, i.changes)) }),
    supplement: action({ input: FilingActions.supplement, handle: (i, ctx) => asResident(ctx, (s, me) => s.supplement(me, i.id, i.proof)) }),
    renew: action({ input: FilingActions.renew, handle: (i, ctx) => asResident(ctx, (s, me) => s.renew(me, i.id, i.idempotencyKey)) }),
    prefill: action({ input: FilingActions.prefill, handle: (i, ctx) => asResident(ctx, (s, me) => s.prefill(me, i.id)) }),
    registerMaterial: action({
      input: FilingActions.registerMaterial,
      handle: (i, ctx) => asResident(ctx, (_s, me) => materialStorage(filingContextOf(ctx.runtime)).register(me, i.fileId, i.name ?? '证明材料')),
    }),
    lateFilingAdvice: action({ input: FilingActions.lateFilingAdvice, handle: (i, ctx) => asResident(ctx, (s) => s.lateFilingAdvice(i.settled)) }),
  },
};
