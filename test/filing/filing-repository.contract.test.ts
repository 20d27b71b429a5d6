import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteFilingRepository } from '../../server/filing/sqlite-filing-repository';
import { cloudbaseFilingRepository } from '../../server/filing/cloudbase-filing-repository';
import type { FilingRepository } from '../../server/filing/filing-repository.port';
import { Collections, type AuditRecord, type FilingRecord, type OutboxRecord, type StaffRecord } from '../../server/filing/filing-records';
import { WriteConflict } from '../../server/store/document-store';
import { createCloudbaseStandIn } from '../support/cloudbase-stand-in';
import { itServedEveryQueryFromADeclaredIndex } from '../support/index-coverage';

/**
 * One contract, two adapters: SQLite for real, CloudBase through the stand-in at its SDK
 * boundary (the SDK still builds every query, command and transaction request).
 */
function filing(id: string, over: Partial<FilingRecord> = {}): FilingRecord {
  return {
    id,
    version: 1,
    applicantOpenid: 'o-1',
    personHash: 'p-1',
    type: 'long_term_residence',
    status: 'submitted',
    insuranceType: 'employee',
    insuredRegion: '320505',
    insuredCity: '320500',
    insuredProvince: '320000',
    treatmentRegion: '440300',
    treatmentProvince: '440000',
    startDate: '2026-12-01',
    proofKind: 'commitment',
    fileIds: [],
    pii: 'sealed',
    applicantNameMasked: '张*',
    idNumberMasked: '110105********002X',
    submittedAt: `2026-11-26T10:00:0${id.slice(-1)}.000+08:00`,
    reviewDeadline: '2026-11-30',
    updatedAt: '2026-11-26T10:00:00.000+08:00',
    ...over,
  };
}

const adapters: [string, () => { repo: FilingRepository; cleanup(): void }][] = [
  ['sqlite', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'filing-contract-'));
    const repo = openSqliteFilingRepository(dir);
    return { repo, cleanup: () => { repo.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
  }],
  ['cloudbase', () => ({ repo: cloudbaseFilingRepository(createCloudbaseStandIn()), cleanup: () => undefined })],
];

