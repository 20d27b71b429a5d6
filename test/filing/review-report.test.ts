import ExcelJS from 'exceljs';
import type { FilingSummary, ListPage } from '../../core/api/filing-api';
import type { QueueItem, ReviewStats } from '../../core/api/review-api';
import { materialStorage } from '../../server/storage/material-storage';
import { Collections, type FileRecord } from '../../server/filing/filing-records';
import { demoIdentity } from '../../server/demo/demo-identities';
import { expectCode, expectOk, startHarness, type Harness, type StoreKind } from '../support/filing-harness';
import { exampleFiling, exampleFilingOf } from '../support/example-filing';
import { jpegBytes } from '../support/material-bytes';
import { zipEntries } from '../support/zip-entries';

interface ExportAnswer { fileId: string; rows: number; url: string; expiresAt: string }

const SUZHOU = 'demo-staff-suzhou';
const BEIJING = 'demo-staff-beijing';
const mother = demoIdentity('demo-resident-1').family[0]!;
const FULL_IDS = [demoIdentity('demo-resident-1').self.idNumber, demoIdentity('demo-resident-2').self.idNumber, mother.idNumber];

async function submit(h: Harness, openid: string, key: string, filing: Record<string, unknown>): Promise<FilingSummary> {
  return expectOk(await h.call<FilingSummary>('filing', openid, { action: 'submit', idempotencyKey: key, filing }));
}

async function decide(h: Harness, staff: string, id: string, action: 'approve' | 'reject' | 'return', reason?: string): Promise<void> {
  expectOk(await h.call('review', staff, { action: 'claim', id }));
  expectOk(await h.call('review', staff, { action, id, ...(reason ? { reason } : {}) }));
}

/** A 居住证 uploaded by the resident: a second long-term place needs documents, not a commitment. */
async function proofOf(h: Harness, openid: string) {
  const uploaded = await materialStorage(h.ctx).upload(openid, '居住证.jpg', jpegBytes('居住证'));
  if (!uploaded.ok) throw new Error(uploaded.error.code);
  return { kind: 'documents', fileIds: [uploaded.data.fileId] };
}

/**
 * 11-26 (Thu) five filings arrive, each with its deadline of 11-30: four for Suzhou, one for
 * Beijing, approved at once. 11-27 Suzhou approves A and rejects B; 12-02 (Wed, late) Suzhou
 * returns D; E stays open and is overdue by then.
 */
async function story(h: Harness) {
  const a = await submit(h, 'demo-resident-1', 'a', exampleFiling());
  const b = await submit(h, 'demo-resident-2', 'b', exampleFilingOf('demo-resident-2'));
  const c = await submit(h, 'demo-resident-1', 'c', exampleFiling({ applicant: { name: mother.name, idNumber: mother.idNumber, phone: '13800138001' }, insuredRegion: '110105' }));
  const d = await submit(h, 'demo-resident-1', 'd', exampleFiling({ treatmentRegion: '310000', residenceAddress: '上海市黄浦区人民大道1号', proof: await proofOf(h, 'demo-resident-1') }));
  const e = await submit(h, 'demo-resident-2', 'e', exampleFilingOf('demo-resident-2', { treatmentRegion: '310000', residenceAddress: '上海市黄浦区人民大道1号', proof: await proofOf(h, 'demo-resident-2') }));
  h.clock.set('2026-11-27T01:00:00Z');
  await decide(h, SUZHOU, a.id, 'approve', '材料齐全');
  h.clock.set('2026-11-27T02:00:00Z');
  await decide(h, SUZHOU, b.id, 'reject', '不符合长期居住条件');
  // Beijing's rules approve C at once (no staff decision): it stays out of history.
  expect(c.status).toBe('approved');
  h.clock.set('2026-12-02T03:00:00Z');
  await decide(h, SUZHOU, d.id, 'return', '请补充居住证明');
  return { a, b, c, d, e };
}

