import fs from 'node:fs';
import path from 'node:path';
import type { FilingDetail, FilingSummary, ListPage } from '../../core/api/filing-api';
import type { QueueItem, ReviewDetail, StaffView } from '../../core/api/review-api';
import { addWorkingDays } from '../../core/time/working-days';
import { Collections } from '../../server/filing/filing-records';
import { sweepExpiredFilings } from '../../server/filing/expiry';
import { installMaterialFiles, materialStorage } from '../../server/storage/material-storage';
import { cloudbaseMaterialFiles } from '../../server/storage/cloudbase-material-files';
import { createCloudbaseStorageStandIn } from '../support/cloudbase-storage-stand-in';
import { makeResidentId } from '../support/resident-ids';
import { expectCode, expectOk, startHarness, type Harness } from '../support/filing-harness';
import { exampleFiling, exampleFilingOf } from '../support/example-filing';
import { bindAs } from '../support/identity-helpers';
import { jpegBytes, pdfBytes } from '../support/material-bytes';

/** Every rule of the filings issue, through the real handlers and real SQLite. */
let h: Harness;
beforeEach(async () => {
  h = await startHarness('sqlite');
});
afterEach(() => h.cleanup());

const RESIDENT = 'demo-resident-1';
let keys = 0;
const submit = (filing: Record<string, unknown>, openid = RESIDENT) =>
  h.call<FilingSummary>('filing', openid, { action: 'submit', idempotencyKey: `key-${++keys}`, filing });
const decide = async (id: string, action: 'approve' | 'reject' | 'return', reason?: string) => {
  expectOk(await h.call('review', 'demo-staff-suzhou', { action: 'claim', id }));
  return h.call<FilingSummary>('review', 'demo-staff-suzhou', { action, id, ...(reason ? { reason } : {}) });
};
const counts = async () =>
  Promise.all(Object.values(Collections).map((c) => h.ctx.repo.count(c)));

