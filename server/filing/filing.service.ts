import { createHash } from 'node:crypto';
import { sortableId } from '../kernel/sortable-id';
import { fail, ok, type Result } from '../../core/errors/result';
import { checkFiling } from '../../core/filing/check-filing';
import { checkHistory } from '../../core/filing/check-history';
import { transition, changeLockedUntil, type Actor } from '../../core/filing/status-machine';
import { cityOf, provinceOf } from '../../core/region/region-code';
import { renewalWindow } from '../../core/filing/renewal';
import { isContactChange } from '../../core/filing/change-rules';
import { ACTIVE_STATUSES } from '../../core/filing/filing-status';
import { maskName, maskResidentId } from '../../core/identity/mask';
import { chinaDateText, chinaTimestamp, chinaToday, type IsoDate } from '../../core/time/china-date';
import { lateFilingAdvice, type LateFilingAdvice } from '../../core/filing/late-filing';
import type { FilingInput, Proof } from '../../core/filing/filing-input.schema';
import type { FilingDetail, FilingPrefill, FilingSummary, ListPage, RenewalView } from '../../core/api/filing-api';
import type { FilingCheckView } from '../../core/api/policy-api';
import type { PolicyValues } from '../../core/policy/policy-values';
import { checkViewOf } from '../policy/check-view';
import { identityContextOf } from '../identity/identity-context';
import { identityService, type ApplicantBinding } from '../identity/identity.service';
import { WriteConflict, type WriteOp } from '../store/document-store';
import type { FilingContext } from './filing-context';
import {
  Collections,
  type ActiveSlotRecord,
  type AuditRecord,
  type DraftRecord,
  type FileRecord,
  type FilingPersonalData,
  type FilingRecord,
  type IdempotencyRecord,
} from './filing-records';
import { applyTransition, auditOf, eventOp, slotOf } from './apply-transition';
import { residentTimelineContext, toDetail, toSummary } from './filing-views';
import { expireIfDue } from './expiry';
import { closeOrphansOps } from './orphan-changes';
import { claimFilingNumber, FILING_NUMBER_DRAWS } from './filing-number';
import { newFilingId } from './filing-id';
import { rulesInForce, rulesOfFiling, type RulesInForce } from '../policy/rules-in-force';

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

/** Key order must not change the hash of "the same request". */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The agent is whoever is bound to the applicant as family: agent fields sent by the phone are ignored. */
function personalOf(input: FilingInput, who: ApplicantBinding): FilingPersonalData {
  const p: FilingPersonalData = { applicant: input.applicant };
  if (who.kind === 'family') p.agent = { name: who.agent.name, idNumber: who.agent.idNumber, relationship: who.agent.relationship };
  if (input.residenceAddress) p.residenceAddress = input.residenceAddress;
  if (input.hospital) p.hospital = input.hospital;
  if (input.diagnosis) p.diagnosis = input.diagnosis;
  if (input.admissionDate) p.admissionDate = input.admissionDate;
  if (input.memo) p.memo = input.memo;
  return p;
}

/** Materials may only be the caller's own uploads; attaching them lets the reviewers read them. */
async function attachMaterials(ctx: FilingContext, openid: string, proof: Proof, filingId: string): Promise<Result<WriteOp[]>> {
  if (proof.kind !== 'documents') return ok([]);
  const ops: WriteOp[] = [];
  for (const fileId of new Set(proof.fileIds)) {
    const file = await ctx.repo.get<FileRecord>(Collections.files, fileId);
    if (!file || file.uploaderOpenid !== openid) return fail('FILING.MATERIAL_NOT_YOURS', { 'proof.fileIds': '只能使用您本人上传的材料' });
    const attached: FileRecord = { ...file, version: file.version + 1, filingIds: [...new Set([...file.filingIds, filingId])] };
    ops.push({ kind: 'update', collection: Collections.files, doc: attached, expectedVersion: file.version });
  }
  return ok(ops);
}

