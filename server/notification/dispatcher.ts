import { WriteConflict } from '../store/document-store';
import { Collections, type FilingRecord, type OutboxRecord, type StaffRecord } from '../filing/filing-records';
import type { NotificationContext } from './notification-context';
import type { DeliveryRecord } from './notification-records';
import { composeStatusMessages } from './compose-status-message';
import { messageWrites } from './message-ops';
import { claimDelivery, sendDelivery } from './send-delivery';

export interface DispatchReport {
  /** Outbox rows this pass handed over (marked done with their messages). */
  rows: number;
  inbox: number;
  /** Subscribe sends attempted and how many WeChat (or the sink) accepted. */
  sends: number;
  sent: number;
}

const emptyReport = (): DispatchReport => ({ rows: 0, inbox: 0, sends: 0, sent: 0 });

/**
 * Hands one outbox row over in ONE batch: the row marked done (with the version read), its
 * inbox messages (IDs derived from the row's ID), the credits spent and the deliveries to send.
 * Whoever loses the race on the row writes nothing, so each message exists exactly once.
 */
async function handOver(ctx: NotificationContext, first: OutboxRecord, staff: readonly StaffRecord[]): Promise<{ inbox: number; deliveries: DeliveryRecord[] }> {
  const { filing: fctx, runtime, config } = ctx;
  let row = first;
  for (let attempt = 0; attempt < 3; attempt++) {
    const filing = await fctx.repo.get<FilingRecord>(Collections.filings, row.filingId);
    const messages = composeStatusMessages({ row, filing, staff, regions: runtime.regions, config });
    const writes = await messageWrites(ctx, messages);
    const done: OutboxRecord = { ...row, state: 'done', version: row.version + 1 };
    try {
      await fctx.repo.commit([{ kind: 'update', collection: Collections.outbox, doc: done, expectedVersion: row.version }, ...writes.ops]);
      return { inbox: messages.length, deliveries: writes.deliveries };
    } catch (error) {
      if (!(error instanceof WriteConflict)) throw error;
      if (error.collection === Collections.outbox) return { inbox: 0, deliveries: [] };
      // A credit changed under us (a new acceptance, another send): read again and redo.
      const current = await fctx.repo.get<OutboxRecord>(Collections.outbox, row.id);
      if (!current || current.state === 'done') return { inbox: 0, deliveries: [] };
      row = current;
    }
  }
  runtime.log.warn('notification.handover_contended', { outboxId: row.id });
  return { inbox: 0, deliveries: [] };
}

/** One outbox row: its messages handed over, then its new subscribe messages sent; counted in `report`. */
async function deliverRow(ctx: NotificationContext, row: OutboxRecord, staff: readonly StaffRecord[], report: DispatchReport): Promise<void> {
  const handed = await handOver(ctx, row, staff);
  if (handed.inbox > 0) report.rows += 1;
  report.inbox += handed.inbox;
  for (const d of handed.deliveries) {
    report.sends += 1;
    if ((await sendDelivery(ctx, d)).state === 'sent') report.sent += 1;
  }
}

/** Drains the outbox: every pending row becomes its messages; new subscribe messages go out at once. */
export async function dispatchPending(ctx: NotificationContext, batch = 200, maxRows = 1000): Promise<DispatchReport> {
  const report = emptyReport();
  const seen = new Set<string>();
  let staff: StaffRecord[] | undefined;
  // Under a steady stream of new rows a pass must still end: the next pass takes the rest.
  while (seen.size < maxRows) {
    const rows = (await ctx.filing.repo.pendingOutbox(batch)).filter((r) => !seen.has(r.id));
    if (rows.length === 0) return report;
    staff ??= await ctx.filing.repo.listStaff();
    for (const row of rows) {
      seen.add(row.id);
      await deliverRow(ctx, row, staff, report);
    }
  }
  return report;
}

/** Sends what is due again: retries after backoff, and deliveries whose sender died holding them. */
export async function sendDueDeliveries(ctx: NotificationContext, batch = 200): Promise<DispatchReport> {
  const report = emptyReport();
  const seen = new Set<string>();
  for (;;) {
    const due = (await ctx.store.dueDeliveries(ctx.runtime.clock.now().toISOString(), batch)).filter((d) => !seen.has(d.id));
    if (due.length === 0) return report;
    for (const d of due) {
      seen.add(d.id);
      const held = await claimDelivery(ctx, d);
      if (!held) continue;
      report.sends += 1;
      if ((await sendDelivery(ctx, held)).state === 'sent') report.sent += 1;
    }
  }
}

/**
 * Hands over the named outbox rows only (those a call just committed): no queue query, so it is
 * cheap enough to run before a deployed call returns. Rows already done are skipped; whatever
 * is not handed over here the timer's `dispatchPending` finds.
 */
export async function dispatchRows(ctx: NotificationContext, ids: readonly string[]): Promise<DispatchReport> {
  const report = emptyReport();
  let staff: StaffRecord[] | undefined;
  for (const id of new Set(ids)) {
    const row = await ctx.filing.repo.get<OutboxRecord>(Collections.outbox, id);
    if (!row || row.state !== 'pending') continue;
    staff ??= await ctx.filing.repo.listStaff();
    await deliverRow(ctx, row, staff, report);
  }
  return report;
}
