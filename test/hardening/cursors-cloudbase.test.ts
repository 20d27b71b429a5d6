import type { ListPage } from '../../core/api/filing-api';
import { createHarness as createNotificationHarness, STORE_KINDS } from '../notification/harness';
import { expectCode, expectOk, startHarness } from '../support/filing-harness';
import { exampleFiling } from '../support/example-filing';
import { nthResidentId } from '../support/resident-ids';
import { bindAs } from '../support/identity-helpers';

/** The CloudBase adapters decode cursors with the same strict decoder as SQLite (class 12). */
const forged = ['abc', Buffer.from(JSON.stringify(['', ''])).toString('base64url'), Buffer.from(JSON.stringify({ l: 'filings.queue', k: ['', 'x'] })).toString('base64url')];

it('the CloudBase filing repository refuses cursors it did not issue and pages with its own', async () => {
  const h = await startHarness('cloudbase');
  try {
    for (let i = 0; i < 3; i++) {
      await bindAs(h.runtime, 'demo-resident-1', { name: '张三', idNumber: nthResidentId(i) });
      expectOk(await h.call('filing', 'demo-resident-1', { action: 'submit', idempotencyKey: `c-${i}`, filing: exampleFiling({ applicant: { name: '张三', idNumber: nthResidentId(i), phone: '13800138000' } }) }));
    }
    const page = expectOk(await h.call<ListPage<unknown>>('filing', 'demo-resident-1', { action: 'list', limit: 2 }));
    expect(expectOk(await h.call<ListPage<unknown>>('filing', 'demo-resident-1', { action: 'list', limit: 2, cursor: page.nextCursor })).items).toHaveLength(1);
    const queue = expectOk(await h.call<ListPage<unknown>>('review', 'demo-staff-suzhou', { action: 'queue', limit: 2 }));
    expect(expectOk(await h.call<ListPage<unknown>>('review', 'demo-staff-suzhou', { action: 'queue', limit: 2, cursor: queue.nextCursor })).items).toHaveLength(1);
    for (const cursor of [...forged.slice(0, 2), page.nextCursor!]) expectCode(await h.call('review', 'demo-staff-suzhou', { action: 'queue', cursor }), 'REQUEST.INVALID');
    for (const cursor of [...forged, queue.nextCursor!]) expectCode(await h.call('filing', 'demo-resident-1', { action: 'list', cursor }), 'REQUEST.INVALID');
    // The policy store's list of changes (issue 15) decodes with the same decoder.
    for (const effectiveFrom of ['2027-01-01', '2027-02-01', '2027-03-01']) {
      expectOk(await h.call('policy', 'demo-admin', { action: 'propose', region: '320500', field: 'review.workingDays', value: 3, effectiveFrom, source: '苏医保发〔2026〕1号' }));
    }
    const changes = expectOk(await h.call<ListPage<unknown>>('policy', 'demo-admin', { action: 'changes', limit: 2 }));
    expect(expectOk(await h.call<ListPage<unknown>>('policy', 'demo-admin', { action: 'changes', limit: 2, cursor: changes.nextCursor })).items).toHaveLength(1);
    for (const cursor of [...forged, page.nextCursor!, queue.nextCursor!]) expectCode(await h.call('policy', 'demo-admin', { action: 'changes', cursor }), 'REQUEST.INVALID');
    expectCode(await h.call('filing', 'demo-resident-1', { action: 'list', cursor: changes.nextCursor }), 'REQUEST.INVALID');
  } finally {
    h.cleanup();
  }
});

describe.each(STORE_KINDS)('notification lists on %s', (store) => {
  it('refuse cursors they did not issue', async () => {
    const h = await createNotificationHarness('2026-06-01T02:00:00Z', store);
    try {
      for (const cursor of forged) {
        const inbox = await h.call('notification', 'r1', { action: 'inbox', cursor });
        const dead = await h.call('notification', 'demo-admin', { action: 'deadLetters', cursor });
        for (const answer of [inbox, dead]) expect(answer).toMatchObject({ ok: false, error: { code: 'REQUEST.INVALID', fields: { cursor: '翻页位置已失效，请回到第一页重新查看' } } });
      }
    } finally {
      h.close();
    }
  });
});
