import type { FilingSummary, ListPage } from '../../core/api/filing-api';
import type { QueueCounts, QueueItem } from '../../core/api/review-api';
import { Collections, type AuditRecord, type StaffRecord } from '../../server/filing/filing-records';
import { expectCode, expectOk, startHarness, type Harness, type StoreKind } from '../support/filing-harness';
import { exampleFiling } from '../support/example-filing';
import { bindAs } from '../support/identity-helpers';
import { makeResidentId } from '../support/resident-ids';
import { itServedEveryQueryFromADeclaredIndex } from '../support/index-coverage';

/**
 * The review desk (issue 14) through the real review function: the four tabs, their counts and
 * the overdue count, and search by 备案编号, ID number and name, each only inside the reviewer's
 * regions. Both store adapters.
 */
const SUZHOU = 'demo-staff-suzhou';
const BEIJING = 'demo-staff-beijing';

interface Person {
  openid: string;
  name: string;
  idNumber: string;
}

const person = (n: number, name: string): Person => ({ openid: `o-desk-${n}`, name, idNumber: makeResidentId('320505', '19500101', 100 + n) });
const PENDING = person(1, '张秀英');
const CLAIMED = person(2, '李建国');
const RETURNED = person(3, '王芳');
const APPROVED = person(4, '赵敏');
/** Insured in Beijing (approved at once there, on commitment), with a name masked exactly like the Suzhou 张秀英 (张*英). */
const IN_BEIJING = person(5, '张桂英');

