import type { ConfirmedIdentity, FaceSessionView, IdentityStatus } from '../../core/api/identity-api';
import type { FilingDetail, FilingSummary, ListPage } from '../../core/api/filing-api';
import type { InboxItem } from '../../core/api/notification-api';
import type { QueueItem, ReviewDetail } from '../../core/api/review-api';
import { Collections } from '../../server/filing/filing-records';
import { IdentityCollections, type AccountRecord } from '../../server/identity/identity-records';
import { demoIdentity } from '../../server/demo/demo-identities';
import { expectCode, expectOk, startHarness, type Harness, type StoreKind } from '../support/filing-harness';
import { EXAMPLE_FILING, exampleFiling } from '../support/example-filing';
import { makeResidentId } from '../support/resident-ids';
import { simulateFace, verifyByFace } from '../support/identity-helpers';
import { itServedEveryQueryFromADeclaredIndex } from '../support/index-coverage';

/** 实名 + 实人 before filing, family members, and nobody deciding their own case — on both stores. */
describe.each<StoreKind>(['sqlite', 'cloudbase'])('identity on %s', (store) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(store);
  });
  afterEach(() => h.cleanup());

  const RESIDENT = 'demo-resident-1';
  const resident1 = demoIdentity(RESIDENT).self;
  const mother = demoIdentity(RESIDENT).family[0]!;
  const stranger = { name: '赵强', idNumber: makeResidentId('440305', '19700808', 151) };
  let keys = 0;
  const submit = (openid: string, filing: Record<string, unknown>) =>
    h.call<FilingSummary>('filing', openid, { action: 'submit', idempotencyKey: `id-${++keys}`, filing });
  const filingFor = (person: { name: string; idNumber: string }, over: Record<string, unknown> = {}) =>
    exampleFiling({ ...over, applicant: { ...EXAMPLE_FILING.applicant, ...person } });
  const rows = async () => Promise.all(Object.values(Collections).map((c) => h.ctx.repo.count(c)));
  const auditRows = () => h.ctx.repo.count(IdentityCollections.audit);

  it('verifies a fresh account through start, the face and confirm, and shows it masked', async () => {
    const before = expectOk(await h.call<IdentityStatus>('identity', 'o-fresh', { action: 'status' }));
    expect(before).toEqual({ verified: false, family: [] });
    const done = expectOk(await verifyByFace(h.call, h.runtime, 'o-fresh', stranger));
    expect(done.purpose).toBe('self');
    expect(done.person.nameMasked).toBe('赵*');
    expect(done.person.idNumberMasked).toBe(`${stranger.idNumber.slice(0, 6)}********${stranger.idNumber.slice(-4)}`);
    const after = expectOk(await h.call<IdentityStatus>('identity', 'o-fresh', { action: 'status' }));
    expect(after.verified).toBe(true);
    expect(JSON.stringify(after)).not.toContain(stranger.idNumber);
  });

  it('refuses a stranger\'s number without telling anything about it, and the real person then files normally', async () => {
    // The real person's filing exists: a stranger must not learn that from the refusal.
    const real = expectOk(await submit(RESIDENT, exampleFiling()));
    expectCode(await submit('o-unverified', exampleFiling()), 'IDENTITY.NOT_VERIFIED');
    expectOk(await verifyByFace(h.call, h.runtime, 'o-stranger', stranger));
    const countsBefore = await rows();
    const refused = await submit('o-stranger', exampleFiling({ treatmentRegion: '440100' }));
    expectCode(refused, 'IDENTITY.APPLICANT_NOT_BOUND');
    expectCode(await h.call('filing', 'o-stranger', { action: 'precheck', filing: exampleFiling() }), 'IDENTITY.APPLICANT_NOT_BOUND');
    // The right number with another name is not the verified person either.
    expectCode(await submit(RESIDENT, filingFor({ ...resident1, name: '张三' }, { treatmentRegion: '110100' })), 'IDENTITY.APPLICANT_NOT_BOUND');
    expect(await rows()).toEqual(countsBefore);
    // The stranger files for themselves; the real person's own history rules still apply to them.
    expectOk(await submit('o-stranger', filingFor(stranger)));
    expectCode(await submit(RESIDENT, exampleFiling({ treatmentRegion: '440100' })), 'FILING.DUPLICATE_ACTIVE');
    expectOk(await h.call('filing', RESIDENT, { action: 'withdraw', id: real.id }));
    expectOk(await submit(RESIDENT, exampleFiling({ treatmentRegion: '440100' })));
  });

  it('prechecks identity, input and history rules and writes nothing', async () => {
    const view = expectOk(await h.call<{ accepted: boolean }>('filing', RESIDENT, { action: 'precheck', filing: exampleFiling() }));
    expect(view.accepted).toBe(true);
    expectOk(await submit(RESIDENT, exampleFiling()));
    const countsBefore = await rows();
    expectCode(await h.call('filing', RESIDENT, { action: 'precheck', filing: exampleFiling({ treatmentRegion: '440100' }) }), 'FILING.DUPLICATE_ACTIVE');
    expectCode(await h.call('filing', RESIDENT, { action: 'precheck', filing: exampleFiling({ treatmentRegion: '320100' }) }), 'REGION.SAME_PROVINCE');
    expect(await rows()).toEqual(countsBefore);
  });

  it('files for a family member with the caller recorded as agent, whatever agent the phone sends', async () => {
    const forged = { name: '假代办', idNumber: stranger.idNumber, phone: '13900139000', relationship: '朋友' };
    const filed = expectOk(await submit(RESIDENT, filingFor(mother, { agent: forged })));
    expectOk(await h.call('review', 'demo-staff-suzhou', { action: 'claim', id: filed.id }));
    const seen = expectOk(await h.call<ReviewDetail>('review', 'demo-staff-suzhou', { action: 'get', id: filed.id }));
    expect(seen.applicantFullName).toBe(mother.name);
    expect(seen.agent).toEqual({ name: resident1.name, idNumberMasked: '110105********002X', relationship: '母亲' });
    expect(JSON.stringify(seen)).not.toContain('假代办');
    // The filing is the account's: it lists it and follows it.
    const mine = expectOk(await h.call<ListPage<FilingSummary>>('filing', RESIDENT, { action: 'list' }));
    expect(mine.items.map((f) => f.id)).toContain(filed.id);
    // In the resident's timeline the account holder acted as 代办人.
    const own = expectOk(await h.call<FilingDetail>('filing', RESIDENT, { action: 'get', id: filed.id }));
    expect(own.timeline.map((t) => t.actor)).toEqual(['代办人', '苏州市医保经办机构']);
  });

  it('adds, lists and removes family members, at most ten, never oneself', async () => {
    const status = expectOk(await h.call<IdentityStatus>('identity', RESIDENT, { action: 'status' }));
    expect(status.family.map((m) => [m.relationshipLabel, m.nameMasked])).toEqual([['母亲', '王*兰']]);
    expectCode(await h.call('identity', RESIDENT, { action: 'start', ...resident1, purpose: 'family', relationship: 'spouse' }), 'IDENTITY.FAMILY_IS_SELF');
    expectCode(await h.call('identity', RESIDENT, { action: 'start', ...stranger, purpose: 'family' }), 'REQUEST.INVALID');
    expectCode(await h.call('identity', 'o-nobody', { action: 'start', ...stranger, purpose: 'family', relationship: 'child' }), 'IDENTITY.NOT_VERIFIED');
    for (let i = 0; i < 9; i++) {
      expectOk(await verifyByFace(h.call, h.runtime, RESIDENT, { name: '张小明', idNumber: makeResidentId('110105', '20100101', 11 + 2 * i) }, 'grandchild'));
    }
    expectCode(await h.call('identity', RESIDENT, { action: 'start', ...stranger, purpose: 'family', relationship: 'child' }), 'IDENTITY.FAMILY_FULL');
    const full = expectOk(await h.call<IdentityStatus>('identity', RESIDENT, { action: 'status' }));
    expect(full.family).toHaveLength(10);
    const audited = await auditRows();
    const removed = expectOk(await h.call<IdentityStatus>('identity', RESIDENT, { action: 'familyRemove', memberId: full.family[0]!.memberId }));
    expect(await auditRows()).toBe(audited + 1);
    expect(removed.family).toHaveLength(9);
    expectCode(await h.call('identity', RESIDENT, { action: 'familyRemove', memberId: full.family[0]!.memberId }), 'IDENTITY.FAMILY_NOT_FOUND');
    // A removed relative can no longer be filed for.
    expectCode(await submit(RESIDENT, filingFor(mother)), 'IDENTITY.APPLICANT_NOT_BOUND');
  });

  it('checks the applicant against bindings made before they carried a person check, by hash and decrypted name', async () => {
    const account = (await h.ctx.repo.get<AccountRecord>(IdentityCollections.accounts, RESIDENT))!;
    expect(account.self?.personCheck).toEqual(expect.any(String));
    expect(JSON.stringify(account)).not.toContain(resident1.idNumber);
    const { personCheck: _self, ...self } = account.self!;
    const legacy: AccountRecord = { ...account, version: account.version + 1, self, family: account.family.map(({ personCheck: _member, ...member }) => member) };
    await h.ctx.repo.commit([{ kind: 'update', collection: IdentityCollections.accounts, doc: legacy, expectedVersion: account.version }]);
    expectCode(await submit(RESIDENT, filingFor({ ...resident1, name: '张三' })), 'IDENTITY.APPLICANT_NOT_BOUND');
    expectCode(await submit(RESIDENT, filingFor({ ...mother, name: '王兰' }, { treatmentRegion: '110100' })), 'IDENTITY.APPLICANT_NOT_BOUND');
    expect(expectOk(await submit(RESIDENT, exampleFiling())).status).toBe('submitted');
    const forMother = expectOk(await submit(RESIDENT, filingFor(mother, { treatmentRegion: '110100' })));
    expect(forMother.status).toBe('submitted');
  });

  it('binds nothing for a failed, unfinished, expired or foreign session', async () => {
    const start = async (openid: string) =>
      expectOk(await h.call<FaceSessionView>('identity', openid, { action: 'start', ...stranger, purpose: 'self' }));
    const countsBefore = await rows();

    const failed = await start('o-a');
    expect(expectOk(await simulateFace(h.runtime, failed.verifyId, 'fail')).outcome).toBe('fail');
    expectCode(await h.call('identity', 'o-a', { action: 'confirm', verifyId: failed.verifyId }), 'IDENTITY.FACE_NOT_PASSED');
    // The phone cannot turn a failed session into a pass afterwards.
    expectOk(await simulateFace(h.runtime, failed.verifyId, 'pass'));
    expectCode(await h.call('identity', 'o-a', { action: 'confirm', verifyId: failed.verifyId }), 'IDENTITY.FACE_NOT_PASSED');

    const unfinished = await start('o-b');
    const pending = await h.call('identity', 'o-b', { action: 'confirm', verifyId: unfinished.verifyId });
    expectCode(pending, 'IDENTITY.FACE_NOT_PASSED');

    const foreign = await start('o-c');
    await simulateFace(h.runtime, foreign.verifyId, 'pass');
    expectCode(await h.call('identity', 'o-d', { action: 'confirm', verifyId: foreign.verifyId }), 'IDENTITY.SESSION_NOT_FOUND');
    expectCode(await h.call('identity', 'o-d', { action: 'confirm', verifyId: 'local-face-0000' }), 'IDENTITY.SESSION_NOT_FOUND');

    const late = await start('o-e');
    await simulateFace(h.runtime, late.verifyId, 'pass');
    h.clock.advanceDays(1);
    expectCode(await h.call('identity', 'o-e', { action: 'confirm', verifyId: late.verifyId }), 'IDENTITY.SESSION_EXPIRED');

    for (const openid of ['o-a', 'o-b', 'o-c', 'o-d', 'o-e']) {
      expect(expectOk(await h.call<IdentityStatus>('identity', openid, { action: 'status' })).verified).toBe(false);
    }
    expect(await h.ctx.repo.count(IdentityCollections.accounts)).toBe(countsBefore[Object.values(Collections).indexOf(IdentityCollections.accounts)]);
  });

  it('binds a session once: a repeated confirm answers the same and writes nothing more', async () => {
    const session = expectOk(await h.call<FaceSessionView>('identity', 'o-c', { action: 'start', ...stranger, purpose: 'self' }));
    await simulateFace(h.runtime, session.verifyId, 'pass');
    const [a, b] = await Promise.all([
      h.call<ConfirmedIdentity>('identity', 'o-c', { action: 'confirm', verifyId: session.verifyId }),
      h.call<ConfirmedIdentity>('identity', 'o-c', { action: 'confirm', verifyId: session.verifyId }),
    ]);
    expect(expectOk(a).status).toEqual(expectOk(b).status);
    const audited = await auditRows();
    expect(expectOk(await h.call<ConfirmedIdentity>('identity', 'o-c', { action: 'confirm', verifyId: session.verifyId })).status.verified).toBe(true);
    expect(await auditRows()).toBe(audited);
  });

  it('moves a person verified on another account there and tells the old account in its inbox', async () => {
    const audited = await auditRows();
    expectOk(await verifyByFace(h.call, h.runtime, 'o-new-phone', resident1));
    // The new account's bind, the move in and the move out: each audited in the batch that made it.
    expect(await auditRows()).toBe(audited + 3);
    const old = expectOk(await h.call<IdentityStatus>('identity', RESIDENT, { action: 'status' }));
    expect(old.verified).toBe(false);
    // Family members stay with the account that verified them, but it cannot file without a self.
    expectCode(await submit(RESIDENT, exampleFiling()), 'IDENTITY.NOT_VERIFIED');
    expectOk(await submit('o-new-phone', exampleFiling()));
    const inbox = expectOk(await h.call<ListPage<InboxItem>>('notification', RESIDENT, { action: 'inbox' }));
    expect(inbox.items.map((m) => [m.kind, m.title])).toEqual([['identity_moved', '实名信息已转到其他微信账号']]);
    expect(inbox.items[0]!.body).toContain('张*英');
    expect(inbox.items[0]!.body).not.toContain(resident1.idNumber);
    expect(expectOk(await h.call<{ unread: number }>('notification', RESIDENT, { action: 'unreadCount' })).unread).toBe(1);
  });

  it('replaces the self of an account that verifies as someone else; earlier filings keep their person', async () => {
    const earlier = expectOk(await submit(RESIDENT, exampleFiling()));
    expectOk(await verifyByFace(h.call, h.runtime, RESIDENT, stranger));
    const now = expectOk(await h.call<IdentityStatus>('identity', RESIDENT, { action: 'status' }));
    expect(now.person?.nameMasked).toBe('赵*');
    expectCode(await submit(RESIDENT, exampleFiling({ treatmentRegion: '110100' })), 'IDENTITY.APPLICANT_NOT_BOUND');
    const kept = expectOk(await h.call<ReviewDetail>('review', 'demo-staff-suzhou', { action: 'get', id: earlier.id }));
    expect(kept.applicantFullName).toBe(resident1.name);
    // The person freed by the replacement can verify on another account with no move notice.
    expectOk(await verifyByFace(h.call, h.runtime, 'o-other', resident1));
    const inbox = expectOk(await h.call<ListPage<InboxItem>>('notification', RESIDENT, { action: 'inbox' }));
    expect(inbox.items.filter((m) => m.kind === 'identity_moved')).toEqual([]);
  });

  it('keeps reviewers off their own cases, by openid and by verified person, and unverified staff off all', async () => {
    const suzhou = demoIdentity('demo-staff-suzhou').self;
    // The reviewer files for herself from her own account …
    const own = expectOk(await submit('demo-staff-suzhou', filingFor(suzhou)));
    // … and her person is also filed for by a relative's account that verified her as family.
    expectOk(await verifyByFace(h.call, h.runtime, 'o-husband', stranger));
    expectOk(await verifyByFace(h.call, h.runtime, 'o-husband', suzhou, 'spouse'));
    const byRelative = expectOk(await submit('o-husband', filingFor(suzhou, { type: 'other_temporary', residenceAddress: undefined, treatmentRegion: '110100' })));
    // And she files as agent for her mother: her own case too.
    const herMother = { name: '陈母', idNumber: makeResidentId('320508', '19550101', 24) };
    expectOk(await verifyByFace(h.call, h.runtime, 'demo-staff-suzhou', herMother, 'mother'));
    const asAgent = expectOk(await submit('demo-staff-suzhou', filingFor(herMother)));

    const queue = expectOk(await h.call<ListPage<QueueItem>>('review', 'demo-staff-suzhou', { action: 'queue' }));
    expect(queue.items.filter((f) => f.ownCase).map((f) => f.id).sort()).toEqual([own.id, byRelative.id, asAgent.id].sort());
    for (const id of [own.id, byRelative.id, asAgent.id]) {
      expectCode(await h.call('review', 'demo-staff-suzhou', { action: 'claim', id }), 'AUTH.OWN_CASE');
      expectCode(await h.call('review', 'demo-staff-suzhou', { action: 'get', id, revealIdNumber: true }), 'AUTH.OWN_CASE');
    }
    expect(h.logs.filter((l) => l.includes('"code":"AUTH.OWN_CASE"'))).toHaveLength(6);

    // A colleague may decide them, once verified.
    expectOk(await h.call('review', 'demo-admin', { action: 'staffAdd', openid: 'o-colleague', name: '吴审核', role: 'reviewer', regions: ['320500'] }));
    expectCode(await h.call('review', 'o-colleague', { action: 'claim', id: own.id }), 'AUTH.NOT_VERIFIED');
    expectOk(await verifyByFace(h.call, h.runtime, 'o-colleague', { name: '吴审核', idNumber: makeResidentId('320506', '19900101', 33) }));
    expect(expectOk(await h.call<FilingSummary>('review', 'o-colleague', { action: 'claim', id: own.id })).status).toBe('in_review');
    expect(expectOk(await h.call<FilingSummary>('review', 'o-colleague', { action: 'approve', id: own.id })).status).toBe('approved');
  });
});

itServedEveryQueryFromADeclaredIndex();
