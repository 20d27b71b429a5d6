import type { FilingSummary, ListPage } from '../../core/api/filing-api';
import { earliestStartDate } from '../../core/filing/check-filing';
import { addDays } from '../../core/time/china-date';
import { seedDirectoryIfEmpty } from '../../server/institution/seed-directory';
import { encodePageCursor } from '../../server/kernel/page-cursor';
import { expectCode, expectOk, startHarness, type Harness } from '../support/filing-harness';
import { exampleFiling } from '../support/example-filing';
import { makeResidentId, nthResidentId } from '../support/resident-ids';
import { bindAs } from '../support/identity-helpers';
import { materialStorage } from '../../server/storage/material-storage';
import { jpegBytes } from '../support/material-bytes';

/**
 * Classes 6–9, 11 and 12 of issue 11 through the real handlers: control characters and deep
 * nesting, values a clerk would refuse, numbers people hold, the last admin, another region's
 * filing, and cursors no list issued. Every refusal is coded and writes nothing.
 */
let h: Harness;
beforeEach(async () => {
  h = await startHarness('sqlite');
});
afterEach(() => h.cleanup());

const RESIDENT = 'demo-resident-1';
let keys = 0;
const submit = (filing: Record<string, unknown>, openid = RESIDENT) => h.call<FilingSummary>('filing', openid, { action: 'submit', idempotencyKey: `r-${++keys}`, filing });
const rows = () => Promise.all(['filings', 'filing_audit', 'outbox', 'drafts', 'staff', 'files'].map((c) => h.ctx.repo.count(c)));

describe('control characters and deep nesting (class 6)', () => {
  it('refuses NUL and every other control character in search keywords, coded', async () => {
    await seedDirectoryIfEmpty(h.runtime);
    for (const keyword of ['a\u0000b', '医院\u0000', '\u0000医院', '\u0001', 'x\u001fy', '\u007f', '医\u0085院', '\u202e医院', 'a\uD800b']) {
      for (const event of [{ action: 'search', keyword }, { action: 'nearby', latitude: 31.3, longitude: 120.6, radiusKm: 5, keyword }]) {
        const answer = await h.call('institution', undefined, event);
        expectCode(answer, 'REQUEST.INVALID');
      }
    }
    expectOk(await h.call('institution', undefined, { action: 'search', keyword: '医院' }));
  });

  it('refuses control characters in any string of any action before the services see them', async () => {
    const before = await rows();
    const events: [string, Record<string, unknown>][] = [
      ['filing', { action: 'submit', idempotencyKey: 'k\u0000', filing: exampleFiling() }],
      ['filing', { action: 'submit', idempotencyKey: 'k1', filing: exampleFiling({ memo: '备\u0000注' }) }],
      ['filing', { action: 'saveDraft', draft: { name: '张\u0000三' } }],
      ['filing', { action: 'saveDraft', draft: { ['ke\u0007y']: 1 } }],
      ['review', { action: 'reject', id: 'x', reason: '材料\u001b不全' }],
      ['notification', { action: 'subscribe', result: { 'tmpl\u0000': 'accept' } }],
      ['policy', { action: 'get', region: '320500', extra: '\u0000' }],
    ];
    for (const [fn, event] of events) expectCode(await h.call(fn, RESIDENT, event), 'REQUEST.INVALID');
    expect(await rows()).toEqual(before);
  });

  it('refuses a draft nested 100,000 deep, or merely too deep, writing nothing', async () => {
    let deep: unknown = '叶';
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    let sevenDeep: unknown = '叶';
    for (let i = 0; i < 7; i++) sevenDeep = [sevenDeep];
    for (const draft of [{ form: deep }, { form: sevenDeep }, Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`k${i}`, i]))]) {
      const answer = await h.call('filing', RESIDENT, { action: 'saveDraft', draft });
      expectCode(answer, 'REQUEST.INVALID');
    }
    expect(await h.ctx.repo.count('drafts')).toBe(0);
    expectOk(await h.call('filing', RESIDENT, { action: 'saveDraft', draft: { type: 'referral', form: { name: '张三', materials: [{ fileId: 'f', name: '材料1' }] } } }));
  });
});

