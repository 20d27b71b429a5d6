import { sortableId } from '../kernel/sortable-id';
import { fail, ok, type Result } from '../../core/errors/result';
import { maskResidentId } from '../../core/identity/mask';
import { chinaTimestamp, chinaToday } from '../../core/time/china-date';
import { transition } from '../../core/filing/status-machine';
import type { FilingStatus } from '../../core/filing/filing-status';
import type { FilingSummary, ListPage } from '../../core/api/filing-api';
import type { QueueItem, ReviewDetail, StaffView } from '../../core/api/review-api';
import type { WriteOp } from '../store/document-store';
import type { FilingContext } from './filing-context';
import { Collections, type AuditRecord, type ActiveSlotRecord, type FileRecord, type FilingRecord, type StaffRecord } from './filing-records';
import { applyTransition, auditOf, outboxOf, slotOf } from './apply-transition';
import { staffTimelineContext, toDetail, toSummary } from './filing-views';
import { actorOf, commitKeepingAnAdmin, covers, staffOf } from './staff-directory';
import { expireIfDue } from './expiry';
import { rulesOfFiling } from '../policy/rules-in-force';
import { identityContextOf } from '../identity/identity-context';
import { identityService } from '../identity/identity.service';
import { materialLinks, type MaterialLink } from '../storage/material-links';
import { regionFullName, type RegionDirectory } from '../regions/region-directory';

function staffView(s: StaffRecord, regions: RegionDirectory): StaffView {
  return { openid: s.id, name: s.name, role: s.role, regions: s.regions, regionNames: s.regions.map((r) => regionFullName(regions, r)) };
}

/** Whether the filing is the staff member's own: as applicant or agent, by openid or by verified person. */
export function isOwnCase(staff: StaffRecord, selfHash: string | undefined, filing: FilingRecord): boolean {
  if (filing.applicantOpenid === staff.id) return true;
  return selfHash !== undefined && (filing.personHash === selfHash || filing.agentPersonHash === selfHash);
}

