import type { FilingDetail, FilingSummary, ListPage } from '../../core/api/filing-api';
import type { QueueItem, ReviewDetail } from '../../core/api/review-api';
import type { InboxItem } from '../../core/api/notification-api';
import { Collections, type FilingRecord, type OutboxRecord } from '../../server/filing/filing-records';
import { sweepExpiredFilings } from '../../server/filing/expiry';
import { dispatchPending } from '../../server/notification/dispatcher';
import { notificationContextOf } from '../../server/notification/notification-context';
import { expectCode, expectOk, startHarness, type Harness, type StoreKind } from '../support/filing-harness';
import { exampleFiling } from '../support/example-filing';
import { materialStorage } from '../../server/storage/material-storage';
import { jpegBytes } from '../support/material-bytes';

/**
 * Issue 14: a change request whose base filing is cancelled, expired or superseded is closed at
 * once, in the same commit, with a timeline entry and a message for the resident; one that slipped
 * past is closed when staff touch it, with its own code. Real handlers, both store adapters.
 */
const RESIDENT = 'demo-resident-1';
const SUZHOU = 'demo-staff-suzhou';

/** Other temporary (commitment), Suzhou → Shenzhen, 2026-11-26 … 2026-12-20: no change lock, it expires. */
const TEMPORARY = exampleFiling({ type: 'other_temporary', residenceAddress: undefined, startDate: '2026-11-26', endDate: '2026-12-20' });