describe('values a clerk would refuse (class 8)', () => {
  it('refuses start dates centuries back, and start or admission dates over a year back', async () => {
    const today = '2026-11-26';
    for (const startDate of ['1726-01-01', '0050-01-01', '0999-12-31', '1899-12-31']) expectCode(await submit(exampleFiling({ startDate })), 'REQUEST.INVALID');
    const tooEarly = addDays(earliestStartDate(today), -1);
    const refused = await submit(exampleFiling({ startDate: tooEarly }));
    expectCode(refused, 'FILING.DATE_INVALID');
    expect(!refused.ok && refused.error.fields?.startDate).toBe(`开始日期不能早于${earliestStartDate(today)}`);
    const emergency = exampleFiling({ type: 'emergency', residenceAddress: undefined, hospital: { name: '深圳市人民医院' }, diagnosis: '急性阑尾炎', admissionDate: tooEarly, proof: { kind: 'documents', fileIds: ['cloud://local/00000000-0000-0000-0000-000000000000'] } });
    expectCode(await h.call('policy', undefined, { action: 'check', filing: emergency }), 'FILING.DATE_INVALID');
    expectOk(await submit(exampleFiling({ startDate: earliestStartDate(today) })));
  });

  it('never prints a year below 1000 as 19xx in a message', async () => {
    for (const startDate of ['0099-05-01', '0050-01-01', '0001-01-01']) {
      const answer = await h.call('policy', undefined, { action: 'check', filing: exampleFiling({ type: 'other_temporary', residenceAddress: undefined, startDate }) });
      expect(answer.ok).toBe(false);
      expect(JSON.stringify(answer)).not.toMatch(/19\d\d/);
    }
  });

  it('refuses names of invisible, control or direction characters; accepts minority names, normalising the dot', async () => {
    for (const name of ['\u200B\u200B', '\u3164', '\u00AD', '张\u202E三', '张\u0000三', '\u2066张三\u2069', 'Robert\u200F', '张3']) {
      expectCode(await submit(exampleFiling({ applicant: { name, idNumber: nthResidentId(keys + 1), phone: '13800138000' } })), 'REQUEST.INVALID');
    }
    // Verified as typed with U+00B7, filed with the katakana dot: the same name once normalised.
    await bindAs(h.runtime, RESIDENT, { name: '阿卜杜·热合曼', idNumber: nthResidentId(900) });
    const filed = expectOk(await submit(exampleFiling({ applicant: { name: '阿卜杜・热合曼', idNumber: nthResidentId(900), phone: '13800138000' } })));
    expect(filed.applicantName).toBe('阿*****曼');
    const detail = expectOk(await h.call<{ applicantFullName: string }>('review', 'demo-staff-suzhou', { action: 'get', id: filed.id }));
    expect(detail.applicantFullName).toBe('阿卜杜·热合曼');
    expectCode(await h.call('review', 'demo-admin', { action: 'staffAdd', openid: 'ghost', name: '\u200B', role: 'reviewer', regions: ['320500'] }), 'REQUEST.INVALID');
    // The verified name of 实名认证 is checked by the same schema.
    for (const name of ['\u200B', '张\u202E三', '张\u0007三']) {
      expectCode(await h.call('identity', 'new-resident', { action: 'start', name, idNumber: nthResidentId(901), purpose: 'self' }), 'REQUEST.INVALID');
    }
    expectOk(await h.call('identity', 'new-resident', { action: 'start', name: '阿卜杜•热合曼', idNumber: nthResidentId(901), purpose: 'self' }));
  });
});

