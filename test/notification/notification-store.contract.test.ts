import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteFilingRepository } from '../../server/filing/sqlite-filing-repository';
import { cloudbaseFilingRepository } from '../../server/filing/cloudbase-filing-repository';
import { Collections, type FilingRecord, type OutboxRecord } from '../../server/filing/filing-records';
import type { Page } from '../../server/filing/filing-repository.port';
import { openSqliteNotificationStore } from '../../server/notification/sqlite-notification-store';
import { cloudbaseNotificationStore, NOTIFICATION_INDEXES } from '../../server/notification/cloudbase-notification-store';
import type { NotificationStore } from '../../server/notification/notification-store.port';
import type { DeliveryRecord, InboxRecord } from '../../server/notification/notification-records';
import { WriteConflict } from '../../server/store/document-store';
import { createCloudbaseStandIn } from '../support/cloudbase-stand-in';
import { itServedEveryQueryFromADeclaredIndex } from '../support/index-coverage';

/**
 * The notification store's queries as one contract over both adapters: SQLite for real,
 * CloudBase through the stand-in at its SDK boundary. The end-to-end suites (dispatcher,
 * reminders, notification function) run on both stores too (harness STORE_KINDS).
 */
const adapters: [string, () => { store: NotificationStore; cleanup(): void }][] = [
  ['sqlite', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'notify-contract-'));
    const repo = openSqliteFilingRepository(dir);
    const store = openSqliteNotificationStore(dir, repo);
    return { store, cleanup: () => { store.close(); repo.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
  }],
  ['cloudbase', () => {
    const db = createCloudbaseStandIn();
    return { store: cloudbaseNotificationStore(db, cloudbaseFilingRepository(db)), cleanup: () => undefined };
  }],
];

function filing(id: string, over: Partial<FilingRecord> = {}): FilingRecord {
  return {
    id, version: 1, applicantOpenid: 'o-1', personHash: `p-${id}`, type: 'other_temporary', status: 'approved',
    insuranceType: 'employee', insuredRegion: '320505', insuredCity: '320500', insuredProvince: '320000',
    treatmentRegion: '440300', treatmentProvince: '440000', startDate: '2026-06-01', endDate: '2026-06-30',
    proofKind: 'commitment', fileIds: [], pii: 'sealed', applicantNameMasked: '张*', idNumberMasked: '110105********002X',
    submittedAt: '2026-06-01T10:00:00.000+08:00', reviewDeadline: '2026-06-03', updatedAt: '2026-06-01T10:00:00.000+08:00',
    ...over,
  };
}

function message(id: string, over: Partial<InboxRecord> = {}): InboxRecord {
  return {
    id, version: 1, recipientOpenid: 'o-1', audience: 'applicant', kind: 'approve', title: 't', body: 'b',
    page: 'p', sourceId: `s-${id}`, createdAt: '2026-06-01T10:00:00.000+08:00', read: false, ...over,
  };
}

function delivery(id: string, over: Partial<DeliveryRecord> = {}): DeliveryRecord {
  return {
    id, version: 1, messageId: id, kind: 'approve', touser: 'o-1', templateKey: 'filingResult', templateId: 'tpl',
    page: 'p', data: {}, state: 'pending', attempts: 0, nextAttemptAt: '2026-06-01T02:00:00.000Z',
    createdAt: '2026-06-01T10:00:00.000+08:00', ...over,
  };
}

/** Every page of a cursor-paged query, as the ID lists of each page. */
async function pages<T extends { id: string }>(read: (cursor: string | undefined) => Promise<Page<T>>): Promise<string[][]> {
  const out: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    out.push(page.items.map((i) => i.id));
    cursor = page.nextCursor;
  } while (cursor && out.length < 20);
  return out;
}

