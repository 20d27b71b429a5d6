import { ok, type Result } from '../../core/errors/result';
import type { DecisionPreview } from '../../core/api/review-api';
import type { Actor, FilingEvent } from '../../core/filing/status-machine';
import type { FilingContext } from './filing-context';
import type { FilingRecord } from './filing-records';
import { outboxOf, planTransition } from './apply-transition';
import { composeStatusMessages } from '../notification/compose-status-message';
import { loadNotificationConfig } from '../notification/notification-config';

/** The body as the resident reads it, a sentence a line (the last may have no full stop). */
export function linesOf(body: string): string[] {
  return body.split(/(?<=。)/).map((l) => l.trim()).filter((l) => l.length > 0);
}

/**
 * What the resident will be told if `event` is confirmed on `filing` now: the status machine is
 * asked exactly as the real decision asks it (so it refuses alike), the outbox row the decision
 * would write is built, and the dispatcher's own composer turns it into the applicant's message.
 * Nothing is written.
 */
export async function previewOf(ctx: FilingContext, filing: FilingRecord, event: FilingEvent, actor: Actor): Promise<Result<DecisionPreview>> {
  const planned = await planTransition(ctx, filing, event, actor);
  if (!planned.ok) return planned;
  const row = outboxOf(planned.data.after, planned.data.record);
  // The deployment's NOTIFY_CONFIG, as the dispatcher reads it; the composer is plain code, no package to load lazily.
  const config = loadNotificationConfig();
  // Staff messages only follow a filing into the queue, never a decision: no staff list needed.
  const [applicant] = composeStatusMessages({ row, filing: planned.data.after, staff: [], regions: ctx.runtime.regions, config });
  return ok({ title: applicant!.title, lines: linesOf(applicant!.body) });
}