describe('submission rules', () => {
  it('refuses a second active filing for the same person and treatment province, allows it after withdrawal', async () => {
    const first = expectOk(await submit(exampleFiling()));
    expectCode(await submit(exampleFiling({ treatmentRegion: '440100' })), 'FILING.DUPLICATE_ACTIVE');
    // Another province is a separate slot (and long-term commitment elsewhere is allowed nationally… but not in Suzhou).
    expectOk(await h.call('filing', RESIDENT, { action: 'withdraw', id: first.id, reason: '不去了' }));
    expectOk(await submit(exampleFiling({ treatmentRegion: '440100' })));
  });

  it('sets the review deadline in working days of the policy', async () => {
    const filed = expectOk(await submit(exampleFiling()));
    expect(filed.reviewDeadline).toBe(addWorkingDays('2026-11-26', 2));
  });

  it('refuses commitment where the type or the region forbids it', async () => {
    expectCode(await submit(exampleFiling({ type: 'referral', hospital: { name: '中山大学附属第一医院' }, diagnosis: '肺癌' })), 'FILING.TYPE_NEEDS_PROOF');
    expectCode(await submit(exampleFiling({ type: 'retired_resettled' })), 'FILING.TYPE_NEEDS_PROOF');
    expect(await h.ctx.repo.count(Collections.filings)).toBe(0);
  });

  it('locks re-filing for 6 months after a commitment-based long-term filing (Suzhou) and then refuses commitment in several places', async () => {
    const first = expectOk(await submit(exampleFiling()));
    expectOk(await decide(first.id, 'approve'));
    const beijing = exampleFiling({ treatmentRegion: '110100', residenceAddress: '北京市朝阳区建国路1号' });
    expectCode(await submit(beijing), 'FILING.REFILING_LOCKED');
    h.clock.advanceDays(190);
    expectCode(await submit(beijing), 'FILING.COMMITMENT_MULTI_PLACE');
    const upload = expectOk(await materialStorage(h.ctx).upload(RESIDENT, '居住证.jpg', jpegBytes('jpeg')));
    expectOk(await submit({ ...beijing, proof: { kind: 'documents', fileIds: [upload.fileId] } }));
  });

  it('enforces the emergency filing deadline of the insured region (Hunan: 3 days)', async () => {
    const emergency = (admissionDate: string) => exampleFiling({
      type: 'emergency', insuredRegion: '430100', treatmentRegion: '440300', residenceAddress: undefined,
      hospital: { name: '深圳市人民医院' }, diagnosis: '急性心肌梗死', admissionDate, startDate: admissionDate,
      proof: { kind: 'documents', fileIds: [] },
    });
    const file = expectOk(await materialStorage(h.ctx).upload(RESIDENT, '急诊病历.pdf', pdfBytes('pdf')));
    const late = { ...emergency('2026-11-20'), proof: { kind: 'documents', fileIds: [file.fileId] } };
    expectCode(await submit(late), 'FILING.EMERGENCY_DEADLINE_PASSED');
    const inTime = { ...emergency('2026-11-24'), proof: { kind: 'documents', fileIds: [file.fileId] } };
    const filed = expectOk(await submit(inTime));
    expect(filed.endDate).toBe('2027-05-23');
  });

  it('only accepts materials the caller uploaded', async () => {
    const theirs = expectOk(await materialStorage(h.ctx).upload('demo-resident-2', '转诊证明.jpg', jpegBytes('x')));
    const referral = exampleFiling({
      type: 'referral', hospital: { name: '中山大学附属第一医院' }, diagnosis: '肺癌', residenceAddress: undefined,
      proof: { kind: 'documents', fileIds: [theirs.fileId] },
    });
    expectCode(await submit(referral), 'FILING.MATERIAL_NOT_YOURS');
    expectCode(await submit({ ...referral, proof: { kind: 'documents', fileIds: ['cloud://local/00000000-0000-0000-0000-000000000000'] } }), 'FILING.MATERIAL_NOT_YOURS');
  });

  it('registers a CloudBase upload to its uploader only: the path the server handed out names them', async () => {
    const storage = createCloudbaseStorageStandIn('prod-env');
    installMaterialFiles(h.runtime, cloudbaseMaterialFiles(storage.api, 'prod-env', storage.fetch));
    const { cloudPath } = expectOk(await h.call<{ cloudPath: string }>('filing', RESIDENT, { action: 'materialUploadPath', extension: 'jpg' }));
    const fileId = storage.put(cloudPath, jpegBytes('转诊证明'));
    expectOk(await h.call('filing', RESIDENT, { action: 'registerMaterial', fileId, name: '转诊证明' }));
    expectOk(await h.call('filing', RESIDENT, { action: 'registerMaterial', fileId }));
    expectCode(await h.call('filing', 'demo-resident-2', { action: 'registerMaterial', fileId }), 'FILING.MATERIAL_NOT_YOURS');
    const referral = exampleFiling({
      type: 'referral', hospital: { name: '中山大学附属第一医院' }, diagnosis: '肺癌', residenceAddress: undefined,
      proof: { kind: 'documents', fileIds: [fileId] },
    });
    expectCode(await submit(exampleFilingOf('demo-resident-2', referral), 'demo-resident-2'), 'FILING.MATERIAL_NOT_YOURS');
    expect(expectOk(await submit(referral)).status).toBe('submitted');
  });

  it('approves at once where the region approves commitment filings instantly (Beijing)', async () => {
    const filed = expectOk(await submit(exampleFiling({ insuredRegion: '110105' })));
    expect(filed.status).toBe('approved');
    const detail = expectOk(await h.call<FilingDetail>('filing', RESIDENT, { action: 'get', id: filed.id }));
    expect(detail.timeline.map((t) => t.event)).toEqual(['submit', 'approveInstantly']);
  });
});

