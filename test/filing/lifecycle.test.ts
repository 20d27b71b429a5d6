import type { FilingDetail, FilingSummary, ListPage } from '../../core/api/filing-api';
import type { QueueItem, ReviewDetail } from '../../core/api/review-api';
import { Collections } from '../../server/filing/filing-records';
import { expectCode, expectOk, startHarness, type Harness, type StoreKind } from '../support/filing-harness';
import { exampleFiling } from '../support/example-filing';
import { itServedEveryQueryFromADeclaredIndex } from '../support/index-coverage';

/** The end-to-end story, through the real handlers, on both store adapters. */
describe.each<StoreKind>(['sqlite', 'cloudbase'])('filing lifecycle on %s', (store) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(store);
  });
  afterEach(() => h.cleanup());

  it('resident submits, Suzhou claims and approves once, the timeline shows every step', async () => {
    const submitted = expectOk(await h.call<FilingSummary>('filing', 'demo-resident-1', { action: 'submit', idempotencyKey: 'k-1', filing: exampleFiling() }));
    expect(submitted.status).toBe('submitted');
    expect(submitted.reviewDeadline).toBe('2026-11-30');

    const mine = expectOk(await h.call<ListPage<FilingSummary>>('filing', 'demo-resident-1', { action: 'list' }));
    expect(mine.items.map((f) => f.id)).toEqual([submitted.id]);
    expect(mine.items[0]!.idNumberMasked).toBe('110105********002X');
    expect(JSON.stringify(mine)).not.toContain('11010519491231002X');

    expectCode(await h.call('filing', 'demo-resident-2', { action: 'get', id: submitted.id }), 'FILING.NOT_FOUND');
    const beijing = expectOk(await h.call<ListPage<QueueItem>>('review', 'demo-staff-beijing', { action: 'queue' }));
    expect(beijing.items).toEqual([]);
    // Another region's filing answers as if it did not exist (issue 11).
    expectCode(await h.call('review', 'demo-staff-beijing', { action: 'claim', id: submitted.id }), 'FILING.NOT_FOUND');

    const queue = expectOk(await h.call<ListPage<QueueItem>>('review', 'demo-staff-suzhou', { action: 'queue' }));
    expect(queue.items.map((f) => f.id)).toEqual([submitted.id]);
    expect(queue.items[0]!.overdue).toBe(false);

    expect(expectOk(await h.call<FilingSummary>('review', 'demo-staff-suzhou', { action: 'claim', id: submitted.id })).status).toBe('in_review');
    h.clock.advanceDays(1);
    expect(expectOk(await h.call<FilingSummary>('review', 'demo-staff-suzhou', { action: 'approve', id: submitted.id })).status).toBe('approved');
    expectCode(await h.call('review', 'demo-staff-suzhou', { action: 'approve', id: submitted.id }), 'FILING.ALREADY_DECIDED');
    expectCode(await h.call('review', 'demo-staff-suzhou', { action: 'reject', id: submitted.id, reason: '材料不全' }), 'FILING.ALREADY_DECIDED');

    const detail = expectOk(await h.call<FilingDetail>('filing', 'demo-resident-1', { action: 'get', id: submitted.id }));
    expect(detail.status).toBe('approved');
    expect(detail.timeline.map((t) => [t.from, t.to])).toEqual([['draft', 'submitted'], ['submitted', 'in_review'], ['in_review', 'approved']]);
    expect(detail.timeline.every((t) => t.at.endsWith('+08:00') && t.actor.length > 0)).toBe(true);
    // Residents read what happened and who did it in words: never 草稿 → 待审核, never a reviewer's openid.
    expect(detail.timeline.map((t) => [t.label, t.actor])).toEqual([['提交申请', '本人'], ['开始审核', '苏州市医保经办机构'], ['审核通过', '苏州市医保经办机构']]);
    const staffView = expectOk(await h.call<ReviewDetail>('review', 'demo-staff-suzhou', { action: 'get', id: submitted.id }));
    expect(staffView.timeline.map((t) => t.actor)).toEqual(['申请人', '苏州市医保中心 审核员', '苏州市医保中心 审核员']);
    expect(staffView.idNumber).toBeUndefined();

    // Each transition wrote exactly one audit row and one outbox row, in the same batch.
    expect(await h.ctx.repo.count(Collections.audit)).toBe(3);
    expect(await h.ctx.repo.count(Collections.outbox)).toBe(3);
  });

  it('returns the first result for a repeated idempotency key, also under 1,000 concurrent calls', async () => {
    const request = { action: 'submit', idempotencyKey: 'same-key', filing: exampleFiling() };
    const results = await Promise.all(Array.from({ length: 1000 }, () => h.call<FilingSummary>('filing', 'demo-resident-1', request)));
    const ids = new Set(results.map((r) => expectOk(r).id));
    expect(ids.size).toBe(1);
    expect(await h.ctx.repo.count(Collections.filings)).toBe(1);
    expect(await h.ctx.repo.count(Collections.audit)).toBe(1);
    expect(await h.ctx.repo.count(Collections.outbox)).toBe(1);
    const other = { ...request, filing: exampleFiling({ startDate: '2026-12-02' }) };
    expectCode(await h.call('filing', 'demo-resident-1', other), 'IDEMPOTENCY.KEY_REUSED');
  });

  it('lets exactly one of two racing reviewers decide', async () => {
    const { id } = expectOk(await h.call<FilingSummary>('filing', 'demo-resident-1', { action: 'submit', idempotencyKey: 'k', filing: exampleFiling() }));
    expectOk(await h.call('review', 'demo-staff-suzhou', { action: 'claim', id }));
    const [a, b] = await Promise.all([
      h.call('review', 'demo-staff-suzhou', { action: 'approve', id }),
      h.call('review', 'demo-staff-suzhou', { action: 'reject', id, reason: '不符合条件' }),
    ]);
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
    const loser = a.ok ? b : a;
    expect(loser.ok ? '' : loser.error.code).toMatch(/FILING\.(ALREADY_DECIDED|VERSION_CONFLICT)/);
    expect(await h.ctx.repo.count(Collections.audit)).toBe(3);
  });
});

itServedEveryQueryFromADeclaredIndex();
