import { randomBytes } from 'node:crypto';
import { fail, ok, type Result } from '../../core/errors/result';
import { maskName, maskResidentId } from '../../core/identity/mask';
import { FAMILY_RELATIONSHIP_LABELS, MAX_FAMILY_MEMBERS, type FamilyRelationship } from '../../core/identity/family-relationship';
import { chinaTimestamp } from '../../core/time/china-date';
import type { ConfirmedIdentity, FaceSessionView, FamilyMemberView, IdentityStatus, VerifiedPersonView } from '../../core/api/identity-api';
import { sortableId } from '../kernel/sortable-id';
import { WriteConflict, type WriteOp } from '../store/document-store';
import { Collections, type StaffRecord } from '../filing/filing-records';
import type { InboxRecord } from '../notification/notification-records';
import type { IdentityContext } from './identity-context';
import { FaceVerifierUnavailable, type FaceSessionRequest } from './face-verifier.port';
import { FACE_REFUSAL_HINTS } from './face-verdict';
import {
  IdentityCollections,
  type AccountRecord,
  type FamilyBinding,
  type IdentityAuditRecord,
  type IdentityEvent,
  type PersonBinding,
  type PersonRecord,
  type SessionPurpose,
  type SessionRecord,
  type VerifiedPerson,
} from './identity-records';

/** Who a filing's applicant is to the caller: the caller's verified self, or one of their verified relatives. */
export type ApplicantBinding =
  | { kind: 'self'; personHash: string }
  | { kind: 'family'; personHash: string; agent: VerifiedPerson & { relationship: string }; agentPersonHash: string };

export interface StartInput {
  name: string;
  idNumber: string;
  purpose: SessionPurpose;
  relationship?: FamilyRelationship;
}

const ATTEMPTS = 3;

function personView(binding: PersonBinding): VerifiedPersonView {
  return { nameMasked: binding.nameMasked, idNumberMasked: binding.idNumberMasked, verifiedAt: binding.verifiedAt };
}

function memberView(member: FamilyBinding): FamilyMemberView {
  return {
    ...personView(member),
    memberId: member.memberId,
    relationship: member.relationship,
    relationshipLabel: FAMILY_RELATIONSHIP_LABELS[member.relationship],
  };
}

export function statusOf(account: AccountRecord | undefined): IdentityStatus {
  const status: IdentityStatus = { verified: Boolean(account?.self), family: (account?.family ?? []).map(memberView) };
  if (account?.self) status.person = personView(account.self);
  return status;
}

/** out_seq_no: 5–32 of [A-Za-z0-9_-], unique per mini-program. */
function outSeqNo(): string {
  return `fv${randomBytes(12).toString('hex')}`;
}

/**
 * 实名 + 实人 (seed 000, step ①): a person proves name, ID number and live face before filing, for
 * themselves or for a relative present at the phone. A person is the verified self of one account
 * at a time; every bind, move, replacement and removal is audited in the batch that makes it.
 */
const services = new WeakMap<IdentityContext, ReturnType<typeof buildIdentityService>>();

/** One service per context: it holds nothing per call, and every submit asks it for the applicant. */
export function identityService(ctx: IdentityContext): ReturnType<typeof buildIdentityService> {
  let service = services.get(ctx);
  if (!service) {
    service = buildIdentityService(ctx);
    services.set(ctx, service);
  }
  return service;
}