describe.each(adapters)('FilingRepository contract: %s', (_name, make) => {
  let repo: FilingRepository;
  let cleanup: () => void;
  beforeEach(() => {
    ({ repo, cleanup } = make());
  });
  afterEach(() => cleanup());

  it('creates and reads a document by ID', async () => {
    await repo.commit([{ kind: 'create', collection: Collections.filings, doc: filing('f1') }]);
    expect(await repo.get<FilingRecord>(Collections.filings, 'f1')).toEqual(filing('f1'));
    expect(await repo.get(Collections.filings, 'nope')).toBeUndefined();
  });

  it('writes a batch all or nothing: a duplicate create fails the whole batch', async () => {
    await repo.commit([{ kind: 'create', collection: Collections.idempotency, doc: { id: 'k', filingId: 'f1' } as never }]);
    const batch = [
      { kind: 'create', collection: Collections.filings, doc: filing('f2') },
      { kind: 'create', collection: Collections.idempotency, doc: { id: 'k', filingId: 'f2' } as never },
    ] as const;
    await expect(repo.commit(batch)).rejects.toMatchObject({ reason: 'exists', collection: Collections.idempotency });
    await expect(repo.commit(batch)).rejects.toBeInstanceOf(WriteConflict);
    expect(await repo.get(Collections.filings, 'f2')).toBeUndefined();
    expect(await repo.count(Collections.filings)).toBe(0);
  });

  it('updates only from the version it read (optimistic concurrency)', async () => {
    await repo.commit([{ kind: 'create', collection: Collections.filings, doc: filing('f1') }]);
    const approved = filing('f1', { status: 'approved', version: 2 });
    await repo.commit([{ kind: 'update', collection: Collections.filings, doc: approved, expectedVersion: 1 }]);
    const stale = filing('f1', { status: 'rejected', version: 2 });
    const audit: AuditRecord = { id: 'a1', filingId: 'f1', event: 'reject', actorRole: 'reviewer', actorId: 's', at: 'x' };
    await expect(
      repo.commit([
        { kind: 'update', collection: Collections.filings, doc: stale, expectedVersion: 1 },
        { kind: 'create', collection: Collections.audit, doc: audit },
      ]),
    ).rejects.toMatchObject({ reason: 'version' });
    expect((await repo.get<FilingRecord>(Collections.filings, 'f1'))?.status).toBe('approved');
    expect(await repo.count(Collections.audit)).toBe(0);
    await expect(
      repo.commit([{ kind: 'update', collection: Collections.filings, doc: filing('ghost', { version: 2 }), expectedVersion: 1 }]),
    ).rejects.toMatchObject({ reason: 'missing' });
  });

  it('lets exactly one of two concurrent updates from the same version win', async () => {
    await repo.commit([{ kind: 'create', collection: Collections.filings, doc: filing('f1') }]);
    const outcomes = await Promise.allSettled(
      (['approved', 'rejected'] as const).map((status) =>
        repo.commit([{ kind: 'update', collection: Collections.filings, doc: filing('f1', { status, version: 2 }), expectedVersion: 1 }]),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const lost = outcomes.find((o) => o.status === 'rejected');
    expect(lost?.status === 'rejected' && lost.reason).toBeInstanceOf(WriteConflict);
    expect((await repo.get<FilingRecord>(Collections.filings, 'f1'))?.version).toBe(2);
  });

  it('puts and deletes', async () => {
    const staff: StaffRecord = { id: 's1', version: 1, name: '审核员', role: 'reviewer', regions: ['320500'], createdAt: 'x' };
    await repo.commit([{ kind: 'put', collection: Collections.staff, doc: staff }]);
    const moved: StaffRecord = { ...staff, regions: ['320000'] };
    await repo.commit([{ kind: 'put', collection: Collections.staff, doc: moved }]);
    expect((await repo.listStaff()).map((s) => s.regions)).toEqual([['320000']]);
    await repo.commit([{ kind: 'delete', collection: Collections.staff, id: 's1' }]);
    expect(await repo.listStaff()).toEqual([]);
  });

  it("lists an applicant's filings newest first, by cursor", async () => {
    for (const id of ['f1', 'f2', 'f3']) await repo.commit([{ kind: 'create', collection: Collections.filings, doc: filing(id) }]);
    await repo.commit([{ kind: 'create', collection: Collections.filings, doc: filing('f4', { applicantOpenid: 'o-2' }) }]);
    const first = await repo.listByApplicant('o-1', undefined, 2);
    expect(first.items.map((f) => f.id)).toEqual(['f3', 'f2']);
    const second = await repo.listByApplicant('o-1', first.nextCursor, 2);
    expect(second.items.map((f) => f.id)).toEqual(['f1']);
    expect(second.nextCursor).toBeUndefined();
    expect((await repo.listByPerson('p-1')).length).toBe(4);
  });

  it('serves the staff queue by region scope and deadline, never other regions', async () => {
    const docs = [
      filing('f1', { reviewDeadline: '2026-12-03' }),
      filing('f2', { reviewDeadline: '2026-12-01', status: 'in_review' }),
      filing('f3', { reviewDeadline: '2026-12-02', insuredRegion: '320102', insuredCity: '320100' }),
      filing('f4', { reviewDeadline: '2026-11-30', insuredRegion: '110105', insuredCity: '110100', insuredProvince: '110000' }),
      filing('f5', { reviewDeadline: '2026-11-29', status: 'approved' }),
    ];
    for (const doc of docs) await repo.commit([{ kind: 'create', collection: Collections.filings, doc }]);
    const city = await repo.queue({ scopes: ['320500'], limit: 10 });
    expect(city.items.map((f) => f.id)).toEqual(['f2', 'f1']);
    const province = await repo.queue({ scopes: ['320000'], limit: 2 });
    expect(province.items.map((f) => f.id)).toEqual(['f2', 'f3']);
    const rest = await repo.queue({ scopes: ['320000'], limit: 2, cursor: province.nextCursor! });
    expect(rest.items.map((f) => f.id)).toEqual(['f1']);
    expect((await repo.queue({ scopes: ['320000'], status: 'in_review', limit: 5 })).items.map((f) => f.id)).toEqual(['f2']);
    expect((await repo.queue({ scopes: ['110000', '320505'], limit: 5 })).items.map((f) => f.id)).toEqual(['f4', 'f2', 'f1']);
  });

  it('serves the review desk: claimed by me, decided newest first, counts, masked names, pending changes, the personal-data log', async () => {
    const docs = [
      filing('f1', { status: 'in_review', claimedBy: 's-1', reviewDeadline: '2026-12-03' }),
      filing('f2', { status: 'in_review', claimedBy: 's-1', reviewDeadline: '2026-12-01' }),
      filing('f3', { status: 'in_review', claimedBy: 's-2' }),
      filing('f4', { status: 'approved', claimedBy: 's-1', decision: 'approved', decidedAt: '2026-11-27T09:00:00.000+08:00' }),
      filing('f5', { status: 'rejected', claimedBy: 's-1', decision: 'rejected', decidedAt: '2026-11-28T09:00:00.000+08:00', insuredRegion: '320102', insuredCity: '320100' }),
      // Returned, then supplemented: back in the queue, so not 已办结 until decided again.
      filing('f6', { status: 'submitted', decision: 'returned', decidedAt: '2026-11-29T09:00:00.000+08:00' }),
      filing('f7', { status: 'returned', decision: 'returned', decidedAt: '2026-11-30T09:00:00.000+08:00', insuredRegion: '110105', insuredCity: '110100', insuredProvince: '110000' }),
      // Approved at once, never by staff: no decision.
      filing('f8', { status: 'approved', decidedAt: '2026-11-26T10:00:00.000+08:00', applicantNameMasked: '李*' }),
      filing('f9', { status: 'submitted', changeOf: 'f4', reviewDeadline: '2026-11-25' }),
    ];
    for (const doc of docs) await repo.commit([{ kind: 'create', collection: Collections.filings, doc }]);

    const mine = await repo.claimedBy('s-1', undefined, 1);
    expect(mine.items.map((f) => f.id)).toEqual(['f2']);
    expect((await repo.claimedBy('s-1', mine.nextCursor, 5)).items.map((f) => f.id)).toEqual(['f1']);
    expect(await repo.countClaimedBy('s-1')).toBe(2);

    const done = await repo.decided(['320000'], undefined, 1);
    expect(done.items.map((f) => f.id)).toEqual(['f5']);
    expect((await repo.decided(['320000'], done.nextCursor, 5)).items.map((f) => f.id)).toEqual(['f4']);
    expect((await repo.decided(['110000', '320505'], undefined, 5)).items.map((f) => f.id)).toEqual(['f7', 'f4']);
    // A province and its own city are one scope: nothing is counted twice.
    expect(await repo.countDecided(['320000', '320500'])).toBe(2);

    expect(await repo.countQueue({ scopes: ['320500'], statuses: ['submitted'] })).toBe(2);
    expect(await repo.countQueue({ scopes: ['320000', '320505'], statuses: ['submitted', 'in_review'] })).toBe(5);
    expect(await repo.countQueue({ scopes: ['320500'], statuses: ['submitted', 'in_review'], deadlineBefore: '2026-11-30' })).toBe(1);
    expect(await repo.countQueue({ scopes: ['440300'], statuses: ['submitted'] })).toBe(0);

    // Within the reviewer's scopes only: the Beijing f7 is not found from Jiangsu, nor Jiangsu's from Beijing.
    expect((await repo.byMaskedNameIn('张*', ['320000'], 10)).map((f) => f.id)).toEqual(['f9', 'f6', 'f5', 'f4', 'f3', 'f2', 'f1']);
    expect((await repo.byMaskedNameIn('张*', ['320500', '320505'], 2)).map((f) => f.id)).toEqual(['f9', 'f6']);
    expect((await repo.byMaskedNameIn('张*', ['320100'], 10)).map((f) => f.id)).toEqual(['f5']);
    expect((await repo.byMaskedNameIn('张*', ['110000', '320100'], 10)).map((f) => f.id)).toEqual(['f7', 'f5']);
    expect(await repo.byMaskedNameIn('李*', ['110000'], 10)).toEqual([]);
    expect((await repo.pendingChangesOf('f4')).map((f) => f.id)).toEqual(['f9']);
    expect(await repo.pendingChangesOf('f1')).toEqual([]);

    const audit = (id: string, event: AuditRecord['event'], at: string): AuditRecord => ({ id, filingId: 'f1', event, actorRole: 'reviewer', actorId: 's-1', at, filingNo: 'N-1' });
    await repo.commit([
      { kind: 'create', collection: Collections.audit, doc: audit('a1', 'pii_access', '2026-11-26T10:00:00.000+08:00') },
      { kind: 'create', collection: Collections.audit, doc: audit('a2', 'pii_search', '2026-11-27T23:59:59.000+08:00') },
      { kind: 'create', collection: Collections.audit, doc: audit('a3', 'claim', '2026-11-27T10:00:00.000+08:00') },
      { kind: 'create', collection: Collections.audit, doc: audit('a4', 'pii_access', '2026-11-28T00:00:00.000+08:00') },
    ]);
    const log = await repo.piiAccess('2026-11-26', '2026-11-27', undefined, 1);
    expect(log.items.map((a) => [a.id, a.filingNo])).toEqual([['a2', 'N-1']]);
    expect((await repo.piiAccess('2026-11-26', '2026-11-27', log.nextCursor, 5)).items.map((a) => a.id)).toEqual(['a1']);
    expect((await repo.piiAccess('2026-11-28', '2026-11-28', undefined, 5)).items.map((a) => a.id)).toEqual(['a4']);
  });

  it('serves history: decisions of the scopes on China dates [from, to], newest first, by kind and cursor', async () => {
    const docs = [
      filing('h1', { status: 'approved', decision: 'approved', decidedAt: '2026-11-01T00:00:00.000+08:00' }),
      filing('h2', { status: 'rejected', decision: 'rejected', decidedAt: '2026-11-15T12:00:00.000+08:00' }),
      // Returned, then supplemented: back in review, and still its 退回 of the 20th in history.
      filing('h3', { status: 'submitted', decision: 'returned', decidedAt: '2026-11-20T09:00:00.000+08:00' }),
      // 23:59 China time on the 30th is still the 30th (15:59 UTC).
      filing('h4', { status: 'approved', decision: 'approved', decidedAt: '2026-11-30T23:59:59.999+08:00', insuredRegion: '320102', insuredCity: '320100' }),
      filing('h5', { status: 'approved', decision: 'approved', decidedAt: '2026-12-01T00:00:00.000+08:00' }),
      filing('h6', { status: 'approved', decision: 'approved', decidedAt: '2026-11-10T09:00:00.000+08:00', insuredRegion: '110105', insuredCity: '110100', insuredProvince: '110000' }),
      // Approved at once, never by staff: no decision, so no history.
      filing('h7', { status: 'approved', decidedAt: '2026-11-10T10:00:00.000+08:00' }),
      filing('h8', { status: 'submitted' }),
    ];
    for (const doc of docs) await repo.commit([{ kind: 'create', collection: Collections.filings, doc }]);
    const ids = async (q: Partial<Parameters<FilingRepository['decidedBetween']>[0]>) =>
      (await repo.decidedBetween({ scopes: ['320000'], from: '2026-11-01', to: '2026-11-30', limit: 10, ...q })).items.map((f) => f.id);

    expect(await ids({})).toEqual(['h4', 'h3', 'h2', 'h1']);
    expect(await ids({ decision: 'approved' })).toEqual(['h4', 'h1']);
    expect(await ids({ decision: 'closed' })).toEqual([]);
    expect(await ids({ from: '2026-11-30', to: '2026-12-01' })).toEqual(['h5', 'h4']);
    expect(await ids({ scopes: ['320500'] })).toEqual(['h3', 'h2', 'h1']);
    // A province and its own city are one scope: nothing twice; another province's only its own.
    expect(await ids({ scopes: ['320000', '320500'] })).toEqual(['h4', 'h3', 'h2', 'h1']);
    expect(await ids({ scopes: ['110000'] })).toEqual(['h6']);

    const first = await repo.decidedBetween({ scopes: ['320505', '320100'], from: '2026-11-01', to: '2026-11-30', limit: 3 });
    expect(first.items.map((f) => f.id)).toEqual(['h4', 'h3', 'h2']);
    const rest = await repo.decidedBetween({ scopes: ['320505', '320100'], from: '2026-11-01', to: '2026-11-30', limit: 3, cursor: first.nextCursor! });
    expect(rest.items.map((f) => f.id)).toEqual(['h1']);
    expect(rest.nextCursor).toBeUndefined();

    // Received: submitted on those China dates, whatever became of them (every fixture was submitted on 11-26).
    expect(await repo.countSubmittedBetween('320500', '2026-11-26', '2026-11-26')).toBe(6);
    expect(await repo.countSubmittedBetween('320000', '2026-11-01', '2026-11-30')).toBe(7);
    expect(await repo.countSubmittedBetween('110000', '2026-11-01', '2026-11-30')).toBe(1);
    expect(await repo.countSubmittedBetween('320500', '2026-11-27', '2026-12-31')).toBe(0);
  });

  it('reads the timeline in order, expiry candidates and pending outbox rows', async () => {
    const audit = (id: string, at: string): AuditRecord => ({ id, filingId: 'f1', event: 'submit', actorRole: 'resident', actorId: 'o', at });
    await repo.commit([
      { kind: 'create', collection: Collections.audit, doc: audit('a2', '2026-11-26T10:00:02') },
      { kind: 'create', collection: Collections.audit, doc: audit('a1', '2026-11-26T10:00:01') },
    ]);
    expect((await repo.timeline('f1')).map((a) => a.id)).toEqual(['a1', 'a2']);
    await repo.commit([
      { kind: 'create', collection: Collections.filings, doc: filing('t1', { type: 'other_temporary', status: 'approved', endDate: '2026-11-20' }) },
      { kind: 'create', collection: Collections.filings, doc: filing('t2', { type: 'other_temporary', status: 'approved', endDate: '2026-12-20' }) },
    ]);
    expect((await repo.dueForExpiry('2026-11-26', 10)).map((f) => f.id)).toEqual(['t1']);
    const row = (id: string, state: 'pending' | 'done'): OutboxRecord => ({
      id, filingId: 'f1', event: 'submit', from: 'draft', to: 'submitted', applicantOpenid: 'o', insuredRegion: '320500', createdAt: id, state, version: 1,
    });
    await repo.commit([
      { kind: 'create', collection: Collections.outbox, doc: row('o2', 'pending') },
      { kind: 'create', collection: Collections.outbox, doc: row('o1', 'pending') },
      { kind: 'create', collection: Collections.outbox, doc: row('o3', 'done') },
    ]);
    expect((await repo.pendingOutbox(10)).map((o) => o.id)).toEqual(['o1', 'o2']);
  });

  it('reads a filing with its timeline in one call, oldest first, and nothing for a missing filing', async () => {
    const audit = (id: string, filingId: string, at: string): AuditRecord => ({ id, filingId, event: 'submit', actorRole: 'resident', actorId: 'o', at });
    await repo.commit([
      { kind: 'create', collection: Collections.filings, doc: filing('w1') },
      { kind: 'create', collection: Collections.filings, doc: filing('w2') },
      { kind: 'create', collection: Collections.audit, doc: audit('b3', 'w1', '2026-11-26T10:00:03') },
      { kind: 'create', collection: Collections.audit, doc: audit('b1', 'w1', '2026-11-26T10:00:01') },
      { kind: 'create', collection: Collections.audit, doc: audit('b2', 'w2', '2026-11-26T10:00:02') },
    ]);
    const found = await repo.filingWithTimeline('w1');
    expect(found?.filing).toEqual(filing('w1'));
    expect(found?.timeline.map((a) => a.id)).toEqual(['b1', 'b3']);
    expect(found?.timeline[0]).toEqual(audit('b1', 'w1', '2026-11-26T10:00:01'));
    expect((await repo.filingWithTimeline('w2'))?.timeline.map((a) => a.id)).toEqual(['b2']);
    expect(await repo.filingWithTimeline('nope')).toBeUndefined();
  });

  it('keeps an audit record and its outbox row as one document: the dispatcher marks it done, the timeline still reads it', async () => {
    const event = { id: 'e1', filingId: 'f9', event: 'submit' as const, from: 'draft' as const, to: 'submitted' as const, actorRole: 'resident' as const, actorId: 'o',
      at: '2026-11-26T10:00:01', applicantOpenid: 'o', insuredRegion: '320500', createdAt: '2026-11-26T10:00:01', state: 'pending' as const, version: 1 };
    const note: AuditRecord = { id: 'e2', filingId: 'f9', event: 'pii_access', actorRole: 'reviewer', actorId: 's', at: '2026-11-26T10:00:02' };
    await repo.commit([{ kind: 'create', collection: Collections.outbox, doc: event }, { kind: 'create', collection: Collections.audit, doc: note }]);
    expect((await repo.pendingOutbox(10)).map((o) => o.id)).toEqual(['e1']);
    const done: OutboxRecord = { ...event, state: 'done', version: 2 };
    await repo.commit([{ kind: 'update', collection: Collections.outbox, doc: done, expectedVersion: 1 }]);
    expect(await repo.pendingOutbox(10)).toEqual([]);
    expect((await repo.timeline('f9')).map((a) => [a.id, a.event])).toEqual([['e1', 'submit'], ['e2', 'pii_access']]);
  });
});

itServedEveryQueryFromADeclaredIndex();
