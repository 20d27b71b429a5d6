import type { Runtime } from '../runtime/runtime';
import type { FilingRepository } from '../filing/filing-repository.port';
import { Collections } from '../filing/filing-records';
import type { WriteOp } from '../store/document-store';
import { notificationContextOf } from './notification-context';
import { dispatchRows } from './dispatcher';

/** Outbox rows one commit hands over before the call returns; more are left to the timer. */
export const IMMEDIATE_DISPATCH_ROWS = 5;

function createdOutboxIds(ops: readonly WriteOp[]): string[] {
  // The outbox is the event records with a delivery state (issue 16): audit-only records have none.
  return ops.flatMap((op) => (op.kind === 'create' && op.collection === Collections.outbox && (op.doc as { state?: string }).state === 'pending' ? [op.doc.id] : []));
}

/**
 * Production's immediate dispatch. A deployed function may be frozen as soon as it answers, so
 * a dispatch cannot run after the call as in the local cloud (dispatch-soon.ts): instead the
 * filing store that every transition commits through is wrapped so that a batch which created
 * outbox rows hands those rows over (by ID, at most `maxRows`) right after it committed, before
 * the service returns. Best effort: a failure is logged, never returned — the transition is
 * committed and the timer's pass dispatches whatever is still pending. The dispatcher's own
 * batches only update outbox rows, so they never trigger this again.
 */
export function dispatchAfterCommit(repo: FilingRepository, runtime: Runtime, maxRows = IMMEDIATE_DISPATCH_ROWS): FilingRepository {
  return {
    ...repo,
    async commit(ops) {
      await repo.commit(ops);
      const ids = createdOutboxIds(ops).slice(0, maxRows);
      if (ids.length === 0) return;
      try {
        await dispatchRows(notificationContextOf(runtime), ids);
      } catch (cause) {
        runtime.log.error('notification.immediate_dispatch_failed', { rows: ids.length, cause });
      }
    },
  };
}
