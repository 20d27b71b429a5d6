import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteFilingRepository } from '../../server/filing/sqlite-filing-repository';
import { cloudbaseFilingRepository } from '../../server/filing/cloudbase-filing-repository';
import { Collections, type FilingRecord } from '../../server/filing/filing-records';
import { openSqlitePolicyStore } from '../../server/policy/sqlite-policy-store';
import { cloudbasePolicyStore } from '../../server/policy/cloudbase-policy-store';
import type { PolicyStore } from '../../server/policy/policy-store.port';
import { POLICY_HEAD_ID, versionId, type HolidayYearRecord, type PolicyAuditRecord, type PolicyChangeRecord, type PolicyHeadRecord, type PolicyVersionRecord } from '../../server/policy/policy-records';
import { WriteConflict } from '../../server/store/document-store';
import { createCloudbaseStandIn } from '../support/cloudbase-stand-in';
import { itServedEveryQueryFromADeclaredIndex } from '../support/index-coverage';

/**
 * One contract, two adapters: SQLite for real, CloudBase through the stand-in at its SDK
 * boundary (the SDK builds every query and transaction request as in production).
 */
const adapters: [string, () => { store: PolicyStore; cleanup(): void }][] = [
  ['sqlite', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-contract-'));
    const repo = openSqliteFilingRepository(dir);
    const store = openSqlitePolicyStore(dir, repo);
    return { store, cleanup: () => { store.close(); repo.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
  }],
  ['cloudbase', () => {
    const db = createCloudbaseStandIn();
    return { store: cloudbasePolicyStore(db, cloudbaseFilingRepository(db)), cleanup: () => undefined };
  }],
];

function version(number: number): PolicyVersionRecord {
  return {
    id: versionId(number), version: 1, number, effectiveFrom: `2027-01-${String(number).padStart(2, '0')}`,
    rules: [{ region: '320500', regionName: '苏州市', field: 'review.workingDays', value: number, source: `通知${number}` }],
    approvedBy: 'a2', approvedAt: `2026-11-26T10:00:0${number % 10}.000+08:00`,
  };
}

function change(id: string, proposedAt: string): PolicyChangeRecord {
  return {
    id, version: 1, region: '320500', regionName: '苏州市', field: 'review.workingDays', value: 3, effectiveFrom: '2027-01-01',
    source: '通知', state: 'proposed', proposedBy: 'a1', proposerPerson: 'p1', proposerName: '管理员', proposedAt,
  };
}

function filing(id: string, status: FilingRecord['status'], reviewDeadline: string | undefined): FilingRecord {
  const f: FilingRecord = {
    id, version: 1, applicantOpenid: 'o', personHash: `p-${id}`, type: 'long_term_residence', status, insuranceType: 'employee',
    insuredRegion: '320505', insuredCity: '320500', insuredProvince: '320000', treatmentRegion: '440300', treatmentProvince: '440000',
    startDate: '2027-02-10', proofKind: 'commitment', fileIds: [], pii: 'sealed', applicantNameMasked: '张*', idNumberMasked: 'x',
    submittedAt: '2027-02-04T10:00:00.000+08:00', updatedAt: '2027-02-04T10:00:00.000+08:00',
  };
  if (reviewDeadline) f.reviewDeadline = reviewDeadline;
  return f;
}

describe.each(adapters)('PolicyStore contract: %s', (_name, make) => {
  let store: PolicyStore;
  let cleanup: () => void;
  beforeEach(() => {
    ({ store, cleanup } = make());
  });
  afterEach(() => cleanup());

  it('reads versions above a number, ascending, a page at a time', async () => {
    for (const n of [3, 1, 2, 4]) await store.commit([{ kind: 'create', collection: Collections.policyVersions, doc: version(n) }]);
    expect((await store.versionsAfter(0, 10)).map((v) => v.number)).toEqual([1, 2, 3, 4]);
    expect((await store.versionsAfter(1, 2)).map((v) => v.number)).toEqual([2, 3]);
    expect(await store.versionsAfter(4, 10)).toEqual([]);
    expect((await store.versionsAfter(0, 1))[0]).toEqual(version(1));
  });

  it('commits a version with its head all or nothing: a stale head fails the batch', async () => {
    const head: PolicyHeadRecord = { id: POLICY_HEAD_ID, version: 1, latestVersion: 1, calendarRevision: 0, updatedAt: 'x' };
    await store.commit([{ kind: 'create', collection: Collections.policyHead, doc: head }, { kind: 'create', collection: Collections.policyVersions, doc: version(1) }]);
    const moved = { ...head, version: 2, latestVersion: 2 };
    await store.commit([{ kind: 'update', collection: Collections.policyHead, doc: moved, expectedVersion: 1 }, { kind: 'create', collection: Collections.policyVersions, doc: version(2) }]);
    const stale: PolicyHeadRecord = { ...head, version: 2, latestVersion: 3 };
    await expect(store.commit([
      { kind: 'update', collection: Collections.policyHead, doc: stale, expectedVersion: 1 },
      { kind: 'create', collection: Collections.policyVersions, doc: version(3) },
    ])).rejects.toBeInstanceOf(WriteConflict);
    expect((await store.versionsAfter(0, 10)).map((v) => v.number)).toEqual([1, 2]);
    expect(await store.get(Collections.policyHead, POLICY_HEAD_ID)).toEqual(moved);
    await expect(store.commit([{ kind: 'create', collection: Collections.policyVersions, doc: version(2) }])).rejects.toMatchObject({ reason: 'exists' });
  });

  it('lists proposals newest first, by cursor', async () => {
    for (const [id, at] of [['c1', '2026-11-26T10:00:01.000+08:00'], ['c2', '2026-11-26T10:00:02.000+08:00'], ['c3', '2026-11-26T10:00:02.000+08:00']] as const) {
      await store.commit([{ kind: 'create', collection: Collections.policyChanges, doc: change(id, at) }]);
    }
    const first = await store.changes(undefined, 2);
    expect(first.items.map((c) => c.id)).toEqual(['c3', 'c2']);
    const second = await store.changes(first.nextCursor, 2);
    expect(second.items.map((c) => c.id)).toEqual(['c1']);
    expect(second.nextCursor).toBeUndefined();
  });

  it('lists audit rows newest first, by cursor', async () => {
    for (const i of [1, 2, 3]) {
      const row: PolicyAuditRecord = { id: `a${i}`, event: 'policy_proposed', actorRole: 'admin', actorId: 'a1', at: `2026-11-26T10:00:0${i}.000+08:00`, detail: `第${i}条` };
      await store.commit([{ kind: 'create', collection: Collections.policyAudit, doc: row }]);
    }
    const first = await store.audit(undefined, 2);
    expect(first.items.map((a) => a.id)).toEqual(['a3', 'a2']);
    expect((await store.audit(first.nextCursor, 2)).items.map((a) => a.id)).toEqual(['a1']);
  });

  it('reads every loaded year', async () => {
    for (const year of [2028, 2027]) {
      const record: HolidayYearRecord = { id: String(year), version: 1, year, days: [{ date: `${year}-01-01`, name: '元旦', isOffDay: true }], loadedBy: 'a1', loadedByName: '管理员', loadedAt: 'x', recomputePending: true };
      await store.commit([{ kind: 'create', collection: Collections.holidayYears, doc: record }]);
    }
    expect((await store.holidayYears()).map((y) => y.year)).toEqual([2027, 2028]);
  });

  it('finds open filings due on or after a day, by deadline then ID, across both open statuses', async () => {
    const rows = [
      filing('f1', 'submitted', '2027-02-16'), filing('f2', 'in_review', '2027-02-08'), filing('f3', 'approved', '2027-02-09'),
      filing('f4', 'submitted', '2026-12-30'), filing('f5', 'returned', '2027-03-01'), filing('f6', 'submitted', '2027-02-08'),
      filing('f7', 'in_review', '2027-01-01'), filing('f8', 'approved', undefined),
    ];
    for (const f of rows) await store.commit([{ kind: 'create', collection: Collections.filings, doc: f }]);
    const all = await store.openFilingsDueFrom('2027-01-01', undefined, 10);
    expect(all.items.map((f) => f.id)).toEqual(['f7', 'f2', 'f6', 'f1']);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.openFilingsDueFrom('2027-01-01', cursor, 1);
      seen.push(...page.items.map((f) => f.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['f7', 'f2', 'f6', 'f1']);
  });
});

itServedEveryQueryFromADeclaredIndex();
