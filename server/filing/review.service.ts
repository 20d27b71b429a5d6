import { sortableId } from '../kernel/sortable-id';
import { fail, ok, type Result } from '../../core/errors/result';
import { maskResidentId } from '../../core/identity/mask';
import { chinaTimestamp, chinaToday } from '../../core/time/china-date';
import { transition, type FilingEvent } from '../../core/filing/status-machine';
import type { FilingSummary } from '../../core/api/filing-api';
import type { DecisionPreview, ReviewDetail, StaffView } from '../../core/api/review-api';
import { WriteConflict, type WriteOp } from '../store/document-store';
import type { FilingContext } from './filing-context';
import { Collections, type AuditRecord, type ActiveSlotRecord, type FileRecord, type FilingRecord, type StaffRecord } from './filing-records';
import { applyTransition, eventOp, slotOf } from './apply-transition';
import { staffTimelineContext, toDetail, toSummary } from './filing-views';
import { actorOf, covers, selfHashOfStaff, staffOf } from './staff-directory';
import { staffView } from './staff-admin.service';
import { expireIfDue } from './expiry';
import { fieldChangesOf } from './field-changes';
import { baseInForce, closeOps, closeOrphansOps, closeReasonFor } from './orphan-changes';
import { previewOf } from './decision-preview';
import { rulesOfFiling } from '../policy/rules-in-force';
import { materialLinks, type MaterialLink } from '../storage/material-links';
import { regionNamesOf, staffNamesFor } from './desk-names';

/** Whether the filing is the staff member's own: as applicant or agent, by openid or by verified person. */
/** The machine's event for a desk action (reject and return always carry a reason, maybe empty). */
function eventOf(event: 'claim' | 'release' | 'approve' | 'reject' | 'return', reason?: string): FilingEvent {
  if (event === 'reject' || event === 'return') return { type: event, reason: reason ?? '' };
  if (event === 'approve') return reason ? { type: event, reason } : { type: event };
  return { type: event };
}

export function isOwnCase(staff: StaffRecord, selfHash: string | undefined, filing: FilingRecord): boolean {
  if (filing.applicantOpenid === staff.id) return true;
  return selfHash !== undefined && (filing.personHash === selfHash || filing.agentPersonHash === selfHash);
}

