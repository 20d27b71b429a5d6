import type { Runtime } from '../runtime/runtime';
import { sweepExpiredFilings } from '../filing/expiry';
import { notificationContextOf } from './notification-context';
import { dispatchPending, sendDueDeliveries, type DispatchReport } from './dispatcher';
import { runReminders, type ReminderReport } from './reminders';
import { resumeDeadlineRecounts } from '../policy/deadline-recount';

export interface ScheduledReport {
  expired: number;
  /** Deadlines recounted for a calendar load left unfinished. */
  recounted: number;
  reminders: ReminderReport;
  dispatched: DispatchReport;
  retried: DispatchReport;
}

/**
 * One pass of the timer (the `scheduler` function in production, a timer in the local cloud):
 * expire what ended (writing outbox rows), finish deadline recounts of a calendar load, remind,
 * drain the outbox, resend what is due.
 * Everything in it is safe to run twice or concurrently.
 */
export async function runScheduledPass(runtime: Runtime): Promise<ScheduledReport> {
  const ctx = notificationContextOf(runtime);
  const expired = await sweepExpiredFilings(ctx.filing);
  const recounted = await resumeDeadlineRecounts(runtime);
  const reminders = await runReminders(ctx);
  const dispatched = await dispatchPending(ctx);
  const retried = await sendDueDeliveries(ctx);
  return { expired, recounted, reminders, dispatched, retried };
}
