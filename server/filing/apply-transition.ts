import { sortableId } from '../kernel/sortable-id';
import { fail, ok, type Result } from '../../core/errors/result';
import { transition, type Actor, type FilingEvent, type FilingState, type TransitionRecord } from '../../core/filing/status-machine';
import { chinaTimestamp, chinaToday } from '../../core/time/china-date';
import type { FilingStatus } from '../../core/filing/filing-status';
import { WriteConflict, type WriteOp } from '../store/document-store';
import type { FilingContext } from './filing-context';
import { Collections, type AuditRecord, type EventRecord, type FilingRecord, type OutboxRecord } from './filing-records';
import { rulesOfFiling } from '../policy/rules-in-force';
import type { Decision } from '../../core/api/review-api';

/**
 * The decisions as the desk names them: the staff's, and the system's closing of an orphaned
 * change request; other events leave `decision` as it was.
 */
const DECISIONS_OF: Partial<Record<FilingEvent['type'], Decision>> = { approve: 'approved', reject: 'rejected', return: 'returned', close: 'closed' };

/** Leaving these statuses frees the person's slot for the treatment province. */
const RELEASES_SLOT: readonly FilingStatus[] = ['rejected', 'withdrawn', 'cancelled', 'expired'];

export function slotId(personHash: string, treatmentProvince: string): string {
  return `${personHash}:${treatmentProvince}`;
}

/**
 * A renewal overlaps no one (it starts after the filing it continues ends), so it holds a slot of
 * its own, keyed by that filing: two renewals of one filing cannot both be created.
 */
export function renewalSlotId(renewalOf: string): string {
  return `renewal:${renewalOf}`;
}

/** The slot a filing holds while active. */
export function slotOf(filing: Pick<FilingRecord, 'personHash' | 'treatmentProvince' | 'renewalOf'>): string {
  return filing.renewalOf ? renewalSlotId(filing.renewalOf) : slotId(filing.personHash, filing.treatmentProvince);
}

export function auditOf(filingId: string, record: TransitionRecord): AuditRecord {
  const audit: AuditRecord = {
    id: sortableId(),
    filingId,
    event: record.event,
    from: record.from,
    to: record.to,
    actorRole: record.actor.role,
    actorId: record.actor.id,
    at: record.at,
  };
  if (record.reason) audit.reason = record.reason;
  return audit;
}

export function outboxOf(filing: FilingRecord, record: TransitionRecord): OutboxRecord {
  const row: OutboxRecord = {
    id: sortableId(),
    filingId: filing.id,
    event: record.event,
    from: record.from,
    to: record.to,
    applicantOpenid: filing.applicantOpenid,
    insuredRegion: filing.insuredRegion,
    createdAt: record.at,
    state: 'pending',
    version: 1,
  };
  if (record.reason) row.reason = record.reason;
  return row;
}

/**
 * One transition's audit record and outbox row as the one document both are (issue 16: one create,
 * one round trip, instead of two). `auditOf` gives the timeline's `reason` (a change request's
 * audit says 变更申请 where its message says nothing).
 */
export function eventOf(filing: FilingRecord, record: TransitionRecord, audit: AuditRecord = auditOf(filing.id, record)): EventRecord {
  const { id: _unused, ...delivery } = outboxOf(filing, record);
  const event: EventRecord = { ...delivery, ...audit, event: record.event };
  if (!audit.reason) delete event.reason;
  return event;
}

/** The create of one transition's event document (its audit record and outbox row in one). */
export function eventOp(filing: FilingRecord, record: TransitionRecord, audit?: AuditRecord): WriteOp {
  return { kind: 'create', collection: Collections.outbox, doc: eventOf(filing, record, audit) };
}

/** The writes that record one transition: the new state and its event (audit record + outbox row). */
export function transitionOps(before: FilingRecord, after: FilingRecord, record: TransitionRecord): WriteOp[] {
  const ops: WriteOp[] = [
    { kind: 'update', collection: Collections.filings, doc: after, expectedVersion: before.version },
    eventOp(after, record),
  ];
  // A pending change request never held the slot (its original does); an approved version does.
  if ((!after.changeOf || before.status === 'approved') && RELEASES_SLOT.includes(after.status)) {
    ops.push({ kind: 'delete', collection: Collections.activeSlots, id: slotOf(after) });
  }
  return ops;
}