describe('validity, expiry and the lock period', () => {
  it('defaults the end date of a temporary filing from the policy and expires it when read and by the sweep', async () => {
    const temp = exampleFiling({ type: 'other_temporary', residenceAddress: undefined });
    const a = expectOk(await submit(temp));
    expect(a.endDate).toBe('2027-11-30');
    expectOk(await decide(a.id, 'approve'));
    const b = expectOk(await submit(exampleFilingOf('demo-resident-2', { ...temp, treatmentRegion: '110100' }), 'demo-resident-2'));
    expectOk(await decide(b.id, 'approve'));
    h.clock.advanceDays(400);
    expect(expectOk(await h.call<FilingDetail>('filing', RESIDENT, { action: 'get', id: a.id })).status).toBe('expired');
    expect(await sweepExpiredFilings(h.ctx)).toBe(1);
    expect(expectOk(await h.call<FilingDetail>('filing', 'demo-resident-2', { action: 'get', id: b.id })).status).toBe('expired');
    expect(await sweepExpiredFilings(h.ctx)).toBe(0);
    const outbox = await h.ctx.repo.pendingOutbox(100);
    expect(outbox.filter((o) => o.event === 'expire').map((o) => o.filingId).sort()).toEqual([a.id, b.id].sort());
  });

  it('refuses to cancel a long-term filing within the lock period, saying from when; contact changes are never locked', async () => {
    const filed = expectOk(await submit(exampleFiling()));
    expectOk(await decide(filed.id, 'approve'));
    const refused = await h.call('filing', RESIDENT, { action: 'cancel', id: filed.id, reason: '回老家了' });
    expectCode(refused, 'FILING.CHANGE_LOCKED');
    // Approved on 2026-11-26 with the national 6 months: cancelling opens on 2027-05-26.
    expect(!refused.ok && refused.error.message).toContain('2027年5月26日起可以办理');
    expect(!refused.ok && refused.error.fields).toEqual({ id: '2027年5月26日起可以取消' });
    const detail = expectOk(await h.call<FilingDetail>('filing', RESIDENT, { action: 'get', id: filed.id }));
    expect(detail.lockedUntil).toBe('2027-05-26');
    // A new phone number and a new address are how the agency reaches the resident: allowed at once.
    const change = expectOk(await h.call<FilingSummary>('filing', RESIDENT, { action: 'change', id: filed.id, changes: { phone: '13900139000', residenceAddress: '广东省深圳市福田区福华路2号' } }));
    expect(change.changeOf).toBe(filed.id);
    expectOk(await decide(change.id, 'approve'));
    const changed = expectOk(await h.call<FilingDetail>('filing', RESIDENT, { action: 'get', id: change.id }));
    expect(changed.phoneMasked).toBe('139****9000');
    expect(changed.residenceAddress).toBe('广东省深圳市福田区福华路2号');
    expect(changed.lockedUntil).toBe('2027-05-26');
    // A later contact change does not restart the lock.
    h.clock.advanceDays(100);
    const again = expectOk(await h.call<FilingSummary>('filing', RESIDENT, { action: 'change', id: change.id, changes: { phone: '13700137000' } }));
    expectOk(await decide(again.id, 'approve'));
    expect(expectOk(await h.call<FilingDetail>('filing', RESIDENT, { action: 'get', id: again.id })).lockedUntil).toBe('2027-05-26');
    h.clock.advanceDays(100);
    expect(expectOk(await h.call<FilingDetail>('filing', RESIDENT, { action: 'get', id: again.id })).lockedUntil).toBeUndefined();
    expect(expectOk(await h.call<FilingSummary>('filing', RESIDENT, { action: 'cancel', id: again.id, reason: '回老家了' })).status).toBe('cancelled');
    // The cancelled (changed) version gives back the person's place in the province: filing again works.
    expect(expectOk(await h.call<FilingSummary>('filing', RESIDENT, { action: 'submit', idempotencyKey: 'after-cancel', filing: exampleFiling() })).status).toBe('submitted');
  });

  it('turns an approved change request into a new version that supersedes the old one', async () => {
    const referral = exampleFiling({
      type: 'referral', hospital: { name: '中山大学附属第一医院' }, diagnosis: '肺癌', residenceAddress: undefined,
    });
    const file = expectOk(await materialStorage(h.ctx).upload(RESIDENT, '转诊证明.jpg', jpegBytes('x')));
    const filed = expectOk(await submit({ ...referral, proof: { kind: 'documents', fileIds: [file.fileId] } }));
    expectOk(await decide(filed.id, 'approve'));
    const change = expectOk(await h.call<FilingSummary>('filing', RESIDENT, { action: 'change', id: filed.id, changes: { hospital: { name: '广东省人民医院' } } }));
    expect(change.changeOf).toBe(filed.id);
    expectCode(await h.call('filing', RESIDENT, { action: 'change', id: filed.id, changes: { phone: '13900139000' } }), 'FILING.TRANSITION_NOT_ALLOWED');
    expectOk(await decide(change.id, 'approve'));
    const old = expectOk(await h.call<FilingDetail>('filing', RESIDENT, { action: 'get', id: filed.id }));
    expect(old.status).toBe('superseded');
    const current = expectOk(await h.call<FilingDetail>('filing', RESIDENT, { action: 'get', id: change.id }));
    expect(current.hospital?.name).toBe('广东省人民医院');
    // The new version holds the person's slot: a third referral to Guangdong is still a duplicate.
    expectCode(await submit({ ...referral, proof: { kind: 'documents', fileIds: [file.fileId] } }), 'FILING.DUPLICATE_ACTIVE');
  });
});