describe.each<StoreKind>(['sqlite', 'cloudbase'])('review history, stats and export on %s', (store) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(store);
  });
  afterEach(() => h.cleanup());

  it('lists decisions of my regions in the range, newest first, with decision, reviewer, reason and regions by name', async () => {
    const { a, b, c, d } = await story(h);
    const history = (q: Record<string, unknown>, who = SUZHOU) => h.call<ListPage<QueueItem>>('review', who, { action: 'history', from: '2026-11-26', to: '2026-12-31', ...q });

    const all = expectOk(await history({}));
    expect(all.items.map((i) => i.id)).toEqual([d.id, b.id, a.id]);
    expect(all.items.map((i) => [i.decision, i.reviewerName, i.reason ?? null])).toEqual([
      ['returned', '苏州市医保中心 审核员', '请补充居住证明'],
      ['rejected', '苏州市医保中心 审核员', '不符合长期居住条件'],
      ['approved', '苏州市医保中心 审核员', '材料齐全'],
    ]);
    expect(all.items[2]).toMatchObject({ insuredRegionName: '江苏省苏州市', treatmentRegionName: '广东省深圳市', decidedAt: '2026-11-27T09:00:00.000+08:00', overdue: false });
    expect(JSON.stringify(all)).not.toMatch(new RegExp(FULL_IDS.join('|')));

    expect(expectOk(await history({ decision: 'rejected' })).items.map((i) => i.id)).toEqual([b.id]);
    expect(expectOk(await history({ from: '2026-11-28', to: '2026-12-02' })).items.map((i) => i.id)).toEqual([d.id]);
    expect(expectOk(await history({ from: '2026-11-26', to: '2026-11-26' })).items).toEqual([]);

    const first = expectOk(await history({ limit: 2 }));
    expect(first.items.map((i) => i.id)).toEqual([d.id, b.id]);
    expect(expectOk(await history({ limit: 2, cursor: first.nextCursor })).items.map((i) => i.id)).toEqual([a.id]);

    // Beijing never sees Suzhou's decisions; its own filing was approved by the rules, not by staff.
    expect(expectOk(await history({}, BEIJING)).items).toEqual([]);
    expect(c.status).toBe('approved');
  });

  it('refuses a backwards range and one over a year with a coded Chinese error naming the field', async () => {
    for (const action of ['history', 'stats', 'export']) {
      const backwards = await h.call('review', SUZHOU, { action, from: '2026-12-02', to: '2026-12-01' });
      expectCode(backwards, 'REQUEST.INVALID');
      expect(backwards.ok ? {} : backwards.error.fields).toEqual({ to: '结束日期不能早于开始日期' });
      const long = await h.call('review', SUZHOU, { action, from: '2026-01-01', to: '2027-01-01' });
      expectCode(long, 'REQUEST.INVALID');
      expect(long.ok ? {} : long.error.fields).toEqual({ to: '查询范围最长一年，请缩短日期范围' });
      expectOk(await h.call('review', SUZHOU, { action, from: '2026-01-01', to: '2026-12-31' }));
      expectCode(await h.call('review', SUZHOU, { action, from: '2026-02-30', to: '2026-03-01' }), 'REQUEST.INVALID');
      expectCode(await h.call('review', 'demo-resident-1', { action, from: '2026-11-01', to: '2026-11-30' }), 'AUTH.NOT_STAFF');
    }
    // Refusals write nothing: the one stored file is the one export that was allowed.
    expect((await h.ctx.repo.count(Collections.files))).toBe(1);
  });

  it('counts per region: received, decided by kind, overdue now, median working days, share within the deadline', async () => {
    await story(h);
    const stats = expectOk(await h.call<ReviewStats>('review', SUZHOU, { action: 'stats', from: '2026-11-26', to: '2026-12-31' }));
    expect(stats.regions).toEqual([{
      region: { code: '320500', name: '江苏省苏州市' },
      received: 4,
      decided: { approved: 1, rejected: 1, returned: 1, closed: 0 },
      // E, open past its deadline of 11-30 on 12-02.
      overdueNow: 1,
      // A and B: 1 working day (11-27); D: 4 (11-27, 11-30, 12-01, 12-02).
      medianWorkingDays: 1,
      withinDeadlineShare: 2 / 3,
    }]);
    const later = expectOk(await h.call<ReviewStats>('review', SUZHOU, { action: 'stats', from: '2026-12-01', to: '2026-12-31' }));
    expect(later.regions[0]).toMatchObject({ received: 0, decided: { approved: 0, rejected: 0, returned: 1, closed: 0 }, overdueNow: 1, medianWorkingDays: 4, withinDeadlineShare: 0 });
    const none = expectOk(await h.call<ReviewStats>('review', SUZHOU, { action: 'stats', from: '2026-10-01', to: '2026-10-31' }));
    expect(none.regions[0]!.medianWorkingDays).toBeUndefined();
    expect(none.regions[0]!.withinDeadlineShare).toBeUndefined();

    const beijing = expectOk(await h.call<ReviewStats>('review', BEIJING, { action: 'stats', from: '2026-11-26', to: '2026-12-31' }));
    // Beijing: C received, approved by the rules at once, so no staff decision to count.
    expect(beijing.regions).toEqual([{
      region: { code: '110000', name: '北京市' },
      received: 1,
      decided: { approved: 0, rejected: 0, returned: 0, closed: 0 },
      overdueNow: 0,
    }]);
  });

  it('exports my regions’ decisions as an .xlsx only I can read, names and ID numbers masked', async () => {
    const { a, b, d } = await story(h);
    const answer = expectOk(await h.call<ExportAnswer>('review', SUZHOU, { action: 'export', from: '2026-11-26', to: '2026-12-31' }));
    expect(answer.rows).toBe(3);
    const storage = materialStorage(h.ctx);
    const read = await storage.read(SUZHOU, answer.fileId);
    if (!read.ok) throw new Error(read.error.code);
    expect(read.data.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    // Nobody else: not a colleague of another region, not the residents listed in it.
    expectCode(await storage.read(BEIJING, answer.fileId), 'STORAGE.FILE_NOT_FOUND');
    expectCode(await storage.read('demo-resident-1', answer.fileId), 'STORAGE.FILE_NOT_FOUND');
    // Nor can anyone register it as proof.
    expect((await storage.register(SUZHOU, answer.fileId, 'x.pdf')).ok).toBe(false);
    const record = await h.ctx.repo.get<FileRecord>(Collections.files, answer.fileId);
    expect(record).toMatchObject({ kind: 'export', uploaderOpenid: SUZHOU, filingIds: [] });

    const book = new ExcelJS.Workbook();
    await book.xlsx.load(read.data.bytes as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('审核记录')!;
    const rows = (sheet.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
    expect(rows[0]).toEqual(['备案编号', '备案类型', '参保地', '就医地', '提交日期', '办结日期', '审核结果', '审核意见', '审核人', '姓名', '身份证号']);
    expect(rows).toHaveLength(4);
    expect(rows.slice(1).map((r) => r[0])).toEqual([d.filingNo, b.filingNo, a.filingNo]);
    expect(rows[3]).toEqual([a.filingNo, '异地长期居住', '江苏省苏州市', '广东省深圳市', '2026-11-26', '2026-11-27', '通过', '材料齐全', '苏州市医保中心 审核员', '张*英', '110105********002X']);
    expect(rows[2]!.slice(6, 8)).toEqual(['不通过', '不符合长期居住条件']);
    expect(rows[1]!.slice(3, 8)).toEqual(['上海市', '2026-11-26', '2026-12-02', '退回补充', '请补充居住证明']);
    // No full ID number anywhere in the workbook, whatever cell or sheet.
    const everything = [...zipEntries(read.data.bytes).values()].join('\n');
    expect(everything).toContain('110105********002X');
    for (const id of FULL_IDS) expect(everything).not.toContain(id);
    expect(everything).not.toContain('张秀英');

    // The link the phone opens reads the same bytes without an identity, as a temporary URL does.
    const viaLink = await storage.readByLink(answer.fileId);
    expect(viaLink.ok && viaLink.data.bytes.equals(read.data.bytes)).toBe(true);

    // Beijing's export holds none of Suzhou's decisions: a header row only.
    const beijing = expectOk(await h.call<ExportAnswer>('review', BEIJING, { action: 'export', from: '2026-11-26', to: '2026-12-31' }));
    expect(beijing.rows).toBe(0);
    const theirs = await storage.read(BEIJING, beijing.fileId);
    if (!theirs.ok) throw new Error(theirs.error.code);
    const other = new ExcelJS.Workbook();
    await other.xlsx.load(theirs.data.bytes as unknown as ArrayBuffer);
    const text = JSON.stringify(other.worksheets.map((w) => w.getSheetValues()));
    for (const f of [a, b, d]) expect(text).not.toContain(f.filingNo!);
    expect(text).not.toContain('江苏省苏州市');
    expect(text).toContain('备案编号');
  });
});