/** What the status machine sees of a stored filing. */
export function stateOf(before: FilingRecord): FilingState {
  return {
    status: before.status,
    type: before.type,
    applicantOpenid: before.applicantOpenid,
    insuredRegion: before.insuredRegion,
    proofKind: before.proofKind,
    ...(before.claimedBy ? { claimedBy: before.claimedBy } : {}),
    ...(before.approvedOn ? { approvedOn: before.approvedOn } : {}),
    ...(before.endDate ? { endDate: before.endDate } : {}),
    ...(before.changeOf ? { changeRequest: true } : {}),
  };
}

/** The stored filing after the machine's `next` state, stamped with the decision it records. */
export function afterOf(before: FilingRecord, next: FilingState, event: FilingEvent, actor: Actor, now: string): FilingRecord {
  const after: FilingRecord = { ...before, status: next.status, version: before.version + 1, updatedAt: now };
  if (next.claimedBy) after.claimedBy = next.claimedBy;
  else delete after.claimedBy;
  if (next.approvedOn) after.approvedOn = next.approvedOn;
  if (['approved', 'rejected', 'returned', 'closed'].includes(after.status)) after.decidedAt = now;
  // The desk's 已办结, history, stats and export read the decision and who made it (issue 14).
  const decision = DECISIONS_OF[event.type];
  if (decision) {
    after.decision = decision;
    after.decidedBy = actor.id;
    // The reason the resident was told, for 已办结, history, search and export rows without reading the timeline.
    const reason = 'reason' in event ? event.reason : undefined;
    if (reason) after.decisionReason = reason;
    else delete after.decisionReason;
  }
  return after;
}

export interface Transitioned {
  before: FilingRecord;
  after: FilingRecord;
  record: TransitionRecord;
}

/**
 * What `event` would make of `before` now: the status machine's answer and the record after it,
 * nothing written. applyTransition commits it; review.previewDecision shows it (same refusals).
 */
export async function planTransition(ctx: FilingContext, before: FilingRecord, event: FilingEvent, actor: Actor): Promise<Result<Transitioned>> {
  const now = ctx.runtime.clock.now();
  const at = { now: chinaTimestamp(now), today: chinaToday(now) };
  const policy = (await rulesOfFiling(ctx.runtime, before)).values;
  const result = transition(stateOf(before), event, actor, at, policy);
  if (!result.ok) return fail(result.code);
  const after = afterOf(before, result.next, event, actor, at.now);
  return ok({ before, after, record: result.record });
}

/**
 * Read, decide with the pure status machine, commit with the version read. A lost race re-reads
 * once, so the loser gets the machine's own answer (e.g. FILING.ALREADY_DECIDED), not a retry.
 * `extend` adds fields and writes of its own (the change request's supersede, new proof…).
 * `known` is the filing as the caller has just read it (to check who may act): the first attempt
 * decides on it instead of reading it again (issue 16: one request fewer); the commit's version
 * check still catches anything that changed since, and the retry reads afresh.
 */
export async function applyTransition(
  ctx: FilingContext,
  filingId: string,
  event: FilingEvent,
  actor: Actor,
  extend?: (t: Transitioned) => Promise<Result<WriteOp[]>> | Result<WriteOp[]>,
  known?: FilingRecord,
): Promise<Result<FilingRecord>> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const before = attempt === 0 && known?.id === filingId ? known : await ctx.repo.get<FilingRecord>(Collections.filings, filingId);
    if (!before) return fail('FILING.NOT_FOUND');
    const planned = await planTransition(ctx, before, event, actor);
    if (!planned.ok) return planned;
    const { after } = planned.data;
    const extra = extend ? await extend(planned.data) : ok<WriteOp[]>([]);
    if (!extra.ok) return extra;
    try {
      await ctx.repo.commit([...transitionOps(before, after, planned.data.record), ...extra.data]);
      return ok(after);
    } catch (error) {
      if (!(error instanceof WriteConflict)) throw error;
      ctx.runtime.log.info('filing.conflict', { filingId, transition: event.type, attempt, reason: error.reason });
    }
  }
  return fail('FILING.VERSION_CONFLICT');
}