describe('review', () => {
  it('returns a filing for more material; supplementing resubmits it; rejection and return need a reason', async () => {
    const filed = expectOk(await submit(exampleFiling()));
    expectOk(await h.call('review', 'demo-staff-suzhou', { action: 'claim', id: filed.id }));
    expectCode(await h.call('review', 'demo-staff-suzhou', { action: 'return', id: filed.id, reason: '   ' }), 'REQUEST.INVALID');
    expect(expectOk(await h.call<FilingSummary>('review', 'demo-staff-suzhou', { action: 'return', id: filed.id, reason: '请补充居住证' })).status).toBe('returned');
    const proof = expectOk(await materialStorage(h.ctx).upload(RESIDENT, '居住证.jpg', jpegBytes('x')));
    const again = expectOk(await h.call<FilingSummary>('filing', RESIDENT, { action: 'supplement', id: filed.id, proof: { kind: 'documents', fileIds: [proof.fileId] } }));
    expect(again.status).toBe('submitted');
    const detail = expectOk(await h.call<FilingDetail>('filing', RESIDENT, { action: 'get', id: filed.id }));
    expect(detail.timeline.find((t) => t.event === 'return')?.reason).toBe('请补充居住证');
    expect(detail.fileIds).toEqual([proof.fileId]);
  });

  it('orders the queue by deadline, flags overdue filings and pages by cursor', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const applicant = { name: '李四', idNumber: makeResidentId('320505', '19600101', 10 + i), phone: '13800138000' };
      await bindAs(h.runtime, `resident-${i}`, applicant);
      ids.push(expectOk(await submit(exampleFiling({ applicant }), `resident-${i}`)).id);
      // Two days apart: distinct working-day deadlines (Mon 30, Tue 1, Wed 2).
      h.clock.advanceDays(2);
    }
    h.clock.advanceDays(5);
    const first = expectOk(await h.call<ListPage<QueueItem>>('review', 'demo-staff-suzhou', { action: 'queue', limit: 2 }));
    expect(first.items.map((f) => f.id)).toEqual(ids.slice(0, 2));
    expect(first.items.every((f) => f.overdue)).toBe(true);
    const rest = expectOk(await h.call<ListPage<QueueItem>>('review', 'demo-staff-suzhou', { action: 'queue', limit: 2, cursor: first.nextCursor }));
    expect(rest.items.map((f) => f.id)).toEqual(ids.slice(2));
  });

  it('records who viewed a full ID number', async () => {
    const filed = expectOk(await submit(exampleFiling()));
    const view = expectOk(await h.call<ReviewDetail>('review', 'demo-staff-suzhou', { action: 'get', id: filed.id, revealIdNumber: true }));
    expect(view.idNumber).toBe('11010519491231002X');
    const again = expectOk(await h.call<ReviewDetail>('review', 'demo-staff-suzhou', { action: 'get', id: filed.id }));
    expect(again.timeline.some((t) => t.event === 'pii_access' && t.actor === '苏州市医保中心 审核员')).toBe(true);
    const residentView = expectOk(await h.call<FilingDetail>('filing', RESIDENT, { action: 'get', id: filed.id }));
    expect(residentView.timeline.some((t) => t.event === 'pii_access')).toBe(false);
  });

  it('lets only admins manage staff; reviewers added by an admin see their region', async () => {
    expectCode(await h.call('review', 'demo-staff-suzhou', { action: 'staffAdd', openid: 'new-one', name: '王五', role: 'reviewer', regions: ['320000'] }), 'AUTH.FORBIDDEN');
    expectCode(await h.call('review', 'demo-admin', { action: 'staffAdd', openid: 'new-one', name: '王五', role: 'reviewer', regions: ['329900'] }), 'REGION.UNKNOWN');
    expectOk(await h.call<StaffView>('review', 'demo-admin', { action: 'staffAdd', openid: 'jiangsu-1', name: '王五', role: 'reviewer', regions: ['320000'] }));
    const filed = expectOk(await submit(exampleFiling()));
    const queue = expectOk(await h.call<ListPage<QueueItem>>('review', 'jiangsu-1', { action: 'queue' }));
    expect(queue.items.map((f) => f.id)).toEqual([filed.id]);
    expectOk(await h.call('review', 'demo-admin', { action: 'staffRemove', openid: 'jiangsu-1' }));
    expectCode(await h.call('review', 'jiangsu-1', { action: 'queue' }), 'AUTH.NOT_STAFF');
  });
});