export function reviewService(ctx: FilingContext) {
  const { repo, cipher, runtime } = ctx;
  /** Both regions of a filing by name, as every staff view shows them. */
  const regionNamesOf = (f: FilingRecord) => ({
    insuredRegionName: regionFullName(runtime.regions, f.insuredRegion),
    treatmentRegionName: regionFullName(runtime.regions, f.treatmentRegion),
  });
  const today = () => chinaToday(runtime.clock.now());
  const identity = identityService(identityContextOf(runtime));

  /**
   * Nobody decides their own case, and only verified staff decide at all: refused with
   * AUTH.OWN_CASE / AUTH.NOT_VERIFIED (the kernel logs every refusal with its code).
   */
  async function mayAct(staff: StaffRecord, filing: FilingRecord): Promise<Result<true>> {
    if (filing.applicantOpenid === staff.id) return fail('AUTH.OWN_CASE');
    const selfHash = await identity.selfHashOf(staff.id);
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
    return ok([
      { kind: 'update', collection: Collections.filings, doc: superseded, expectedVersion: original.version },
      { kind: 'create', collection: Collections.audit, doc: auditOf(original.id, moved.record) },
      { kind: 'create', collection: Collections.outbox, doc: outboxOf(superseded, moved.record) },
      { kind: 'put', collection: Collections.activeSlots, doc: slot },
    ]);
  }

  async function decide(openid: string | undefined, id: string, event: 'claim' | 'release' | 'approve' | 'reject' | 'return', reason?: string): Promise<Result<FilingSummary>> {
    const staff = await staffOf(ctx, openid);
    if (!staff.ok) return staff;
    const filing = await coveredFiling(staff.data, id);
    if (!filing.ok) return filing;
    const allowed = await mayAct(staff.data, filing.data);
    if (!allowed.ok) return allowed;
    const evt = event === 'reject' || event === 'return'
      ? { type: event, reason: reason ?? '' }
      : event === 'approve' ? (reason ? { type: event, reason } : { type: event }) : { type: event };
    const done = await applyTransition(ctx, id, evt, actorOf(staff.data), event === 'approve'
      ? ({ after }) => supersedeOps(after, after.updatedAt)
      : undefined, filing.data);
    if (!done.ok) return done;
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

    async queue(openid: string | undefined, status: FilingStatus | undefined, cursor: string | undefined, limit = 20): Promise<Result<ListPage<QueueItem>>> {
      const staff = await staffOf(ctx, openid);
      if (!staff.ok) return staff;
      const page = await repo.queue({ scopes: staff.data.regions, limit, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) });
      const now = today();
      const selfHash = await identity.selfHashOf(staff.data.id);
      const items = page.items.map((f): QueueItem => {
        const item: QueueItem = {
          ...toSummary(f),
          ...regionNamesOf(f),
          overdue: f.reviewDeadline !== undefined && f.reviewDeadline < now,
        };
        if (f.claimedBy) item.claimedBy = f.claimedBy;
        if (isOwnCase(staff.data, selfHash, f)) item.ownCase = true;
        return item;
      });
      return ok(page.nextCursor ? { items, nextCursor: page.nextCursor } : { items });
    },

    async get(openid: string | undefined, id: string, revealIdNumber: boolean): Promise<Result<ReviewDetail>> {
      const staff = await staffOf(ctx, openid);
      if (!staff.ok) return staff;
      const filing = await coveredFiling(staff.data, id);
      if (!filing.ok) return filing;
      const f = filing.data;
      const audit = await repo.timeline(id);
      // Colleagues by name: one staff read, only when someone other than the caller acted.
      const names = new Map([[staff.data.id, staff.data.name]]);
      if (audit.some((a) => (a.actorRole === 'reviewer' || a.actorRole === 'admin') && !names.has(a.actorId)) || (f.claimedBy && !names.has(f.claimedBy))) {
        for (const s of await repo.listStaff()) names.set(s.id, s.name);
      }
      const { personal, ...detail } = toDetail(f, audit, cipher, true, staffTimelineContext(f, runtime.regions, names));
      const view: ReviewDetail = {
        ...detail,
        applicantFullName: personal.applicant.name,
        phone: personal.applicant.phone,
        ...regionNamesOf(f),
        overdue: f.reviewDeadline !== undefined && f.reviewDeadline < today() && (f.status === 'submitted' || f.status === 'in_review'),
      };
      if (f.claimedBy) {
        view.claimedBy = f.claimedBy;
        const claimer = names.get(f.claimedBy);
        if (claimer) view.claimedByName = claimer;
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
        await repo.commit([{ kind: 'create', collection: Collections.audit, doc: access }]);
        view.idNumber = personal.applicant.idNumber;
      }
      return ok(view);
    },

    claim: (openid: string | undefined, id: string) => decide(openid, id, 'claim'),
    release: (openid: string | undefined, id: string) => decide(openid, id, 'release'),
    approve: (openid: string | undefined, id: string, reason?: string) => decide(openid, id, 'approve', reason),
    reject: (openid: string | undefined, id: string, reason: string) => decide(openid, id, 'reject', reason),
    returnForMore: (openid: string | undefined, id: string, reason: string) => decide(openid, id, 'return', reason),

    async staffList(openid: string | undefined): Promise<Result<ListPage<StaffView>>> {
      const admin = await staffOf(ctx, openid);
      if (!admin.ok) return admin;
      if (admin.data.role !== 'admin') return fail('AUTH.FORBIDDEN');
      return ok({ items: (await repo.listStaff()).map((s) => staffView(s, runtime.regions)) });
    },

    async staffAdd(openid: string | undefined, input: { openid: string; name: string; role: 'reviewer' | 'admin'; regions: string[] }): Promise<Result<StaffView>> {
      const admin = await staffOf(ctx, openid);
      if (!admin.ok) return admin;
      if (admin.data.role !== 'admin') return fail('AUTH.FORBIDDEN');
      const unknown = input.regions.filter((r) => !runtime.regions.exists(r));
      if (unknown.length > 0) return fail('REGION.UNKNOWN', { regions: `没有这些地区：${unknown.join('、')}` });
      // The last admin can be neither removed nor demoted (here: saved again as a reviewer).
      const saved = await commitKeepingAnAdmin(ctx, input.openid, input.role === 'admin', (existing) => {
        const record: StaffRecord = { id: input.openid, version: (existing?.version ?? 0) + 1, name: input.name, role: input.role, regions: [...new Set(input.regions)], createdAt: existing?.createdAt ?? chinaTimestamp(runtime.clock.now()) };
        return { value: record, op: existing ? { kind: 'update', collection: Collections.staff, doc: record, expectedVersion: existing.version } : { kind: 'create', collection: Collections.staff, doc: record } };
      });
      if (!saved.ok) return saved;
      const record = saved.data;
      runtime.log.info('staff.saved', { by: admin.data.id, staff: record.id, role: record.role, regions: record.regions });
      return ok(staffView(record, runtime.regions));
    },

    async staffRemove(openid: string | undefined, target: string): Promise<Result<{ removed: true }>> {
      const admin = await staffOf(ctx, openid);
      if (!admin.ok) return admin;
      if (admin.data.role !== 'admin') return fail('AUTH.FORBIDDEN');
      if (target === admin.data.id) return fail('AUTH.FORBIDDEN', { openid: '不能删除自己的账号' });
      const removed = await commitKeepingAnAdmin(ctx, target, false, () => ({ value: true, op: { kind: 'delete', collection: Collections.staff, id: target } }));
      if (!removed.ok) return removed;
      runtime.log.info('staff.removed', { by: admin.data.id, staff: target });
      return ok({ removed: true });
    },
  };
}
