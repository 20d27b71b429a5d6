import type { Runtime } from '../runtime/runtime';
import { sweepExpiredFilings } from '../filing/expiry';
import { notificationContextOf } from './notification-context';
import { dispatchPending, sendDueDeliveries, type DispatchReport } from './dispatcher';
import { runReminders, type ReminderReport } from './reminders';

export interface ScheduledReport {
  expired: number;
  reminders: ReminderReport;
  dispatched: DispatchReport;
  retried: DispatchReport;
}

/**
 * One pass of the timer (the `scheduler` function in production, a timer in the local cloud):
 * expire what ended (writing outbox rows), remind, drain the outbox, resend what is due.
 * Everything in it is safe to run twice or concurrently.
 */
export async function runScheduledPass(runtime: Runtime): Promise<ScheduledReport> {
  const ctx = notificationContextOf(runtime);
  const expired = await sweepExpiredFilings(ctx.filing);
  const reminders = await runReminders(ctx);
  const dispatched = await dispatchPending(ctx);
  const retried = await sendDueDeliveries(ctx);
  return { expired, reminders, dispatched, retried };
}