describe('identity, bad input and personal data', () => {
  it('takes identity only from the WeChat context', async () => {
    expectCode(await h.call('filing', undefined, { action: 'list' }), 'AUTH.NO_IDENTITY');
    expectCode(await h.call('review', undefined, { action: 'queue' }), 'AUTH.NO_IDENTITY');
    const filed = expectOk(await submit(exampleFiling()));
    expectCode(await h.call('filing', 'demo-resident-2', { action: 'get', id: filed.id, openid: RESIDENT, userInfo: { openId: RESIDENT } }), 'FILING.NOT_FOUND');
    expectCode(await h.call('review', 'demo-resident-2', { action: 'claim', id: filed.id, openid: 'demo-staff-suzhou' }), 'AUTH.NOT_STAFF');
  });

  it('answers bad input with a coded Chinese error and writes nothing', async () => {
    const before = await counts();
    const bad: unknown[] = [
      { action: 'submit' },
      { action: 'submit', idempotencyKey: 'k', filing: { ...exampleFiling(), applicant: { name: '张三', idNumber: '11010519491231002Y', phone: '138' } } },
      { action: 'submit', idempotencyKey: 'k', filing: exampleFiling({ startDate: '2026-02-30' }) },
      { action: 'submit', idempotencyKey: 'x'.repeat(10_000), filing: exampleFiling() },
      { action: 'submit', idempotencyKey: 'k', filing: exampleFiling({ type: 'holiday' }) },
      { action: 'submit', idempotencyKey: 'k', filing: exampleFiling({ treatmentRegion: '320583' }) },
      { action: 'saveDraft', draft: { notes: 'x'.repeat(20_000) } },
      { action: 'withdraw', id: 42 },
      { action: 'change', id: 'abc', changes: {} },
      { action: 'list', limit: 500 },
      { action: 'nope' },
      JSON.parse('{"action":"submit","__proto__":{"polluted":true},"idempotencyKey":"k"}'),
    ];
    for (const data of bad) {
      const result = await h.call('filing', RESIDENT, data);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await counts()).toEqual(before);
  });

  it('names each wrong field', async () => {
    const result = await submit(exampleFiling({ applicant: { name: '', idNumber: '11010519491231002Y', phone: '1380013800' } }));
    expectCode(result, 'REQUEST.INVALID');
    expect(Object.keys(result.ok ? {} : result.error.fields ?? {}).sort()).toEqual(['filing.applicant.idNumber', 'filing.applicant.name', 'filing.applicant.phone']);
  });

  it('keeps ID numbers encrypted at rest and out of the logs', async () => {
    const filed = expectOk(await submit(exampleFiling()));
    expectOk(await h.call('filing', RESIDENT, { action: 'saveDraft', draft: { idNumber: '440524188001010014' } }));
    expectOk(await h.call('review', 'demo-staff-suzhou', { action: 'get', id: filed.id, revealIdNumber: true }));
    const files = fs.readdirSync(h.dataDir).filter((f) => f.includes('.sqlite'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const raw = fs.readFileSync(path.join(h.dataDir, file)).toString('latin1');
      expect(raw).not.toContain('11010519491231002X');
      expect(raw).not.toContain('440524188001010014');
      expect(raw).not.toContain('13800138000');
    }
    expect(h.logs.join('\n')).not.toContain('11010519491231002X');
  });

  it('answers an unexpected failure with SYSTEM.INTERNAL and a request ID, and logs the cause', async () => {
    const original = h.ctx.repo.listByApplicant;
    h.ctx.repo.listByApplicant = () => Promise.reject(new Error('disk on fire for 11010519491231002X'));
    const result = await h.call('filing', RESIDENT, { action: 'list' });
    h.ctx.repo.listByApplicant = original;
    expectCode(result, 'SYSTEM.INTERNAL');
    const requestId = result.ok ? '' : result.error.requestId ?? '';
    expect(requestId).not.toBe('');
    expect(JSON.stringify(result)).not.toContain('disk on fire');
    const logged = h.logs.find((l) => l.includes(requestId) && l.includes('request.failed'));
    expect(logged).toContain('disk on fire');
    expect(logged).not.toContain('11010519491231002X');
  });

  it('tells a late filer which case applies', async () => {
    expect(expectOk(await h.call<{ case: string }>('filing', RESIDENT, { action: 'lateFilingAdvice', settled: false })).case).toBe('direct_settlement');
    expect(expectOk(await h.call<{ case: string }>('filing', RESIDENT, { action: 'lateFilingAdvice', settled: true })).case).toBe('manual_reimbursement');
  });

  it('keeps a draft per resident', async () => {
    expect(expectOk(await h.call<{ draft: unknown }>('filing', RESIDENT, { action: 'getDraft' })).draft).toBeNull();
    expectOk(await h.call('filing', RESIDENT, { action: 'saveDraft', draft: { type: 'referral', name: '张三' } }));
    expect(expectOk(await h.call<{ draft: unknown }>('filing', RESIDENT, { action: 'getDraft' })).draft).toEqual({ type: 'referral', name: '张三' });
    expect(expectOk(await h.call<{ draft: unknown }>('filing', 'demo-resident-2', { action: 'getDraft' })).draft).toBeNull();
  });
});

describe('filing numbers', () => {
  it('gives every filing and change request a number people can read aloud, unique, and never shows the internal ID instead', async () => {
    const first = expectOk(await submit(exampleFiling()));
    expect(first.filingNo).toMatch(/^20261126-\d{6}$/);
    const mine = expectOk(await h.call<ListPage<FilingSummary>>('filing', RESIDENT, { action: 'list' }));
    expect(mine.items[0]!.filingNo).toBe(first.filingNo);
    expect(await h.ctx.repo.get(Collections.filingNumbers, first.filingNo!)).toEqual({ id: first.filingNo, filingId: first.id });
    expectOk(await decide(first.id, 'approve'));
    h.clock.advanceDays(200);
    const change = expectOk(await h.call<FilingSummary>('filing', RESIDENT, { action: 'change', id: first.id, changes: { phone: '13900139000' } }));
    expect(change.filingNo).toMatch(/^20270614-\d{6}$/);
    expect(change.filingNo).not.toBe(first.filingNo);
    const detail = expectOk(await h.call<FilingDetail>('filing', RESIDENT, { action: 'get', id: first.id }));
    const requested = detail.timeline.find((t) => t.event === 'change_requested');
    expect(requested?.reason).toBe(`已提交变更申请，编号 ${change.filingNo}`);
    expect(JSON.stringify(detail.timeline)).not.toContain(change.id);
  });
});