describe('numbers people hold (class 9)', () => {
  it('files for a Taiwan, Hong Kong or Macao resident and for numbers with abandoned or 市辖区 codes', async () => {
    for (const [i, code] of ['830000', '810000', '820000', '320502', '440401'].entries()) {
      const idNumber = makeResidentId(code, '19800101', 10 + i);
      await bindAs(h.runtime, RESIDENT, { name: '陈美玲', idNumber });
      expectOk(await submit(exampleFiling({ treatmentRegion: ['440300', '110100', '330100', '510100', '420100'][i], applicant: { name: '陈美玲', idNumber, phone: '13800138000' } })));
    }
    expectCode(await submit(exampleFiling({ applicant: { name: '陈美玲', idNumber: `${makeResidentId('830000', '19800101', 1).slice(0, 17)}0`, phone: '13800138000' } })), 'REQUEST.INVALID');
  });
});

describe('the last admin (class 7)', () => {
  const staffAdd = (by: string, openid: string, role: 'admin' | 'reviewer') => h.call('review', by, { action: 'staffAdd', openid, name: '管理员', role, regions: ['320500'] });

  it('can be neither demoted nor removed; another admin can be', async () => {
    expectCode(await staffAdd('demo-admin', 'demo-admin', 'reviewer'), 'AUTH.LAST_ADMIN');
    expectCode(await h.call('review', 'demo-admin', { action: 'staffRemove', openid: 'demo-admin' }), 'AUTH.FORBIDDEN');
    expectOk(await staffAdd('demo-admin', 'admin-2', 'admin'));
    expectOk(await h.call('review', 'admin-2', { action: 'staffRemove', openid: 'demo-admin' }));
    expectCode(await staffAdd('admin-2', 'admin-2', 'reviewer'), 'AUTH.LAST_ADMIN');
    expectOk(await staffAdd('admin-2', 'admin-3', 'admin'));
    expectOk(await staffAdd('admin-2', 'admin-2', 'reviewer'));
    const admins = expectOk(await h.call<ListPage<{ role: string }>>('review', 'admin-3', { action: 'staffList' })).items.filter((s) => s.role === 'admin');
    expect(admins).toHaveLength(1);
  });

  it('survives two admins demoting each other at the same moment: one of them stays admin', async () => {
    for (let round = 0; round < 5; round++) {
      const a = `race-a-${round}`;
      const b = `race-b-${round}`;
      expectOk(await staffAdd('demo-admin', a, 'admin'));
      expectOk(await staffAdd('demo-admin', b, 'admin'));
      expectOk(await h.call('review', a, { action: 'staffRemove', openid: 'demo-admin' }).then(async (r) => (r.ok ? r : h.call('review', b, { action: 'staffRemove', openid: 'demo-admin' }))));
      const [x, y] = await Promise.all([staffAdd(a, b, 'reviewer'), staffAdd(b, a, 'reviewer')]);
      const admins = (await h.ctx.repo.listStaff()).filter((s) => s.role === 'admin');
      expect(admins).toHaveLength(1);
      expect([x, y].filter((r) => r.ok)).toHaveLength(1);
      const loser = [x, y].find((r) => !r.ok);
      expect(loser && !loser.ok && loser.error.code).toBe('AUTH.LAST_ADMIN');
      // Back to one known admin for the next round.
      expectOk(await staffAdd(admins[0]!.id, 'demo-admin', 'admin'));
      expectOk(await h.call('review', 'demo-admin', { action: 'staffRemove', openid: admins[0]!.id }));
    }
  });
});