describe.each(adapters)('NotificationStore contract: %s', (_name, make) => {
  let store: NotificationStore;
  let cleanup: () => void;
  beforeEach(() => {
    ({ store, cleanup } = make());
  });
  afterEach(() => cleanup());

  const create = (collection: string, ...docs: { id: string }[]) =>
    store.commit(docs.map((doc) => ({ kind: 'create' as const, collection, doc })));

  it("pages a recipient's inbox newest first; counts and lists the unread", async () => {
    await create(Collections.inbox,
      message('m1', { createdAt: '2026-06-01T10:00:01.000+08:00' }),
      message('m2', { createdAt: '2026-06-01T10:00:02.000+08:00', read: true }),
      message('m3', { createdAt: '2026-06-01T10:00:02.000+08:00' }),
      message('m4', { createdAt: '2026-06-01T10:00:04.000+08:00' }),
      message('x1', { recipientOpenid: 'o-2', createdAt: '2026-06-01T10:00:03.000+08:00' }),
    );
    expect(await pages((c) => store.inbox('o-1', c, 2))).toEqual([['m4', 'm3'], ['m2', 'm1']]);
    expect(await pages((c) => store.inbox('o-1', c, 3))).toEqual([['m4', 'm3', 'm2'], ['m1']]);
    expect(await store.unreadCount('o-1')).toBe(3);
    expect((await store.unreadIds('o-1', 10)).sort()).toEqual(['m1', 'm3', 'm4']);
    expect(await store.unreadIds('o-1', 2)).toHaveLength(2);
    expect(await store.unreadCount('nobody')).toBe(0);
    expect(await store.inbox('nobody', undefined, 5)).toEqual({ items: [] });
  });

  it('finds the deliveries due (backoff or lease run out) in order, and pages one state newest first', async () => {
    await create(Collections.deliveries,
      delivery('d1', { nextAttemptAt: '2026-06-01T03:00:00.000Z' }),
      delivery('d2', { nextAttemptAt: '2026-06-01T01:00:00.000Z' }),
      delivery('d3', { nextAttemptAt: '2026-06-01T05:00:00.000Z' }),
      delivery('d4', { state: 'dead', createdAt: '2026-06-01T10:00:01.000+08:00' }),
      delivery('d5', { state: 'dead', createdAt: '2026-06-01T10:00:03.000+08:00' }),
      delivery('d6', { state: 'dead', createdAt: '2026-06-01T10:00:02.000+08:00' }),
      delivery('d7', { state: 'sent', nextAttemptAt: '2026-06-01T00:00:00.000Z' }),
    );
    expect((await store.dueDeliveries('2026-06-01T03:00:00.000Z', 10)).map((d) => d.id)).toEqual(['d2', 'd1']);
    expect((await store.dueDeliveries('2026-06-01T09:00:00.000Z', 2)).map((d) => d.id)).toEqual(['d2', 'd1']);
    expect(await pages((c) => store.deliveries('dead', c, 2))).toEqual([['d5', 'd6'], ['d4']]);
    expect(await pages((c) => store.deliveries('sent', c, 2))).toEqual([['d7']]);
  });

  it('pages approved filings ending within a date range by end date', async () => {
    await create(Collections.filings,
      filing('f1', { endDate: '2026-06-25' }),
      filing('f2', { endDate: '2026-06-22' }),
      filing('f3', { endDate: '2026-06-25' }),
      filing('f4', { endDate: '2026-06-28' }),
      filing('f5', { endDate: '2026-06-29' }),
      filing('f6', { endDate: '2026-06-24', status: 'expired' }),
      filing('f7', { endDate: '2026-06-21' }),
    );
    expect(await pages((c) => store.endingBetween('2026-06-22', '2026-06-28', c, 2))).toEqual([['f2', 'f1'], ['f3', 'f4']]);
    expect(await pages((c) => store.endingBetween('2026-06-22', '2026-06-28', c, 10))).toEqual([['f2', 'f1', 'f3', 'f4']]);
  });

  it('pages returned filings decided by a time', async () => {
    await create(Collections.filings,
      filing('f1', { status: 'returned', decidedAt: '2026-06-02T10:00:00.000+08:00' }),
      filing('f2', { status: 'returned', decidedAt: '2026-06-01T10:00:00.000+08:00' }),
      filing('f3', { status: 'returned', decidedAt: '2026-06-02T10:00:00.000+08:00' }),
      filing('f4', { status: 'returned', decidedAt: '2026-06-05T10:00:00.000+08:00' }),
      filing('f5', { status: 'submitted', decidedAt: '2026-06-01T10:00:00.000+08:00' }),
    );
    expect(await pages((c) => store.returnedBefore('2026-06-03T00:00:00.000+08:00', c, 2))).toEqual([['f2', 'f1'], ['f3']]);
    expect(await pages((c) => store.returnedBefore('2026-06-03T00:00:00.000+08:00', c, 1))).toEqual([['f2'], ['f1'], ['f3']]);
  });

  it('pages the pending filings of overlapping scopes due by a date, each once', async () => {
    await create(Collections.filings,
      filing('f1', { status: 'submitted', reviewDeadline: '2026-06-03' }),
      filing('f2', { status: 'in_review', reviewDeadline: '2026-06-02' }),
      filing('f3', { status: 'submitted', reviewDeadline: '2026-06-03', insuredRegion: '320102', insuredCity: '320100' }),
      filing('f4', { status: 'submitted', reviewDeadline: '2026-06-04' }),
      filing('f5', { status: 'approved', reviewDeadline: '2026-06-01' }),
      filing('f6', { status: 'submitted', reviewDeadline: '2026-06-01', insuredRegion: '110105', insuredCity: '110100', insuredProvince: '110000' }),
    );
    expect(await pages((c) => store.pendingDueBy(['320000', '320500'], '2026-06-03', c, 2))).toEqual([['f2', 'f1'], ['f3']]);
    expect(await pages((c) => store.pendingDueBy(['320505'], '2026-06-04', c, 10))).toEqual([['f2', 'f1', 'f4']]);
    expect(await pages((c) => store.pendingDueBy([], '2026-06-04', c, 10))).toEqual([[]]);
  });

  it('hands an outbox row over in one batch: a stale row version writes no message', async () => {
    const row: OutboxRecord = {
      id: 'o1', filingId: 'f1', event: 'approve', from: 'in_review', to: 'approved', applicantOpenid: 'o-1',
      insuredRegion: '320505', createdAt: '2026-06-01T10:00:00.000+08:00', state: 'pending', version: 1,
    };
    await create(Collections.outbox, row);
    const done: OutboxRecord = { ...row, state: 'done', version: 2 };
    const handOver = (id: string) => store.commit([
      { kind: 'update', collection: Collections.outbox, doc: done, expectedVersion: 1 },
      { kind: 'create', collection: Collections.inbox, doc: message(id) },
    ]);
    await handOver('msg:o1');
    await expect(handOver('msg:o1-again')).rejects.toBeInstanceOf(WriteConflict);
    expect(await store.get(Collections.inbox, 'msg:o1')).toMatchObject({ id: 'msg:o1' });
    expect(await store.get(Collections.inbox, 'msg:o1-again')).toBeUndefined();
    expect(await store.get<OutboxRecord>(Collections.outbox, 'o1')).toMatchObject({ state: 'done', version: 2 });
  });
});

describe('CloudBase indexes of the notification store', () => {
  it('are declared for every collection it queries, each keyed by the sort of its query', () => {
    expect(Object.keys(NOTIFICATION_INDEXES).sort()).toEqual([Collections.deliveries, Collections.filings, Collections.inbox].sort());
    for (const indexes of Object.values(NOTIFICATION_INDEXES)) {
      expect(new Set(indexes.map((i) => i.name)).size).toBe(indexes.length);
    }
  });
});

itServedEveryQueryFromADeclaredIndex();