function buildIdentityService(ctx: IdentityContext) {
  const { store, cipher, verifier, runtime } = ctx;
  const now = () => runtime.clock.now();

  const account = (openid: string) => store.get<AccountRecord>(IdentityCollections.accounts, openid);

  function bindingOf(person: VerifiedPerson, at: string): PersonBinding {
    return {
      personHash: cipher.lookupHash(person.idNumber),
      nameMasked: maskName(person.name),
      idNumberMasked: maskResidentId(person.idNumber),
      sealed: cipher.encrypt(person),
      personCheck: cipher.personCheck(person),
      verifiedAt: at,
    };
  }

  function audit(openid: string, event: IdentityEvent, personHash: string, at: string, extra: Partial<IdentityAuditRecord> = {}): WriteOp & { doc: IdentityAuditRecord } {
    const record: IdentityAuditRecord = { id: sortableId(), openid, event, personHash, at, ...extra };
    return { kind: 'create', collection: IdentityCollections.audit, doc: record };
  }

  /** A document written back: created when it did not exist, else updated on the version read. */
  function save<T extends { id: string; version: number }>(collection: string, before: T | undefined, after: T): WriteOp {
    return before
      ? { kind: 'update', collection, doc: { ...after, version: before.version + 1 }, expectedVersion: before.version }
      : { kind: 'create', collection, doc: { ...after, version: 1 } };
  }

  /**
   * A staff record keeps the person its account is verified as (`selfHash`, issue 16: the desk
   * then reads no identity per call), so every change of an account's self rewrites it in the
   * same batch; an account that is not staff costs one read here.
   */
  async function staffSelfOps(openid: string, selfHash: string | undefined): Promise<WriteOp[]> {
    const staff = await store.get<StaffRecord>(Collections.staff, openid);
    if (!staff || staff.selfHash === selfHash) return [];
    const { selfHash: _old, ...rest } = staff;
    const after: StaffRecord = selfHash ? { ...rest, selfHash } : rest;
    return [save(Collections.staff, staff, after)];
  }

  function movedNotice(toOpenid: string, binding: PersonBinding, sourceId: string, at: string): WriteOp {
    const notice: InboxRecord = {
      id: `identity:${sourceId}`,
      version: 1,
      recipientOpenid: toOpenid,
      audience: 'applicant',
      kind: 'identity_moved',
      title: '实名信息已转到其他微信账号',
      body: `${binding.nameMasked}（${binding.idNumberMasked}）已在另一个微信账号上刷脸完成实名认证，本账号不能再以这个身份办理备案。如果不是您本人操作，请联系参保地医保经办机构。`,
      page: '/pages/identity/index',
      sourceId,
      createdAt: at,
      read: false,
    };
    return { kind: 'create', collection: Collections.inbox, doc: notice };
  }

  /** The writes that make `person` the verified self of `openid`, taking it from any other account. */
  async function selfBindOps(openid: string, before: AccountRecord | undefined, person: VerifiedPerson, at: string): Promise<{ ops: WriteOp[]; after: AccountRecord }> {
    const binding = bindingOf(person, at);
    const hash = binding.personHash;
    const ops: WriteOp[] = [];
    const previous = before?.self;
    if (previous && previous.personHash !== hash) {
      // An account that verifies as someone else replaces its self; earlier filings keep their person.
      const freed = await store.get<PersonRecord>(IdentityCollections.persons, previous.personHash);
      if (freed?.selfOpenid === openid) {
        const { selfOpenid: _dropped, ...rest } = freed;
        ops.push(save(IdentityCollections.persons, freed, { ...rest, updatedAt: at }));
      }
      ops.push(audit(openid, 'self_replaced', hash, at, { previousPersonHash: previous.personHash }));
    } else {
      ops.push(audit(openid, previous ? 'self_reverified' : 'self_bound', hash, at));
    }
    const record = await store.get<PersonRecord>(IdentityCollections.persons, hash);
    const holder = record?.selfOpenid;
    if (holder && holder !== openid) {
      // The person's face was present here: the binding moves, and the old account is told.
      const old = await account(holder);
      if (old?.self?.personHash === hash) {
        const { self: _moved, ...rest } = old;
        ops.push(save(IdentityCollections.accounts, old, { ...rest, updatedAt: at }), ...(await staffSelfOps(holder, undefined)));
      }
      const moved = audit(holder, 'self_moved_out', hash, at, { otherOpenid: openid });
      ops.push(moved, audit(openid, 'self_moved_in', hash, at, { otherOpenid: holder }), movedNotice(holder, binding, moved.doc.id, at));
    }
    ops.push(save(IdentityCollections.persons, record, { id: hash, version: 0, selfOpenid: openid, updatedAt: at }));
    const after: AccountRecord = {
      id: openid,
      version: before?.version ?? 0,
      self: binding,
      // Nobody is their own relative: a member who becomes the self leaves the family list.
      family: (before?.family ?? []).filter((m) => m.personHash !== hash),
      updatedAt: at,
    };
    ops.push(save(IdentityCollections.accounts, before, after), ...(await staffSelfOps(openid, hash)));
    return { ops, after };
  }

  /** The writes that add (or re-verify) a family member of `openid`; refusals for a full list or oneself. */
  function familyBindOps(openid: string, before: AccountRecord | undefined, person: VerifiedPerson, relationship: FamilyRelationship, at: string): Result<{ ops: WriteOp[]; after: AccountRecord; memberId: string }> {
    if (!before?.self) return fail('IDENTITY.NOT_VERIFIED');
    const binding = bindingOf(person, at);
    if (binding.personHash === before.self.personHash) return fail('IDENTITY.FAMILY_IS_SELF', { idNumber: '这是您本人的身份证号' });
    const existing = before.family.find((m) => m.personHash === binding.personHash);
    if (!existing && before.family.length >= MAX_FAMILY_MEMBERS) return fail('IDENTITY.FAMILY_FULL', { relationship: `最多可添加${MAX_FAMILY_MEMBERS}位家庭成员` });
    const memberId = existing?.memberId ?? `fm${randomBytes(8).toString('hex')}`;
    const member: FamilyBinding = { ...binding, memberId, relationship };
    const family = existing ? before.family.map((m) => (m.memberId === memberId ? member : m)) : [...before.family, member];
    const after: AccountRecord = { ...before, family, updatedAt: at };
    return ok({
      ops: [save(IdentityCollections.accounts, before, after), audit(openid, existing ? 'family_reverified' : 'family_added', binding.personHash, at, { memberId })],
      after,
      memberId,
    });
  }

  /** Runs `attempt` again when a concurrent change to the same account or person lost it the race. */
  async function retried<T>(attempt: () => Promise<Result<T>>): Promise<Result<T>> {
    for (let i = 0; i < ATTEMPTS; i++) {
      try {
        return await attempt();
      } catch (error) {
        if (!(error instanceof WriteConflict)) throw error;
        runtime.log.info('identity.conflict', { collection: error.collection, attempt: i });
      }
    }
    return fail('FILING.VERSION_CONFLICT');
  }

  function confirmedView(session: SessionRecord, after: AccountRecord): Result<ConfirmedIdentity> {
    const member = session.memberId ? after.family.find((m) => m.memberId === session.memberId) : undefined;
    const binding = session.purpose === 'self' ? after.self : member;
    if (!binding) return fail('IDENTITY.SESSION_NOT_FOUND');
    const view: ConfirmedIdentity = { purpose: session.purpose, person: personView(binding), status: statusOf(after) };
    if (member) view.memberId = member.memberId;
    return ok(view);
  }

  function unavailable(error: unknown, requestId: string): Result<never> {
    if (!(error instanceof FaceVerifierUnavailable)) throw error;
    runtime.log.error('identity.verifier_unavailable', { requestId, errcode: error.errcode, message: error.message });
    return fail('IDENTITY.VERIFIER_UNAVAILABLE');
  }

  return {
    async status(openid: string): Promise<Result<IdentityStatus>> {
      return ok(statusOf(await account(openid)));
    },

    /** Opens a face check for this name and number, bound to the caller's openid; binds nothing yet. */
    async start(openid: string, input: StartInput, requestId: string): Promise<Result<FaceSessionView>> {
      const current = await account(openid);
      const person: VerifiedPerson = { name: input.name, idNumber: input.idNumber };
      if (input.purpose === 'family') {
        // Refused before the face check rather than after it: the relative's time counts too.
        const precheck = familyBindOps(openid, current, person, input.relationship ?? 'other_relative', chinaTimestamp(now()));
        if (!precheck.ok) return precheck;
      }
      const request: FaceSessionRequest = { openid, outSeqNo: outSeqNo(), name: person.name, idNumber: person.idNumber };
      let session;
      try {
        session = await verifier.start(request);
      } catch (error) {
        return unavailable(error, requestId);
      }
      const started = now();
      const expires = new Date(started.getTime() + session.expiresInSeconds * 1000);
      const record: SessionRecord = {
        id: session.verifyId,
        version: 1,
        openid,
        purpose: input.purpose,
        personHash: cipher.lookupHash(person.idNumber),
        sealed: cipher.encrypt(person),
        outSeqNo: request.outSeqNo,
        expiresAt: expires.toISOString(),
        state: 'open',
        createdAt: chinaTimestamp(started),
      };
      if (input.purpose === 'family' && input.relationship) record.relationship = input.relationship;
      await store.commit([{ kind: 'create', collection: IdentityCollections.sessions, doc: record }]);
      runtime.log.info('identity.started', { purpose: input.purpose, verifier: verifier.kind });
      return ok({ verifyId: session.verifyId, expiresAt: chinaTimestamp(expires) });
    },

    /** Asks the verifier for the outcome (never the phone) and binds on a pass, once per session. */
    async confirm(openid: string, verifyId: string, requestId: string): Promise<Result<ConfirmedIdentity>> {
      return retried(async () => {
        const session = await store.get<SessionRecord>(IdentityCollections.sessions, verifyId);
        if (!session || session.openid !== openid) {
          // Another account's session answers as a missing one: nothing to learn, nothing bound.
          runtime.log.info('identity.session_refused', { requestId, foreign: Boolean(session) });
          return fail('IDENTITY.SESSION_NOT_FOUND');
        }
        const current = await account(openid);
        // A confirm repeated after a lost answer gets the same answer, and binds nothing twice.
        if (session.state === 'passed' && current) return confirmedView(session, current);
        if (session.state === 'failed') return fail('IDENTITY.FACE_NOT_PASSED');
        const at = now();
        if (at.toISOString() > session.expiresAt) return fail('IDENTITY.SESSION_EXPIRED');
        const person = cipher.decrypt<VerifiedPerson>(session.sealed);
        let verdict;
        try {
          verdict = await verifier.verdict(verifyId, { openid, outSeqNo: session.outSeqNo, name: person.name, idNumber: person.idNumber });
        } catch (error) {
          return unavailable(error, requestId);
        }
        const stamp = chinaTimestamp(at);
        if (!verdict.passed) {
          const hint = FACE_REFUSAL_HINTS[verdict.refusal];
          // Not finished yet: the same session may still pass. Anything else closes it.
          if (verdict.refusal !== 'not_done') {
            const failed: SessionRecord = { ...session, state: 'failed', version: session.version + 1 };
            await store.commit([
              { kind: 'update', collection: IdentityCollections.sessions, doc: failed, expectedVersion: session.version },
              audit(openid, 'face_not_passed', session.personHash, stamp, { verifyId }),
            ]);
          }
          runtime.log.info('identity.face_not_passed', { requestId, refusal: verdict.refusal, verifyRet: verdict.verifyRet });
          return fail('IDENTITY.FACE_NOT_PASSED', { face: hint });
        }
        const bound = session.purpose === 'self'
          ? ok(await selfBindOps(openid, current, person, stamp))
          : familyBindOps(openid, current, person, session.relationship ?? 'other_relative', stamp);
        if (!bound.ok) return bound;
        const memberId = 'memberId' in bound.data ? String(bound.data.memberId) : undefined;
        const closed: SessionRecord = { ...session, state: 'passed', version: session.version + 1, ...(memberId ? { memberId } : {}) };
        await store.commit([
          { kind: 'update', collection: IdentityCollections.sessions, doc: closed, expectedVersion: session.version },
          ...bound.data.ops,
        ]);
        runtime.log.info('identity.bound', { requestId, purpose: session.purpose });
        return confirmedView(closed, bound.data.after);
      });
    },

    async familyRemove(openid: string, memberId: string): Promise<Result<IdentityStatus>> {
      return retried(async () => {
        const current = await account(openid);
        const member = current?.family.find((m) => m.memberId === memberId);
        if (!current || !member) return fail('IDENTITY.FAMILY_NOT_FOUND');
        const at = chinaTimestamp(now());
        const after: AccountRecord = { ...current, family: current.family.filter((m) => m.memberId !== memberId), updatedAt: at };
        await store.commit([save(IdentityCollections.accounts, current, after), audit(openid, 'family_removed', member.personHash, at, { memberId })]);
        return ok(statusOf(after));
      });
    },

    /** The caller's own binding in full, to fill the filing form; never another account's. */
    async applicant(openid: string, memberId: string | undefined): Promise<Result<VerifiedPerson>> {
      const current = await account(openid);
      if (!current?.self) return fail('IDENTITY.NOT_VERIFIED');
      const binding = memberId ? current.family.find((m) => m.memberId === memberId) : current.self;
      if (!binding) return fail('IDENTITY.FAMILY_NOT_FOUND');
      return ok(cipher.decrypt<VerifiedPerson>(binding.sealed));
    },

    /**
     * Whether the caller may file for this applicant: their verified self, or a verified relative
     * (then the caller is the agent). Only people bound to the caller are ever looked at further.
     */
    async applicantBinding(openid: string, applicant: VerifiedPerson): Promise<Result<ApplicantBinding>> {
      const current = await account(openid);
      if (!current?.self) return fail('IDENTITY.NOT_VERIFIED');
      // Each request pays one keyed hash (issue 16: the decrypt per submit cost ~5%); a binding
      // made before personCheck existed is compared the old way, by hash and decrypted name.
      const check = cipher.personCheck(applicant);
      let hash: string | undefined;
      const isApplicant = (binding: PersonBinding) => {
        if (binding.personCheck !== undefined) return binding.personCheck === check;
        hash ??= cipher.lookupHash(applicant.idNumber);
        return binding.personHash === hash && cipher.decrypt<VerifiedPerson>(binding.sealed).name === applicant.name;
      };
      if (isApplicant(current.self)) return ok({ kind: 'self', personHash: current.self.personHash });
      const member = current.family.find(isApplicant);
      if (member) {
        return ok({
          kind: 'family',
          personHash: member.personHash,
          agent: { ...cipher.decrypt<VerifiedPerson>(current.self.sealed), relationship: FAMILY_RELATIONSHIP_LABELS[member.relationship] },
          agentPersonHash: current.self.personHash,
        });
      }
      return fail('IDENTITY.APPLICANT_NOT_BOUND', { 'applicant.idNumber': '申请人需是您本人或已认证的家庭成员' });
    },

    /** How the caller chooses this person on the filing form: 'self', their memberId, or undefined when not bound. */
    async applicantKeyOf(openid: string, personHash: string): Promise<string | undefined> {
      const current = await account(openid);
      if (current?.self?.personHash === personHash) return 'self';
      return current?.family.find((m) => m.personHash === personHash)?.memberId;
    },

    /** The person an account is verified as (staff: to keep them off their own cases). */
    async selfHashOf(openid: string): Promise<string | undefined> {
      return (await account(openid))?.self?.personHash;
    },

    /**
     * Binds without a face check: the demo seed and test fixtures only, for people whose check is
     * taken as done. The records and audit rows are the ones `confirm` writes.
     */
    async seedVerified(openid: string, self: VerifiedPerson, family: readonly (VerifiedPerson & { relationship: FamilyRelationship })[] = []): Promise<void> {
      const result = await retried(async () => {
        const at = chinaTimestamp(now());
        let current = await account(openid);
        if (current?.self?.personHash !== cipher.lookupHash(self.idNumber)) {
          const bound = await selfBindOps(openid, current, self, at);
          await store.commit(bound.ops);
          current = await account(openid);
        }
        for (const member of family) {
          if (current?.family.some((m) => m.personHash === cipher.lookupHash(member.idNumber))) continue;
          const added = familyBindOps(openid, current, member, member.relationship, at);
          if (!added.ok) return added;
          await store.commit(added.data.ops);
          current = await account(openid);
        }
        return ok(undefined);
      });
      if (!result.ok) throw new Error(`seeding identity of ${openid} failed: ${result.error.code}`);
    },
  };
}
