import { sortableId } from '../kernel/sortable-id';
import { fail, ok, type Result } from '../../core/errors/result';
import { transition, type Actor, type FilingEvent, type TransitionRecord } from '../../core/filing/status-machine';
import { chinaTimestamp, chinaToday } from '../../core/time/china-date';
import type { FilingStatus } from '../../core/filing/filing-status';
import { WriteConflict, type WriteOp } from '../store/document-store';
import type { FilingContext } from './filing-context';
import { Collections, type AuditRecord, type FilingRecord, type OutboxRecord } from './filing-records';
import { rulesOfFiling } from '../policy/rules-in-force';
import type { Decision } from '../../core/api/review-api';

/** The staff decisions as the desk names them; other events leave `decision` as it was. */
const STAFF_DECISIONS: Partial<Record<FilingEvent['type'], Decision>> = { approve: 'approved', reject: 'rejected', return: 'returned' };

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

/** The writes that record one transition: the new state, its audit row and its outbox row. */
export function transitionOps(before: FilingRecord, after: FilingRecord, record: TransitionRecord): WriteOp[] {
  const ops: WriteOp[] = [
    { kind: 'update', collection: Collections.filings, doc: after, expectedVersion: before.version },
    { kind: 'create', collection: Collections.audit, doc: auditOf(after.id, record) },
    { kind: 'create', collection: Collections.outbox, doc: outboxOf(after, record) },
  ];
  // A pending change request never held the slot (its original does); an approved version does.
  if ((!after.changeOf || before.status === 'approved') && RELEASES_SLOT.includes(after.status)) {
    ops.push({ kind: 'delete', collection: Collections.activeSlots, id: slotOf(after) });
  }
  return ops;
}

export interface Transitioned {
  before: FilingRecord;
  after: FilingRecord;
  record: TransitionRecord;
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
    const now = ctx.runtime.clock.now();
    const at = { now: chinaTimestamp(now), today: chinaToday(now) };
    const policy = (await rulesOfFiling(ctx.runtime, before)).values;
    const state = {
      status: before.status,
      type: before.type,
      applicantOpenid: before.applicantOpenid,
      insuredRegion: before.insuredRegion,
      proofKind: before.proofKind,
      ...(before.claimedBy ? { claimedBy: before.claimedBy } : {}),
      ...(before.approvedOn ? { approvedOn: before.approvedOn } : {}),
      ...(before.endDate ? { endDate: before.endDate } : {}),
    };
    const result = transition(state, event, actor, at, policy);
    if (!result.ok) return fail(result.code);
    const after: FilingRecord = { ...before, status: result.next.status, version: before.version + 1, updatedAt: at.now };
    if (result.next.claimedBy) after.claimedBy = result.next.claimedBy;
    else delete after.claimedBy;
    if (result.next.approvedOn) after.approvedOn = result.next.approvedOn;
    if (['approved', 'rejected', 'returned'].includes(after.status)) after.decidedAt = at.now;
    // The desk's 已办结, history, stats and export read the staff decision and who made it (issue 14).
    const decision = STAFF_DECISIONS[event.type];
    if (decision) {
      after.decision = decision;
      after.decidedBy = actor.id;
      if (result.record.reason) after.decisionReason = result.record.reason;
      else delete after.decisionReason;
    }
    const extra = extend ? await extend({ before, after, record: result.record }) : ok<WriteOp[]>([]);
    if (!extra.ok) return extra;
    try {
      await ctx.repo.commit([...transitionOps(before, after, result.record), ...extra.data]);
      return ok(after);
    } catch (error) {
      if (!(error instanceof WriteConflict)) throw error;
      ctx.runtime.log.info('filing.conflict', { filingId, transition: event.type, attempt, reason: error.reason });
    }
  }
  return fail('FILING.VERSION_CONFLICT');
}