describe('another region’s filing (class 11)', () => {
  it('answers FILING.NOT_FOUND everywhere in review, exactly as for a filing that does not exist', async () => {
    const filed = expectOk(await submit(exampleFiling()));
    const material = expectOk(await materialStorage(h.ctx).upload(RESIDENT, '居住证明.jpg', jpegBytes('region')));
    for (const action of ['get', 'claim', 'release', 'approve', 'reject', 'return', 'materialLink']) {
      const event = { action, reason: '原因', ...(action === 'materialLink' ? { fileId: material.fileId } : {}) };
      const theirs = await h.call('review', 'demo-staff-beijing', { ...event, id: filed.id });
      const missing = await h.call('review', 'demo-staff-beijing', { ...event, id: '00000000-0000-0000-0000-000000000000' });
      expectCode(theirs, 'FILING.NOT_FOUND');
      expect(theirs).toEqual(missing);
      expect(await h.call('review', 'demo-admin', { ...event, id: filed.id })).toEqual(missing);
    }
    expect(JSON.stringify(expectOk(await h.call('review', 'demo-staff-beijing', { action: 'queue' })))).not.toContain(filed.id);
  });
});

describe('cursors no list issued (class 12)', () => {
  it('refuses a forged cursor in every list the same way, and a list’s own cursor still pages', async () => {
    await seedDirectoryIfEmpty(h.runtime);
    for (let i = 0; i < 3; i++) {
      await bindAs(h.runtime, RESIDENT, { name: '张三', idNumber: nthResidentId(i) });
      expectOk(await submit(exampleFiling({ applicant: { name: '张三', idNumber: nthResidentId(i), phone: '13800138000' } })));
    }
    const own = expectOk(await h.call<ListPage<unknown>>('filing', RESIDENT, { action: 'list', limit: 1 }));
    expect(own.nextCursor).toBeDefined();
    expect(expectOk(await h.call<ListPage<unknown>>('filing', RESIDENT, { action: 'list', limit: 1, cursor: own.nextCursor })).items).toHaveLength(1);
    const queueCursor = expectOk(await h.call<ListPage<unknown>>('review', 'demo-staff-suzhou', { action: 'queue', limit: 1 })).nextCursor!;
    const levelCursor = encodePageCursor('directory.level', [1, 'H32050000001']);
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const forged = [
      'abc', 'AAAA', b64(['', '']), b64(['x', 'y']), b64({ l: 'filings.byApplicant', k: ['x', 'y'] }), b64({ l: 'filings.byApplicant', k: ['2026-11-26T10:00:00.000+08:00'] }),
      `${own.nextCursor!}A`, `${own.nextCursor!}==`, levelCursor, queueCursor, own.nextCursor!.slice(1),
      b64({ s: 'level', k: [1, 'H32050000001'] }), b64({ l: 'filings.byApplicant', k: ['2026-11-26T10:00:00.000+08:00', 'id'], extra: 1 }),
    ];
    const lists: [string, string | undefined, Record<string, unknown>][] = [
      ['filing', RESIDENT, { action: 'list' }],
      ['review', 'demo-staff-suzhou', { action: 'queue' }],
      ['notification', RESIDENT, { action: 'inbox' }],
      ['notification', 'demo-admin', { action: 'deadLetters' }],
      ['policy', 'demo-admin', { action: 'changes' }],
      ['institution', undefined, { action: 'search', region: '320500' }],
      ['institution', undefined, { action: 'search', keyword: '医院' }],
      ['institution', undefined, { action: 'nearby', latitude: 31.3, longitude: 120.6, radiusKm: 10 }],
    ];
    const answers = new Set<string>();
    for (const [fn, openid, event] of lists) {
      for (const cursor of forged) {
        // A list's own well-formed cursor is a position in it, not a forgery.
        if ((cursor === queueCursor && fn === 'review') || (cursor === levelCursor && event.region)) continue;
        const answer = await h.call(fn, openid, { ...event, cursor });
        expectCode(answer, 'REQUEST.INVALID');
        answers.add(JSON.stringify(answer));
      }
    }
    // One and the same refusal everywhere.
    expect([...answers]).toEqual([JSON.stringify({ ok: false, error: { code: 'REQUEST.INVALID', message: '填写的信息有误，请按提示修改后再提交', fields: { cursor: '翻页位置已失效，请回到第一页重新查看' } } })]);
  });
});
