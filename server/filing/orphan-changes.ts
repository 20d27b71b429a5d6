import { fail, ok, type Result } from '../../core/errors/result';
import { transition, type Actor } from '../../core/filing/status-machine';
import { chinaToday } from '../../core/time/china-date';
import type { FilingStatus } from '../../core/filing/filing-status';
import type { WriteOp } from '../store/document-store';
import type { FilingContext } from './filing-context';
import type { FilingRecord } from './filing-records';
import { afterOf, stateOf, transitionOps } from './apply-transition';
import { rulesOfFiling } from '../policy/rules-in-force';

/** The system job that closes change requests left with nothing to change (issue 14). */
export const ORPHAN_CLOSER: Actor = { role: 'system', id: 'orphan-close' };

/** Why the request was closed, in the words the resident reads on the timeline and in the message. */
const CLOSE_REASONS: Partial<Record<FilingStatus, string>> = {
  cancelled: '原备案已取消，变更申请随之关闭',
  withdrawn: '原备案已撤销，变更申请随之关闭',
  expired: '原备案已到期失效，变更申请随之关闭',
  superseded: '原备案已按另一条变更申请更新，本变更申请随之关闭',
};
const BASE_MISSING = '原备案已不再有效，变更申请随之关闭';

/** The reason a change request is closed when its base has gone to `baseStatus` (or is missing). */
export function closeReasonFor(baseStatus: FilingStatus | undefined): string {
  return (baseStatus && CLOSE_REASONS[baseStatus]) ?? BASE_MISSING;
}

/** A base a change request may still change: approved (a pending change request never is a base). */
export function baseInForce(base: FilingRecord | undefined): boolean {
  return base?.status === 'approved';
}

/** The writes that close one change request (its state, audit row, outbox row), or a coded refusal. */
export async function closeOps(ctx: FilingContext, request: FilingRecord, reason: string, now: string): Promise<Result<WriteOp[]>> {
  const policy = (await rulesOfFiling(ctx.runtime, request)).values;
  const today = chinaToday(ctx.runtime.clock.now());
  const event = { type: 'close', reason } as const;
  const closed = transition(stateOf(request), event, ORPHAN_CLOSER, { now, today }, policy);
  if (!closed.ok) return fail(closed.code);
  return ok(transitionOps(request, afterOf(request, closed.next, event, ORPHAN_CLOSER, now), closed.record));
}

/**
 * When a base filing stops being in force (cancelled, expired, superseded), its waiting change
 * requests have nothing left to change: they are closed in the same batch as what orphans them,
 * so none is ever left claimable. `except` is the change request whose approval supersedes the base.
 */
export async function closeOrphansOps(ctx: FilingContext, base: FilingRecord, baseStatus: FilingStatus, now: string, except?: string): Promise<Result<WriteOp[]>> {
  const pending = (await ctx.repo.pendingChangesOf(base.id)).filter((r) => r.id !== except);
  const ops: WriteOp[] = [];
  for (const request of pending) {
    const closing = await closeOps(ctx, request, closeReasonFor(baseStatus), now);
    if (!closing.ok) return closing;
    ops.push(...closing.data);
  }
  return ok(ops);
}