describe.each<StoreKind>(['sqlite', 'cloudbase'])('orphaned change requests on %s', (store) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(store);
  });
  afterEach(() => h.cleanup());

  let keys = 0;
  const submit = async (filing: Record<string, unknown>) =>
    expectOk(await h.call<FilingSummary>('filing', RESIDENT, { action: 'submit', idempotencyKey: `orphan-${++keys}`, filing }));
  const approved = async (filing: Record<string, unknown> = TEMPORARY) => {
    const filed = await submit(filing);
    expectOk(await h.call('review', SUZHOU, { action: 'claim', id: filed.id }));
    expectOk(await h.call('review', SUZHOU, { action: 'approve', id: filed.id }));
    return filed;
  };
  const changePhone = async (id: string, phone = '13900139000') =>
    expectOk(await h.call<FilingSummary>('filing', RESIDENT, { action: 'change', id, changes: { phone } }));
  const stored = async (id: string) => (await h.ctx.repo.get<FilingRecord>(Collections.filings, id))!;
  const residentView = async (id: string) => expectOk(await h.call<FilingDetail>('filing', RESIDENT, { action: 'get', id }));
  const queueIds = async () => expectOk(await h.call<ListPage<QueueItem>>('review', SUZHOU, { action: 'queue' })).items.map((i) => i.id);

  /** Closed, recorded as the system's decision, with its timeline entry, and the resident is told. */
  async function expectClosed(id: string, reason: string) {
    const request = await stored(id);
    expect(request).toMatchObject({ status: 'closed', decision: 'closed', decidedBy: 'orphan-close' });
    expect(request.decidedAt).toBeDefined();
    expect(request.claimedBy).toBeUndefined();
    const detail = await residentView(id);
    expect(detail.statusLabel).toBe('已关闭');
    expect(detail.timeline.at(-1)).toMatchObject({ event: 'close', label: '变更申请已关闭', actor: '系统', to: 'closed', reason });
    const outbox = (await h.ctx.repo.pendingOutbox(100)).filter((r: OutboxRecord) => r.filingId === id && r.event === 'close');
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ from: expect.any(String), to: 'closed', reason, applicantOpenid: RESIDENT });
    await dispatchPending(notificationContextOf(h.runtime));
    const inbox = expectOk(await h.call<ListPage<InboxItem>>('notification', RESIDENT, { action: 'inbox' }));
    const told = inbox.items.find((m) => m.filingId === id && m.title === '变更申请已关闭');
    expect(told?.body).toContain(reason);
    expect(await queueIds()).not.toContain(id);
  }

  it('closes a waiting change request in the same commit as the cancellation of its base', async () => {
    const base = await approved();
    const request = await changePhone(base.id);
    expect(await queueIds()).toContain(request.id);
    expectOk(await h.call('filing', RESIDENT, { action: 'cancel', id: base.id, reason: '行程取消' }));
    expect((await stored(base.id)).status).toBe('cancelled');
    await expectClosed(request.id, '原备案已取消，变更申请随之关闭');
    // Closed is final: staff are told why they cannot claim it, and the resident cannot bring it back.
    expectCode(await h.call('review', SUZHOU, { action: 'claim', id: request.id }), 'FILING.BASE_GONE');
    expectCode(await h.call('filing', RESIDENT, { action: 'withdraw', id: request.id }), 'FILING.TRANSITION_NOT_ALLOWED');
  });

  it('closes a claimed change request when its base expires in the scheduled sweep', async () => {
    const base = await approved();
    const request = await changePhone(base.id);
    expectOk(await h.call('review', SUZHOU, { action: 'claim', id: request.id }));
    h.clock.advanceDays(30);
    expect(await sweepExpiredFilings(h.ctx)).toBe(1);
    expect((await stored(base.id)).status).toBe('expired');
    await expectClosed(request.id, '原备案已到期失效，变更申请随之关闭');
  });

  it('closes a change request when its base expires as it is read', async () => {
    const base = await approved();
    const request = await changePhone(base.id);
    h.clock.advanceDays(30);
    expect((await residentView(base.id)).status).toBe('expired');
    await expectClosed(request.id, '原备案已到期失效，变更申请随之关闭');
  });

  it('closes the other change requests of a base when one of them is approved', async () => {
    const base = await approved();
    // Two requests filed at the same moment: each passes the "one pending change" check before the other is stored.
    const [first, second] = await Promise.all([
      h.call<FilingSummary>('filing', RESIDENT, { action: 'change', id: base.id, changes: { phone: '13900139000' } }),
      h.call<FilingSummary>('filing', RESIDENT, { action: 'change', id: base.id, changes: { phone: '13700137000' } }),
    ]);
    const winner = expectOk(first);
    const other = second.ok ? second.data : await injectSecondRequest(base.id, winner.id);
    expectOk(await h.call('review', SUZHOU, { action: 'claim', id: winner.id }));
    expectOk(await h.call('review', SUZHOU, { action: 'approve', id: winner.id }));
    expect((await stored(base.id)).status).toBe('superseded');
    expect((await stored(winner.id)).status).toBe('approved');
    await expectClosed(other.id, '原备案已按另一条变更申请更新，本变更申请随之关闭');
  });

  /** Where the race did not happen, a second request of the base as one would be stored. */
  async function injectSecondRequest(baseId: string, firstId: string): Promise<FilingSummary> {
    const first = await stored(firstId);
    const copy: FilingRecord = { ...first, id: `${firstId}-2`, filingNo: `${first.filingNo ?? ''}9`, changeOf: baseId };
    await h.ctx.repo.commit([{ kind: 'create', collection: Collections.filings, doc: copy }]);
    return { id: copy.id } as FilingSummary;
  }

  describe('the claim guard', () => {
    /** A request whose base went away without closing it (data from before issue 14). */
    async function orphanedBehindTheBack() {
      const base = await approved();
      const request = await changePhone(base.id);
      const b = await stored(base.id);
      const cancelled: FilingRecord = { ...b, status: 'cancelled', version: b.version + 1 };
      await h.ctx.repo.commit([{ kind: 'update', collection: Collections.filings, doc: cancelled, expectedVersion: b.version }]);
      return request;
    }

    it('refuses to claim a change request whose base is gone, with its own code and words, and closes it', async () => {
      const request = await orphanedBehindTheBack();
      const refused = await h.call('review', SUZHOU, { action: 'claim', id: request.id });
      expectCode(refused, 'FILING.BASE_GONE');
      expect(!refused.ok && refused.error.message).toMatch(/^[\u4e00-\u9fff，、]+$/);
      await expectClosed(request.id, '原备案已取消，变更申请随之关闭');
    });

    it('refuses to decide a claimed change request whose base is gone, and closes it', async () => {
      const base = await approved();
      const request = await changePhone(base.id);
      expectOk(await h.call('review', SUZHOU, { action: 'claim', id: request.id }));
      // The base expires unseen (no sweep has run); deciding expires it and closes the request in one commit.
      h.clock.advanceDays(30);
      expectCode(await h.call('review', SUZHOU, { action: 'approve', id: request.id }), 'FILING.BASE_GONE');
      expect((await stored(base.id)).status).toBe('expired');
      await expectClosed(request.id, '原备案已到期失效，变更申请随之关闭');
    });

    it('answers FILING.BASE_GONE when the base is cancelled while the decision is being committed', async () => {
      const base = await approved();
      const request = await changePhone(base.id);
      expectOk(await h.call('review', SUZHOU, { action: 'claim', id: request.id }));
      // The resident cancels the base between the reviewer's read and the reviewer's commit.
      const repo = h.ctx.repo;
      const commit = repo.commit.bind(repo);
      let raced = false;
      repo.commit = async (ops) => {
        if (!raced && ops.some((op) => op.kind === 'update' && op.doc.id === request.id)) {
          raced = true;
          expectOk(await h.call('filing', RESIDENT, { action: 'cancel', id: base.id, reason: '行程取消' }));
        }
        return commit(ops);
      };
      try {
        expectCode(await h.call('review', SUZHOU, { action: 'approve', id: request.id }), 'FILING.BASE_GONE');
      } finally {
        repo.commit = commit;
      }
      expect(raced).toBe(true);
      expect((await stored(base.id)).status).toBe('cancelled');
      await expectClosed(request.id, '原备案已取消，变更申请随之关闭');
    });

    it('lets a change request of a base in force through', async () => {
      const base = await approved();
      const request = await changePhone(base.id);
      expectOk(await h.call('review', SUZHOU, { action: 'claim', id: request.id }));
      expect(expectOk(await h.call<FilingSummary>('review', SUZHOU, { action: 'approve', id: request.id })).status).toBe('approved');
    });
  });

  describe('review.get shows a change request old → new', () => {
    it('lists each changed field with its label, the base value and the requested one', async () => {
      const base = await approved(exampleFiling({ startDate: '2026-12-01' }));
      h.clock.advanceDays(200);
      const request = expectOk(await h.call<FilingSummary>('filing', RESIDENT, {
        action: 'change', id: base.id, changes: { phone: '13900139000', residenceAddress: '广东省深圳市福田区福华路2号' },
      }));
      const view = expectOk(await h.call<ReviewDetail>('review', SUZHOU, { action: 'get', id: request.id }));
      expect(view.changes).toEqual([
        { field: 'phone', label: '联系电话', before: '13800138000', after: '13900139000' },
        { field: 'residenceAddress', label: '居住地址', before: '广东省深圳市南山区科技园路1号', after: '广东省深圳市福田区福华路2号' },
      ]);
      // Never the ID number, in full or at all.
      expect(JSON.stringify(view.changes)).not.toMatch(/\d{17}[\dX]/);
      // The base filing itself is no change request.
      expect(expectOk(await h.call<ReviewDetail>('review', SUZHOU, { action: 'get', id: base.id })).changes).toBeUndefined();
    });

    it('names a referral hospital change by the hospitals', async () => {
      const base = await approved(await referralWithProof());
      const request = expectOk(await h.call<FilingSummary>('filing', RESIDENT, { action: 'change', id: base.id, changes: { hospital: { name: '广东省人民医院' } } }));
      const view = expectOk(await h.call<ReviewDetail>('review', SUZHOU, { action: 'get', id: request.id }));
      expect(view.changes).toEqual([{ field: 'hospital', label: '定点医院', before: '中山大学附属第一医院', after: '广东省人民医院' }]);
    });
  });

  async function referralWithProof(): Promise<Record<string, unknown>> {
    const file = expectOk(await materialStorage(h.ctx).upload(RESIDENT, '转诊证明.jpg', jpegBytes('x')));
    return exampleFiling({
      type: 'referral', residenceAddress: undefined, diagnosis: '肺癌', hospital: { name: '中山大学附属第一医院' },
      proof: { kind: 'documents', fileIds: [file.fileId] },
    });
  }
});