/** What a submission was judged by, when every rule let it through. */
interface Judged {
  who: ApplicantBinding;
  policy: PolicyValues;
  /** The version in force today and the record-keeping that goes with it (policyBasis, deadline). */
  rules: RulesInForce;
  filing: FilingInput & { endDate?: string };
  today: string;
  treatmentProvince: string;
}

const services = new WeakMap<FilingContext, ReturnType<typeof buildFilingService>>();

/** One service per context: it holds nothing per call, and building its closures on every request cost ~5% of a submit. */
export function filingService(ctx: FilingContext): ReturnType<typeof buildFilingService> {
  let service = services.get(ctx);
  if (!service) {
    service = buildFilingService(ctx);
    services.set(ctx, service);
  }
  return service;
}

function buildFilingService(ctx: FilingContext) {
  const { repo, cipher, runtime } = ctx;
  const now = () => runtime.clock.now();
  const identity = identityService(identityContextOf(runtime));

  /**
   * Every rule a submission must pass, writing nothing: the applicant is the caller's verified
   * self or relative (so nothing below ever concerns a stranger's ID number), the input rules of
   * the insured region's policy, then the person's history (duplicates, locks).
   */
  async function judge(openid: string, input: FilingInput, renewalOf?: string): Promise<Result<Judged>> {
    const who = await identity.applicantBinding(openid, input.applicant);
    if (!who.ok) return who;
    const { agent: _ignored, ...filing } = input;
    const today = chinaToday(now());
    const rules = await rulesInForce(runtime, filing.insuredRegion, today);
    const policy = rules.values;
    const checked = checkFiling(filing, { policy, today, regionExists: (c) => runtime.regions.exists(c) });
    if (!checked.ok) return { ok: false, error: checked.error };
    const treatmentProvince = provinceOf(filing.treatmentRegion);
    const past = await repo.listByPerson(who.data.personHash);
    const facts = { type: filing.type, treatmentProvince, proofKind: filing.proof.kind, ...(renewalOf ? { renewalOf, startDate: filing.startDate } : {}) };
    const historyError = checkHistory(facts, past, policy, today);
    if (historyError) return { ok: false, error: historyError };
    return ok({ who: who.data, policy, rules, filing: checked.filing, today, treatmentProvince });
  }

  const resident = (openid: string): Actor => ({ role: 'resident', id: openid });

  async function ownFiling(openid: string, id: string): Promise<Result<FilingRecord>> {
    const filing = await repo.get<FilingRecord>(Collections.filings, id);
    // Another person's filing is "not found": its existence is not the caller's business.
    if (!filing || filing.applicantOpenid !== openid) return fail('FILING.NOT_FOUND');
    return ok(await expireIfDue(ctx, filing));
  }

  async function replayed(idem: IdempotencyRecord, requestHash: string): Promise<Result<FilingSummary>> {
    if (idem.requestHash !== requestHash) return fail('IDEMPOTENCY.KEY_REUSED');
    const filing = await repo.get<FilingRecord>(Collections.filings, idem.filingId);
    if (!filing) return fail('SYSTEM.INTERNAL');
    return ok(toSummary(filing));
  }

  /** Files `input` once per key; a renewal also marks the filing it continues, in the same batch. */
  async function submit(openid: string, idempotencyKey: string, input: FilingInput, renewed?: FilingRecord, attempt = 0): Promise<Result<FilingSummary>> {
    const idemId = sha256(`${openid}\u0000${idempotencyKey}`);
    const requestHash = sha256(stableJson(input));
    /**
     * No read of the key up front (issue 16: one round trip fewer on every first submit): the
     * batch creates the key first, so a replay that passes the rules loses on that create and is
     * answered below; a replay the rules now refuse (its own filing holds the slot) reads the key here.
     */
    const unlessReplayed = async <T>(refused: Result<T>): Promise<Result<FilingSummary> | Result<T>> => {
      const previous = await repo.get<IdempotencyRecord>(Collections.idempotency, idemId);
      return previous ? replayed(previous, requestHash) : refused;
    };

    const judged = await judge(openid, input, renewed?.id);
    if (!judged.ok) return unlessReplayed(judged) as Promise<Result<FilingSummary>>;
    const { who, policy, rules, today, treatmentProvince } = judged.data;
    const at = chinaTimestamp(now());
    const personHash = who.personHash;

    const id = newFilingId();
    const materials = await attachMaterials(ctx, openid, input.proof, id);
    if (!materials.ok) return unlessReplayed(materials) as Promise<Result<FilingSummary>>;
    const number = claimFilingNumber(today, id);

    const draft: FilingRecord = {
      id,
      version: 1,
      filingNo: number.filingNo,
      applicantOpenid: openid,
      personHash,
      type: input.type,
      status: 'draft',
      insuranceType: input.insuranceType,
      insuredRegion: input.insuredRegion,
      insuredCity: cityOf(input.insuredRegion),
      insuredProvince: provinceOf(input.insuredRegion),
      treatmentRegion: input.treatmentRegion,
      treatmentProvince,
      startDate: input.startDate,
      proofKind: input.proof.kind,
      fileIds: input.proof.kind === 'documents' ? input.proof.fileIds : [],
      pii: cipher.encrypt(personalOf(input, who)),
      applicantNameMasked: maskName(input.applicant.name),
      idNumberMasked: maskResidentId(input.applicant.idNumber),
      submittedAt: at,
      ...rules.judgedUnder(input.type, input.proof.kind),
      updatedAt: at,
    };
    if (judged.data.filing.endDate) draft.endDate = judged.data.filing.endDate;
    if (who.kind === 'family') draft.agentPersonHash = who.agentPersonHash;
    if (renewed) draft.renewalOf = renewed.id;

    const clock = { now: at, today };
    const submitted = transition({ ...draft, applicantOpenid: openid }, { type: 'submit' }, resident(openid), clock, policy);
    if (!submitted.ok) return fail(submitted.code);
    let record = { ...draft, status: submitted.next.status };
    const writes: WriteOp[] = [eventOp(record, submitted.record)];
    if (policy['review.instantApprovalByCommitment'] && input.proof.kind === 'commitment') {
      const approved = transition({ ...record, applicantOpenid: openid }, { type: 'approveInstantly' }, { role: 'system', id: 'instant-approval' }, clock, policy);
      if (approved.ok) {
        record = { ...record, status: 'approved', approvedOn: today, decidedAt: at };
        delete record.reviewDeadline;
        writes.push(eventOp(record, approved.record));
      }
    }
    const slot: ActiveSlotRecord = { id: slotOf(record), filingId: id };
    const idem: IdempotencyRecord = { id: idemId, callerOpenid: openid, requestHash, filingId: id, createdAt: at };
    if (renewed) writes.push(...renewalNoteOps(renewed, record, at));
    try {
      await repo.commit([
        { kind: 'create', collection: Collections.idempotency, doc: idem },
        { kind: 'create', collection: Collections.filings, doc: record },
        { kind: 'create', collection: Collections.activeSlots, doc: slot },
        number.op,
        ...writes,
        ...materials.data,
        { kind: 'delete', collection: Collections.drafts, id: openid },
      ]);
    } catch (error) {
      if (!(error instanceof WriteConflict)) throw error;
      if (error.collection === Collections.idempotency) {
        const winner = await repo.get<IdempotencyRecord>(Collections.idempotency, idemId);
        if (winner) return replayed(winner, requestHash);
      }
      if (error.collection === Collections.activeSlots) {
        if (renewed) return fail('FILING.ALREADY_RENEWED');
        return fail('FILING.DUPLICATE_ACTIVE', { treatmentRegion: '该就医省份已有有效或正在办理的备案' });
      }
      // Someone drew the same number today: file again under another one.
      if (error.collection === Collections.filingNumbers) {
        return attempt + 1 < FILING_NUMBER_DRAWS ? submit(openid, idempotencyKey, input, renewed, attempt + 1) : fail('SYSTEM.INTERNAL');
      }
      if (attempt < 2) {
        const fresh = renewed ? await repo.get<FilingRecord>(Collections.filings, renewed.id) : undefined;
        return submit(openid, idempotencyKey, input, fresh, attempt + 1);
      }
      return fail('FILING.VERSION_CONFLICT');
    }
    runtime.log.info('filing.submitted', { filingId: id, status: record.status, insuredRegion: record.insuredRegion });
    return ok(toSummary(record));
  }

  /** The filing a renewal continues records it, with a timeline note, in the renewal's batch. */
  function renewalNoteOps(renewed: FilingRecord, renewal: FilingRecord, at: string): WriteOp[] {
    const marked: FilingRecord = { ...renewed, renewedBy: renewal.id, version: renewed.version + 1, updatedAt: at };
    const note: AuditRecord = {
      id: sortableId(), filingId: renewed.id, event: 'renewal_requested', actorRole: 'resident', actorId: renewal.applicantOpenid, at,
      reason: `已申请续期，新备案编号 ${renewal.filingNo ?? ''}，自${chinaDateText(renewal.startDate)}起`,
    };
    return [
      { kind: 'update', collection: Collections.filings, doc: marked, expectedVersion: renewed.version },
      { kind: 'create', collection: Collections.audit, doc: note },
    ];
  }

  /** The renewal filed for `f` that is still active (a withdrawn or refused one lets the resident renew again). */
  async function activeRenewal(f: FilingRecord): Promise<FilingRecord | undefined> {
    if (!f.renewedBy) return undefined;
    const renewal = await repo.get<FilingRecord>(Collections.filings, f.renewedBy);
    return renewal && ACTIVE_STATUSES.includes(renewal.status) ? renewal : undefined;
  }

  async function renewalView(f: FilingRecord, policy: PolicyValues): Promise<RenewalView | undefined> {
    const window = renewalWindow(f, policy);
    if (!window) return undefined;
    const renewal = await activeRenewal(f);
    return renewal ? { ...window, renewedBy: { id: renewal.id, ...(renewal.filingNo ? { filingNo: renewal.filingNo } : {}) } } : window;
  }

  /** The same filing again, from the day after it ends: the tap on 续期 re-confirms its proof. */
  function renewalInput(f: FilingRecord, startDate: string): FilingInput {
    const personal = cipher.decrypt<FilingPersonalData>(f.pii);
    const input: FilingInput = {
      type: f.type,
      applicant: personal.applicant,
      insuredRegion: f.insuredRegion,
      insuranceType: f.insuranceType,
      treatmentRegion: f.treatmentRegion,
      startDate,
      proof: f.proofKind === 'commitment' ? { kind: 'commitment', accepted: true } : { kind: 'documents', fileIds: f.fileIds },
    };
    if (personal.hospital) input.hospital = personal.hospital;
    if (personal.diagnosis) input.diagnosis = personal.diagnosis;
    if (personal.residenceAddress) input.residenceAddress = personal.residenceAddress;
    return input;
  }

  /** [省, 市] names for the region picker. */
  function pickerNames(code: string): string[] {
    const province = runtime.regions.get(provinceOf(code))?.name ?? '';
    const city = runtime.regions.get(cityOf(code))?.name ?? '';
    return [province, city].filter((name) => name !== '');
  }

  /** A locked long-term filing says until when, so the refusal gives the date the action opens. */
  function lockedUntilOf(f: FilingRecord, openid: string, policy: PolicyValues, today: string): string | undefined {
    if (f.status !== 'approved') return undefined;
    const until = changeLockedUntil({ ...f, applicantOpenid: openid }, policy);
    return until && today < until ? until : undefined;
  }

  function lockedRefusal<T>(until: string, what: string): Result<T> {
    const opens = chinaDateText(until);
    return fail('FILING.CHANGE_LOCKED', { id: `${opens}起可以${what}` }, `长期备案办理后一段时间内不能${what}，${opens}起可以办理`);
  }

  /** Files a change request under a newly drawn number; undefined when someone drew that number first. */
  async function requestChange(
    openid: string,
    original: FilingRecord,
    { pii, at, today, policy, requestRules }: { pii: string; at: string; today: IsoDate; policy: PolicyValues; requestRules: RulesInForce },
  ): Promise<Result<FilingRecord> | undefined> {
    const id = original.id;
    const newId = newFilingId();
    const number = claimFilingNumber(today, newId);
    const request: FilingRecord = {
      ...original,
      id: newId,
      version: 1,
      filingNo: number.filingNo,
      status: 'draft',
      pii,
      submittedAt: at,
      updatedAt: at,
      ...requestRules.judgedUnder(original.type, original.proofKind),
      changeOf: id,
    };
    delete request.claimedBy;
    delete request.approvedOn;
    delete request.decidedAt;
    delete request.decision;
    delete request.decidedBy;
    const submitted = transition({ ...request }, { type: 'submit', }, resident(openid), { now: at, today }, policy);
    if (!submitted.ok) return fail(submitted.code);
    const stored = { ...request, status: submitted.next.status };
    const requested: AuditRecord = { id: sortableId(), filingId: id, event: 'change_requested', actorRole: 'resident', actorId: openid, at, reason: `已提交变更申请，编号 ${number.filingNo}` };
    try {
      await repo.commit([
        { kind: 'create', collection: Collections.filings, doc: stored },
        number.op,
        eventOp(stored, submitted.record, auditOf(newId, { ...submitted.record, reason: '变更申请' })),
        { kind: 'create', collection: Collections.audit, doc: requested },
      ]);
    } catch (error) {
      if (error instanceof WriteConflict && error.collection === Collections.filingNumbers) return undefined;
      throw error;
    }
    return ok(stored);
  }

  return {
    submit: (openid: string, idempotencyKey: string, input: FilingInput) => submit(openid, idempotencyKey, input),

    /** `submit`'s every rule (identity, input, history) for this caller, answered without storing anything. */
    async precheck(openid: string, input: FilingInput): Promise<Result<FilingCheckView>> {
      const judged = await judge(openid, input);
      if (!judged.ok) return judged;
      return ok(checkViewOf(judged.data.policy, judged.data.filing));
    },

    async saveDraft(openid: string, form: Record<string, unknown>): Promise<Result<{ savedAt: string }>> {
      const savedAt = chinaTimestamp(now());
      const draft: DraftRecord = { id: openid, version: 1, sealed: cipher.encrypt(form), updatedAt: savedAt };
      await repo.commit([{ kind: 'put', collection: Collections.drafts, doc: draft }]);
      return ok({ savedAt });
    },

    async getDraft(openid: string): Promise<Result<{ draft: Record<string, unknown> | null; savedAt?: string }>> {
      const draft = await repo.get<DraftRecord>(Collections.drafts, openid);
      if (!draft) return ok({ draft: null });
      return ok({ draft: cipher.decrypt<Record<string, unknown>>(draft.sealed), savedAt: draft.updatedAt });
    },

    async list(openid: string, cursor: string | undefined, limit = 20): Promise<Result<ListPage<FilingSummary>>> {
      const page = await repo.listByApplicant(openid, cursor, limit);
      const items: FilingSummary[] = [];
      for (const f of page.items) items.push(toSummary(await expireIfDue(ctx, f)));
      return ok(page.nextCursor ? { items, nextCursor: page.nextCursor } : { items });
    },

    async get(openid: string, id: string): Promise<Result<FilingDetail>> {
      // The filing and its timeline in one read (issue 16); an expiry recorded now is read again.
      const found = await repo.filingWithTimeline(id);
      if (!found || found.filing.applicantOpenid !== openid) return fail('FILING.NOT_FOUND');
      const f = await expireIfDue(ctx, found.filing);
      const timeline = f === found.filing ? found.timeline : await repo.timeline(id);
      const { personal: _personal, ...detail } = toDetail(f, timeline, cipher, false, residentTimelineContext(f, runtime.regions));
      const policy = (await rulesOfFiling(runtime, f)).values;
      const lockedUntil = lockedUntilOf(f, openid, policy, chinaToday(now()));
      if (lockedUntil) detail.lockedUntil = lockedUntil;
      const renewal = await renewalView(f, policy);
      if (renewal) detail.renewal = renewal;
      return ok(detail);
    },

    async prefill(openid: string, id: string): Promise<Result<FilingPrefill>> {
      const own = await ownFiling(openid, id);
      if (!own.ok) return own;
      const f = own.data;
      const personal = cipher.decrypt<FilingPersonalData>(f.pii);
      const prefill: FilingPrefill = {
        type: f.type,
        applicantKey: (await identity.applicantKeyOf(openid, f.personHash)) ?? '',
        phone: personal.applicant.phone,
        insuranceType: f.insuranceType,
        insuredRegion: f.insuredRegion,
        insuredRegionNames: pickerNames(f.insuredRegion),
        treatmentRegion: f.treatmentRegion,
        treatmentRegionNames: pickerNames(f.treatmentRegion),
        proofKind: f.proofKind,
      };
      if (personal.residenceAddress) prefill.residenceAddress = personal.residenceAddress;
      if (personal.hospital) prefill.hospital = personal.hospital;
      if (personal.diagnosis) prefill.diagnosis = personal.diagnosis;
      return ok(prefill);
    },

    /** 续期 in one tap: the same filing from the day after it ends, once its renewal window has opened. */
    async renew(openid: string, id: string, idempotencyKey: string): Promise<Result<FilingSummary>> {
      const own = await ownFiling(openid, id);
      if (!own.ok) return own;
      const f = own.data;
      const policy = (await rulesOfFiling(runtime, f)).values;
      const window = renewalWindow(f, policy);
      if (!window) return fail('FILING.NOT_RENEWABLE', { id: '只有已办好、尚未到期的转诊或临时外出就医备案可以续期' });
      const input = renewalInput(f, window.startDate);
      // A repeated tap (same key) answers what the first one filed, even once the renewal is recorded.
      const previous = await repo.get<IdempotencyRecord>(Collections.idempotency, sha256(`${openid}\u0000${idempotencyKey}`));
      if (previous) return replayed(previous, sha256(stableJson(input)));
      if (await activeRenewal(f)) return fail('FILING.ALREADY_RENEWED');
      if (chinaToday(now()) < window.opensOn) {
        const opens = chinaDateText(window.opensOn);
        return fail('FILING.NOT_RENEWABLE', { id: `${opens}起可以续期` }, `到期前${policy['renewal.reminderDays']}天才能续期，${opens}起可以办理`);
      }
      return submit(openid, idempotencyKey, input, f);
    },

    async withdraw(openid: string, id: string, reason?: string): Promise<Result<FilingSummary>> {
      const own = await ownFiling(openid, id);
      if (!own.ok) return own;
      const done = await applyTransition(ctx, id, reason ? { type: 'withdraw', reason } : { type: 'withdraw' }, resident(openid), undefined, own.data);
      return done.ok ? ok(toSummary(done.data)) : done;
    },

    async cancel(openid: string, id: string, reason: string): Promise<Result<FilingSummary>> {
      const own = await ownFiling(openid, id);
      if (!own.ok) return own;
      const lockedUntil = lockedUntilOf(own.data, openid, (await rulesOfFiling(runtime, own.data)).values, chinaToday(now()));
      if (lockedUntil) return lockedRefusal(lockedUntil, '取消');
      // Its waiting change requests are closed in the same commit: nothing is left to change.
      const done = await applyTransition(ctx, id, { type: 'cancel', reason }, resident(openid), ({ after }) => closeOrphansOps(ctx, after, after.status, after.updatedAt), own.data);
      return done.ok ? ok(toSummary(done.data)) : done;
    },

    async supplement(openid: string, id: string, proof: Proof): Promise<Result<FilingSummary>> {
      const own = await ownFiling(openid, id);
      if (!own.ok) return own;
      const rules = await rulesOfFiling(runtime, own.data);
      const policy = rules.values;
      if (proof.kind === 'commitment' && !policy[`commitment.${own.data.type}`]) return fail('FILING.COMMITMENT_NOT_ALLOWED', { proof: '这种备案类型需要上传证明材料' });
      const done = await applyTransition(ctx, id, { type: 'supplement' }, resident(openid), async ({ after }) => {
        const materials = await attachMaterials(ctx, openid, proof, id);
        if (!materials.ok) return materials;
        after.proofKind = proof.kind;
        after.fileIds = proof.kind === 'documents' ? [...new Set([...after.fileIds, ...proof.fileIds])] : after.fileIds;
        Object.assign(after, rules.deadlineFrom(chinaToday(now())));
        return materials;
      }, own.data);
      return done.ok ? ok(toSummary(done.data)) : done;
    },

    async change(openid: string, id: string, changes: { phone?: string; residenceAddress?: string; hospital?: { code?: string; name: string } }): Promise<Result<FilingSummary>> {
      const own = await ownFiling(openid, id);
      if (!own.ok) return own;
      const original = own.data;
      // An approved version (the original or an earlier change) is the filing now: it may change again.
      if (original.status !== 'approved') return fail('FILING.TRANSITION_NOT_ALLOWED');
      const policy = (await rulesOfFiling(runtime, original)).values;
      const today = chinaToday(now());
      const requestRules = await rulesInForce(runtime, original.insuredRegion, today);
      const lockedUntil = lockedUntilOf(original, openid, policy, today);
      if (lockedUntil && !isContactChange(changes)) return lockedRefusal(lockedUntil, '变更');
      if (changes.hospital && original.type !== 'referral') return fail('REQUEST.INVALID', { 'changes.hospital': '只有转诊备案可以更换医院' });
      if (changes.residenceAddress && original.type !== 'retired_resettled' && original.type !== 'long_term_residence' && original.type !== 'stationed_work') {
        return fail('REQUEST.INVALID', { 'changes.residenceAddress': '临时备案没有居住地址' });
      }
      const pending = (await repo.listByPerson(original.personHash)).some((f) => f.changeOf === id && (f.status === 'submitted' || f.status === 'in_review' || f.status === 'returned'));
      if (pending) return fail('FILING.TRANSITION_NOT_ALLOWED', { id: '这条备案已有正在审核的变更申请' });

      const personal = cipher.decrypt<FilingPersonalData>(original.pii);
      if (changes.phone) personal.applicant.phone = changes.phone;
      if (changes.residenceAddress) personal.residenceAddress = changes.residenceAddress;
      if (changes.hospital) personal.hospital = changes.hospital;
      const at = chinaTimestamp(now());
      const pii = cipher.encrypt(personal);
      for (let draw = 0; draw < FILING_NUMBER_DRAWS; draw++) {
        const requested = await requestChange(openid, original, { pii, at, today, policy, requestRules });
        if (requested) return requested.ok ? ok(toSummary(requested.data)) : requested;
      }
      return fail('SYSTEM.INTERNAL');
    },

    lateFilingAdvice(settled: boolean): Result<LateFilingAdvice> {
      return ok(lateFilingAdvice({ settled }));
    },
  };
}