describe.each<StoreKind>(['sqlite', 'cloudbase'])('review desk on %s', (store) => {
  let h: Harness;
  const filed: Record<string, FilingSummary> = {};

  const queue = (openid: string, data: Record<string, unknown> = {}) => h.call<ListPage<QueueItem>>('review', openid, { action: 'queue', ...data });
  const ids = async (openid: string, data: Record<string, unknown>) => expectOk(await queue(openid, data)).items.map((i) => i.id);
  const counts = async (openid: string) => expectOk(await h.call<QueueCounts>('review', openid, { action: 'queueCounts' }));
  const search = async (openid: string, query: Record<string, unknown>) =>
    expectOk(await h.call<ListPage<QueueItem>>('review', openid, { action: 'search', ...query })).items;
  const pii = async () => (await h.ctx.repo.piiAccess('2026-11-26', '2026-12-31', undefined, 50)).items;

  async function file(p: Person, over: Record<string, unknown> = {}): Promise<FilingSummary> {
    await bindAs(h.runtime, p.openid, p);
    const summary = expectOk(await h.call<FilingSummary>('filing', p.openid, {
      action: 'submit', idempotencyKey: `desk-${p.openid}`, filing: exampleFiling({ applicant: { name: p.name, idNumber: p.idNumber, phone: '13800138000' }, ...over }),
    }));
    filed[p.name] = summary;
    return summary;
  }

  beforeEach(async () => {
    h = await startHarness(store);
    await file(PENDING);
    const claimed = await file(CLAIMED);
    expectOk(await h.call('review', SUZHOU, { action: 'claim', id: claimed.id }));
    const returned = await file(RETURNED);
    expectOk(await h.call('review', SUZHOU, { action: 'claim', id: returned.id }));
    expectOk(await h.call('review', SUZHOU, { action: 'return', id: returned.id, reason: '请补充居住证明' }));
    const approved = await file(APPROVED);
    expectOk(await h.call('review', SUZHOU, { action: 'claim', id: approved.id }));
    h.clock.set(new Date('2026-11-27T03:00:00Z'));
    expectOk(await h.call('review', SUZHOU, { action: 'approve', id: approved.id }));
    await file(IN_BEIJING, { insuredRegion: '110105' });
  });
  afterEach(() => h.cleanup());

  it('serves the four tabs of my regions, each in its order, with the old default kept', async () => {
    expect(await ids(SUZHOU, { tab: 'pending' })).toEqual([filed['张秀英']!.id]);
    expect(await ids(SUZHOU, { tab: 'mine' })).toEqual([filed['李建国']!.id]);
    expect(await ids(SUZHOU, { tab: 'returned' })).toEqual([filed['王芳']!.id]);
    // Newest decision first: the approval (27th) after the return (26th).
    expect(await ids(SUZHOU, { tab: 'done' })).toEqual([filed['赵敏']!.id, filed['王芳']!.id]);
    // Neither tab nor status: the open filings, as before the tabs.
    const open = await ids(SUZHOU, {});
    expect(open).toHaveLength(2);
    expect(open).toEqual(expect.arrayContaining([filed['张秀英']!.id, filed['李建国']!.id]));
    expect(await ids(SUZHOU, { status: 'in_review' })).toEqual([filed['李建国']!.id]);
    // The tab wins over a status given with it.
    expect(await ids(SUZHOU, { tab: 'done', status: 'submitted' })).toHaveLength(2);

    const [done] = expectOk(await queue(SUZHOU, { tab: 'done' })).items;
    expect(done).toMatchObject({ decision: 'approved', reviewerName: '苏州市医保中心 审核员', decidedAt: '2026-11-27T11:00:00.000+08:00', overdue: false });
    const [returned] = expectOk(await queue(SUZHOU, { tab: 'returned' })).items;
    expect(returned).toMatchObject({ decision: 'returned', reason: '请补充居住证明', reviewerName: '苏州市医保中心 审核员' });
    const [mine] = expectOk(await queue(SUZHOU, { tab: 'mine' })).items;
    expect(mine).toMatchObject({ claimedBy: SUZHOU, claimedByName: '苏州市医保中心 审核员', insuredRegionName: '江苏省苏州市' });
    expect(mine!.decision).toBeUndefined();
  });

  it('pages a tab by cursor', async () => {
    const first = expectOk(await queue(SUZHOU, { tab: 'done', limit: 1 }));
    expect(first.items.map((i) => i.id)).toEqual([filed['赵敏']!.id]);
    expect(await ids(SUZHOU, { tab: 'done', limit: 1, cursor: first.nextCursor })).toEqual([filed['王芳']!.id]);
  });

  it('counts the tabs and the overdue open filings', async () => {
    expect(await counts(SUZHOU)).toEqual({ pending: 1, mine: 1, returned: 1, done: 2, overdue: 0 });
    expect(await counts(BEIJING)).toEqual({ pending: 0, mine: 0, returned: 0, done: 0, overdue: 0 });
    // Past the deadline (2026-11-30): the pending and the claimed filing are late, the returned and decided ones are not.
    h.clock.set(new Date('2026-12-15T02:00:00Z'));
    expect(await counts(SUZHOU)).toMatchObject({ overdue: 2 });
    const overdue = async (tab: string) => expectOk(await queue(SUZHOU, { tab })).items.map((i) => i.overdue);
    expect(await overdue('pending')).toEqual([true]);
    expect(await overdue('mine')).toEqual([true]);
    expect(await overdue('returned')).toEqual([false]);
    expect(await overdue('done')).toEqual([false, false]);
  });

  it('never shows Beijing staff a Suzhou filing in any tab', async () => {
    expect(filed['张桂英']!.status).toBe('approved');
    for (const tab of ['pending', 'mine', 'returned', 'done']) expect(await ids(BEIJING, { tab })).toEqual([]);
    expect(await ids(BEIJING, {})).toEqual([]);
    // A claim outlives a move to other regions, but the filing is no longer shown to its claimer.
    const suzhou = (await h.ctx.repo.get<StaffRecord>(Collections.staff, SUZHOU))!;
    await h.ctx.repo.commit([{ kind: 'put', collection: Collections.staff, doc: { ...suzhou, regions: ['110000'], version: suzhou.version + 1 } as StaffRecord }]);
    expect(await ids(SUZHOU, { tab: 'mine' })).toEqual([]);
  });

  it('finds a filing by 备案编号 in my regions only', async () => {
    const { filingNo, id } = filed['张秀英']!;
    expect(filingNo).toMatch(/^\d{8}-\d{6}$/);
    expect((await search(SUZHOU, { filingNo })).map((i) => i.id)).toEqual([id]);
    expect(await search(BEIJING, { filingNo })).toEqual([]);
    expect(await search(SUZHOU, { filingNo: '20261126-999999' })).toEqual([]);
    expect(await search(SUZHOU, { filingNo: '不是编号' })).toEqual([]);
  });

  it('finds a filing by name through its masked form, and by a number typed in the name box', async () => {
    const found = await search(SUZHOU, { name: '张秀英' });
    expect(found.map((i) => i.id)).toEqual([filed['张秀英']!.id]);
    expect(found[0]).toMatchObject({ applicantName: '张*英', filingNo: filed['张秀英']!.filingNo });
    // The same mask in Beijing names only Beijing's own filing.
    expect((await search(BEIJING, { name: '张秀英' })).map((i) => i.id)).toEqual([filed['张桂英']!.id]);
    expect((await search(SUZHOU, { name: '张*英' })).map((i) => i.id)).toEqual([filed['张秀英']!.id]);
    expect((await search(SUZHOU, { name: filed['赵敏']!.filingNo })).map((i) => i.id)).toEqual([filed['赵敏']!.id]);
    expect((await search(SUZHOU, { name: '赵敏' }))[0]).toMatchObject({ decision: 'approved' });
    expect(await search(SUZHOU, { name: '钱多多' })).toEqual([]);
  });

  it('finds a filing by full ID number through its HMAC, and audits the search without the number', async () => {
    const found = await search(SUZHOU, { idNumber: PENDING.idNumber });
    expect(found.map((i) => i.id)).toEqual([filed['张秀英']!.id]);
    let log = await pii();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ event: 'pii_search', filingId: filed['张秀英']!.id, filingNo: filed['张秀英']!.filingNo, actorId: SUZHOU });

    // Beijing staff searching a Suzhou person find nothing; the search is still recorded, against no filing.
    expect(await search(BEIJING, { idNumber: PENDING.idNumber })).toEqual([]);
    log = await pii();
    expect(log).toHaveLength(2);
    expect(log.find((a) => a.actorId === BEIJING)).toMatchObject({ event: 'pii_search', filingId: '' });

    const rows = JSON.stringify(log);
    expect(rows).not.toContain(PENDING.idNumber);
    expect(rows).not.toContain(PENDING.idNumber.slice(6, 14));
    expect(rows).toContain('320505********');
    // The staff timeline of the filing shows the search; the resident's does not.
    const timeline = (await h.ctx.repo.timeline(filed['张秀英']!.id)).map((a: AuditRecord) => a.event);
    expect(timeline).toContain('pii_search');
  });

  it('answers bad searches with a coded Chinese error and writes nothing', async () => {
    const before = await h.ctx.repo.count(Collections.audit);
    expectCode(await h.call('review', SUZHOU, { action: 'search', filingNo: filed['张秀英']!.filingNo, name: '张秀英' }), 'REQUEST.INVALID');
    expectCode(await h.call('review', SUZHOU, { action: 'search' }), 'REQUEST.INVALID');
    expectCode(await h.call('review', SUZHOU, { action: 'search', idNumber: '110105194912310021' }), 'REQUEST.INVALID');
    expectCode(await h.call('review', SUZHOU, { action: 'queue', tab: 'all' }), 'REQUEST.INVALID');
    expectCode(await h.call('review', PENDING.openid, { action: 'search', name: '张秀英' }), 'AUTH.NOT_STAFF');
    expectCode(await h.call('review', PENDING.openid, { action: 'queueCounts' }), 'AUTH.NOT_STAFF');
    expect(await h.ctx.repo.count(Collections.audit)).toBe(before);
  });
});

itServedEveryQueryFromADeclaredIndex();
