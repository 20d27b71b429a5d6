import type { FilingSummary, ListPage } from '../../core/api/filing-api';
import type { PiiAccessEntry, StaffView } from '../../core/api/review-api';
import { Collections, type AuditRecord } from '../../server/filing/filing-records';
import { expectCode, expectOk, startHarness, type Harness, type StoreKind } from '../support/filing-harness';
import { exampleFiling } from '../support/example-filing';

const ADMIN = 'demo-admin';

describe.each<StoreKind>(['sqlite', 'cloudbase'])('admin: staff and the personal-data log on %s', (store) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(store);
  });
  afterEach(() => h.cleanup());

  it('review.staffUpdate changes only what is given, names regions, and refuses the unknown', async () => {
    const changed = expectOk(await h.call<StaffView>('review', ADMIN, { action: 'staffUpdate', openid: 'demo-staff-suzhou', regions: ['320500', '320200'] }));
    expect(changed.regionNames).toEqual(['江苏省苏州市', '江苏省无锡市']);
    expect(changed.role).toBe('reviewer');
    const renamed = expectOk(await h.call<StaffView>('review', ADMIN, { action: 'staffUpdate', openid: 'demo-staff-suzhou', name: '陈新名' }));
    expect(renamed).toMatchObject({ name: '陈新名', regions: ['320500', '320200'] });
    const list = expectOk(await h.call<ListPage<StaffView>>('review', ADMIN, { action: 'staffList' }));
    expect(list.items.find((s) => s.openid === 'demo-staff-suzhou')?.name).toBe('陈新名');

    expectCode(await h.call('review', ADMIN, { action: 'staffUpdate', openid: 'demo-staff-suzhou' }), 'REQUEST.INVALID');
    expectCode(await h.call('review', ADMIN, { action: 'staffUpdate', openid: 'o-nobody', name: '某人' }), 'STAFF.NOT_FOUND');
    expectCode(await h.call('review', ADMIN, { action: 'staffUpdate', openid: 'demo-staff-suzhou', regions: ['329900'] }), 'REGION.UNKNOWN');
    expectCode(await h.call('review', ADMIN, { action: 'staffUpdate', openid: ADMIN, role: 'reviewer' }), 'AUTH.LAST_ADMIN');
    expectCode(await h.call('review', 'demo-staff-suzhou', { action: 'staffUpdate', openid: 'demo-staff-suzhou', role: 'admin' }), 'AUTH.FORBIDDEN');
    expect(await h.ctx.repo.get(Collections.staff, 'o-nobody')).toBeUndefined();

    // With a second admin, the first may step down.
    expectOk(await h.call('review', ADMIN, { action: 'staffUpdate', openid: 'demo-staff-beijing', role: 'admin' }));
    expect(expectOk(await h.call<StaffView>('review', ADMIN, { action: 'staffUpdate', openid: ADMIN, role: 'reviewer', regions: ['110000'] })).role).toBe('reviewer');
  });

  it('review.piiAccessLog lists reveals with names and filing numbers, newest first, admins only, a year at most', async () => {
    const filed = expectOk(await h.call<FilingSummary>('filing', 'demo-resident-1', { action: 'submit', idempotencyKey: 'k-1', filing: exampleFiling() }));
    expectOk(await h.call('review', 'demo-staff-suzhou', { action: 'get', id: filed.id, revealIdNumber: true }));
    h.clock.advanceDays(1);
    expectOk(await h.call('review', 'demo-staff-suzhou', { action: 'get', id: filed.id, revealIdNumber: true }));
    const rows = (await h.ctx.repo.timeline(filed.id)).filter((a: AuditRecord) => a.event === 'pii_access');
    expect(rows.every((a) => a.filingNo === filed.filingNo)).toBe(true);

    const log = expectOk(await h.call<ListPage<PiiAccessEntry>>('review', ADMIN, { action: 'piiAccessLog', from: '2026-11-01', to: '2026-11-30' }));
    expect(log.items).toHaveLength(2);
    expect(log.items[0]!.at > log.items[1]!.at).toBe(true);
    expect(log.items[0]).toMatchObject({ staffName: '苏州市医保中心 审核员', kind: 'reveal', filingId: filed.id, filingNo: filed.filingNo, staffOpenid: 'demo-staff-suzhou' });
    const firstPage = expectOk(await h.call<ListPage<PiiAccessEntry>>('review', ADMIN, { action: 'piiAccessLog', from: '2026-11-01', to: '2026-11-30', limit: 1 }));
    expect(firstPage.nextCursor).toBeDefined();
    const second = expectOk(await h.call<ListPage<PiiAccessEntry>>('review', ADMIN, { action: 'piiAccessLog', from: '2026-11-01', to: '2026-11-30', limit: 1, cursor: firstPage.nextCursor }));
    expect(second.items.map((e) => e.id)).toEqual([log.items[1]!.id]);
    expect(expectOk(await h.call<ListPage<PiiAccessEntry>>('review', ADMIN, { action: 'piiAccessLog', from: '2026-11-27', to: '2026-11-27' })).items).toHaveLength(1);

    expectCode(await h.call('review', ADMIN, { action: 'piiAccessLog', from: '2026-11-30', to: '2026-11-01' }), 'REQUEST.INVALID');
    expectCode(await h.call('review', ADMIN, { action: 'piiAccessLog', from: '2025-11-01', to: '2026-11-30' }), 'REQUEST.INVALID');
    expectOk(await h.call('review', ADMIN, { action: 'piiAccessLog', from: '2025-11-30', to: '2026-11-30' }));
    expectCode(await h.call('review', 'demo-staff-suzhou', { action: 'piiAccessLog', from: '2026-11-01', to: '2026-11-30' }), 'AUTH.FORBIDDEN');
    expect(JSON.stringify(log)).not.toContain('11010519491231002X');
  });
});