export function reviewService(ctx: FilingContext) {
  const { repo, cipher, runtime } = ctx;
  const today = () => chinaToday(runtime.clock.now());

  /**
   * Nobody decides their own case, and only verified staff decide at all: refused with
   * AUTH.OWN_CASE / AUTH.NOT_VERIFIED (the kernel logs every refusal with its code).
   */
  async function mayAct(staff: StaffRecord, filing: FilingRecord): Promise<Result<true>> {
    if (filing.applicantOpenid === staff.id) return fail('AUTH.OWN_CASE');
    const selfHash = await selfHashOfStaff(ctx, staff);
    if (!selfHash) return fail('AUTH.NOT_VERIFIED');
    if (isOwnCase(staff, selfHash, filing)) return fail('AUTH.OWN_CASE');
    return ok(true);
  }

  async function coveredFiling(staff: StaffRecord, id: string): Promise<Result<FilingRecord>> {
    const filing = await repo.get<FilingRecord>(Collections.filings, id);
    // Another region's filing answers exactly like a missing one: its existence is not theirs to learn.
    if (!filing || !covers(staff, filing.insuredRegion)) return fail('FILING.NOT_FOUND');
    return ok(await expireIfDue(ctx, filing));
  }

  /** Approving a change request supersedes the filing it changes, in the same batch. */
  async function supersedeOps(request: FilingRecord, at: string): Promise<Result<WriteOp[]>> {
    if (!request.changeOf) return ok([]);
    const original = await repo.get<FilingRecord>(Collections.filings, request.changeOf);
    if (!original) return fail('FILING.NOT_FOUND');
    const policy = (await rulesOfFiling(runtime, original)).values;
    const moved = transition({ ...original }, { type: 'supersede' }, { role: 'system', id: 'change-approval' }, { now: at, today: today() }, policy);
    if (!moved.ok) return fail(moved.code);
    const superseded: FilingRecord = { ...original, status: 'superseded', version: original.version + 1, supersededBy: request.id, updatedAt: at };
    // The lock of a long-term filing runs from its first approval: a new phone number does not restart it.
    if (original.approvedOn) request.approvedOn = original.approvedOn;
    const slot: ActiveSlotRecord = { id: slotOf(original), filingId: request.id };
    // Any other change request of the same base would change a filing no longer in force: closed too.
    const others = await closeOrphansOps(ctx, superseded, 'superseded', at, request.id);
    if (!others.ok) return others;
    return ok([
      { kind: 'update', collection: Collections.filings, doc: superseded, expectedVersion: original.version },
      eventOp(superseded, moved.record),
      { kind: 'put', collection: Collections.activeSlots, doc: slot },
      ...others.data,
    ]);
  }

  /**
   * A change request whose base is no longer in force (cancelled, expired, superseded — closed at
   * that moment, so this catches only what slipped past, e.g. data from before issue 14) is closed
   * now and refused with its own code, never a generic error.
   */
  async function baseGone(request: FilingRecord): Promise<boolean> {
    if (!request.changeOf) return false;
    // Already closed (e.g. opened from a queue page loaded before): the same words as closing it now.
    if (request.status === 'closed') return true;
    if (!['submitted', 'in_review', 'returned'].includes(request.status)) return false;
    const stored = await repo.get<FilingRecord>(Collections.filings, request.changeOf);
    // Expiring the base on read closes its change requests in the same commit.
    const base = stored ? await expireIfDue(ctx, stored) : undefined;
    if (baseInForce(base)) return false;
    const fresh = base?.status === 'expired' ? await repo.get<FilingRecord>(Collections.filings, request.id) : request;
    if (fresh && ['submitted', 'in_review', 'returned'].includes(fresh.status)) {
      const closing = await closeOps(ctx, fresh, closeReasonFor(base?.status), chinaTimestamp(runtime.clock.now()));
      if (closing.ok) {
        try {
          await repo.commit(closing.data);
          runtime.log.info('filing.orphan_closed', { filingId: fresh.id, baseId: request.changeOf, baseStatus: base?.status ?? 'missing' });
        } catch (error) {
          // Someone else moved it first; the next look closes it. The answer is the same.
          if (!(error instanceof WriteConflict)) throw error;
        }
      }
    }
    return true;
  }

  async function decide(openid: string | undefined, id: string, event: 'claim' | 'release' | 'approve' | 'reject' | 'return', reason?: string): Promise<Result<FilingSummary>> {
    const staff = await staffOf(ctx, openid);
    if (!staff.ok) return staff;
    const filing = await coveredFiling(staff.data, id);
    if (!filing.ok) return filing;
    const allowed = await mayAct(staff.data, filing.data);
    if (!allowed.ok) return allowed;
    if (await baseGone(filing.data)) return fail('FILING.BASE_GONE');
    const evt = eventOf(event, reason);
    const done = await applyTransition(ctx, id, evt, actorOf(staff.data), event === 'approve'
      ? ({ after }) => supersedeOps(after, after.updatedAt)
      : undefined, filing.data);
    if (!done.ok) {
      // Its base ended while this was being decided (the base's batch closed it): say so, not a generic refusal.
      if (filing.data.changeOf && (done.error.code === 'FILING.TRANSITION_NOT_ALLOWED' || done.error.code === 'FILING.VERSION_CONFLICT')) {
        const now = await repo.get<FilingRecord>(Collections.filings, id);
        if (now?.status === 'closed') return fail('FILING.BASE_GONE');
      }
      return done;
    }
    runtime.log.info('filing.decided', { filingId: id, decision: event, by: staff.data.id, status: done.data.status });
    return ok(toSummary(done.data));
  }

  return {
    /**
     * A short-lived link to one material of a filing the reviewer covers: storage lets only the
     * uploader read, so this is how staff see the proof. A file the filing does not use answers
     * as missing, whoever asks.
     */
    async materialLink(openid: string | undefined, id: string, fileId: string): Promise<Result<MaterialLink>> {
      const staff = await staffOf(ctx, openid);
      if (!staff.ok) return staff;
      const filing = await coveredFiling(staff.data, id);
      if (!filing.ok) return filing;
      const file = await repo.get<FileRecord>(Collections.files, fileId);
      if (!filing.data.fileIds.includes(fileId) || !file) return fail('STORAGE.FILE_NOT_FOUND');
      return ok(await materialLinks(runtime).linkFor(fileId));
    },

    async whoami(openid: string | undefined): Promise<Result<StaffView>> {
      const staff = await staffOf(ctx, openid);
      return staff.ok ? ok(staffView(staff.data, runtime.regions)) : staff;
    },

    async get(openid: string | undefined, id: string, revealIdNumber: boolean): Promise<Result<ReviewDetail>> {
      const staff = await staffOf(ctx, openid);
      if (!staff.ok) return staff;
      // The filing and its timeline in one read (issue 16); an expiry recorded now is read again.
      const found = await repo.filingWithTimeline(id);
      if (!found || !covers(staff.data, found.filing.insuredRegion)) return fail('FILING.NOT_FOUND');
      const f = await expireIfDue(ctx, found.filing);
      const audit = f === found.filing ? found.timeline : await repo.timeline(id);
      // Colleagues by name: one staff read, only when someone other than the caller acted.
      const actors = audit.filter((a) => a.actorRole === 'reviewer' || a.actorRole === 'admin').map((a) => a.actorId);
      const names = await staffNamesFor(repo, staff.data, [...actors, f.claimedBy]);
      const { personal, ...detail } = toDetail(f, audit, cipher, true, staffTimelineContext(f, runtime.regions, names));
      const view: ReviewDetail = {
        ...detail,
        applicantFullName: personal.applicant.name,
        phone: personal.applicant.phone,
        ...regionNamesOf(runtime.regions, f),
        overdue: f.reviewDeadline !== undefined && f.reviewDeadline < today() && (f.status === 'submitted' || f.status === 'in_review'),
      };
      if (f.claimedBy) {
        view.claimedBy = f.claimedBy;
        const claimer = names.get(f.claimedBy);
        if (claimer) view.claimedByName = claimer;
      }
      if (f.changeOf) {
        // The reviewer compares each changed field with the filing it changes, old → new.
        const base = await repo.get<FilingRecord>(Collections.filings, f.changeOf);
        if (base) view.changes = fieldChangesOf(base, f, cipher, runtime.regions);
      }
      if (personal.agent) {
        view.agent = { name: personal.agent.name, idNumberMasked: maskResidentId(personal.agent.idNumber), relationship: personal.agent.relationship };
        if (personal.agent.phone) view.agent.phone = personal.agent.phone;
      }
      if (revealIdNumber) {
        const allowed = await mayAct(staff.data, f);
        if (!allowed.ok) return allowed;
        // Seeing a full ID number is itself a recorded act (PIPL: access to sensitive data is logged).
        const access: AuditRecord = { id: sortableId(), filingId: id, event: 'pii_access', actorRole: staff.data.role, actorId: staff.data.id, at: chinaTimestamp(runtime.clock.now()), reason: '查看完整身份证号' };
        // The number goes on the row so the admin's log names the filing without reading it (issue 14).
        if (f.filingNo) access.filingNo = f.filingNo;
        await repo.commit([{ kind: 'create', collection: Collections.audit, doc: access }]);
        view.idNumber = personal.applicant.idNumber;
      }
      return ok(view);
    },

    /** What the resident would be told; refused exactly as the decision itself would be, and nothing is written. */
    async previewDecision(openid: string | undefined, id: string, decision: 'approve' | 'reject' | 'return', reason?: string): Promise<Result<DecisionPreview>> {
      const staff = await staffOf(ctx, openid);
      if (!staff.ok) return staff;
      const filing = await coveredFiling(staff.data, id);
      if (!filing.ok) return filing;
      const allowed = await mayAct(staff.data, filing.data);
      if (!allowed.ok) return allowed;
      return previewOf(ctx, filing.data, eventOf(decision, reason), actorOf(staff.data));
    },

    claim: (openid: string | undefined, id: string) => decide(openid, id, 'claim'),
    release: (openid: string | undefined, id: string) => decide(openid, id, 'release'),
    approve: (openid: string | undefined, id: string, reason?: string) => decide(openid, id, 'approve', reason),
    reject: (openid: string | undefined, id: string, reason: string) => decide(openid, id, 'reject', reason),
    returnForMore: (openid: string | undefined, id: string, reason: string) => decide(openid, id, 'return', reason),
  };
}
