import { chinaToday } from '../../core/time/china-date';
import type { FilingContext } from './filing-context';
import type { FilingRecord } from './filing-records';
import { applyTransition, type Transitioned } from './apply-transition';
import { closeOrphansOps } from './orphan-changes';

const SWEEPER = { role: 'system', id: 'expiry-sweep' } as const;

/** An expired filing's waiting change requests are closed in the same commit. */
const closingOrphans = (ctx: FilingContext) => ({ after }: Transitioned) => closeOrphansOps(ctx, after, after.status, after.updatedAt);

/**
 * An approved temporary filing is expired after its end date: made so when it is read (so no
 * one ever sees a stale 备案成功) and by the scheduled sweep (so notifications go out).
 */
export async function expireIfDue(ctx: FilingContext, filing: FilingRecord): Promise<FilingRecord> {
  if (filing.status !== 'approved' || !filing.endDate || filing.endDate >= chinaToday(ctx.runtime.clock.now())) return filing;
  const done = await applyTransition(ctx, filing.id, { type: 'expire' }, SWEEPER, closingOrphans(ctx));
  if (done.ok) return done.data;
  return (await ctx.repo.get<FilingRecord>('filings', filing.id)) ?? filing;
}

export async function sweepExpiredFilings(ctx: FilingContext, batch = 200): Promise<number> {
  let expired = 0;
  for (;;) {
    const due = await ctx.repo.dueForExpiry(chinaToday(ctx.runtime.clock.now()), batch);
    if (due.length === 0) return expired;
    for (const filing of due) {
      const done = await applyTransition(ctx, filing.id, { type: 'expire' }, SWEEPER, closingOrphans(ctx));
      if (done.ok) expired += 1;
    }
    if (due.length < batch) return expired;
  }
}
