import type { FilingDetail, FilingSummary, ListPage } from '../../core/api/filing-api';
import type { CalendarLoadView, CalendarView } from '../../core/api/policy-api';
import type { QueueItem, ReviewDetail } from '../../core/api/review-api';
import type { InboxItem } from '../../core/api/notification-api';
import { Collections, type FilingRecord } from '../../server/filing/filing-records';
import { openedPolicyContext, policyContextOf } from '../../server/policy/policy-context';
import { calendarService } from '../../server/policy/calendar.service';
import { runScheduledPass } from '../../server/notification/scheduled-pass';
import { resumeDeadlineRecounts } from '../../server/policy/deadline-recount';
import { POLICY_CACHE_TTL_MS } from '../../server/policy/policy-cache';
import { rulesInForce } from '../../server/policy/rules-in-force';
import { filingContextOf } from '../../server/filing/filing-context';
import { filingService } from '../../server/filing/filing.service';
import { createLocalRuntime } from '../../server/runtime/runtime';
import { createLogger } from '../../server/kernel/logger';
import { runReminders } from '../../server/notification/reminders';
import { createHarness, STORE_KINDS } from '../notification/harness';
import type { HolidayYearRecord, PolicyAuditRecord } from '../../server/policy/policy-records';
import { expectCode, expectOk, startHarness, type Harness, type StoreKind } from '../support/filing-harness';
import { EXAMPLE_FILING, exampleFiling, exampleFilingFor } from '../support/example-filing';
import { bindAs } from '../support/identity-helpers';
import { nthResidentId } from '../support/resident-ids';
import { FIXTURE_2027 } from '../support/holiday-fixture-2027';
import { itServedEveryQueryFromADeclaredIndex } from '../support/index-coverage';

/**
 * The holiday calendar as data, through the real entries on both stores: a deadline counted
 * before 2027's schedule is known is marked, loading the schedule recounts every open filing
 * (each change atomic, audited), and a bad schedule is refused entry by entry.
 */
const ADMIN = 'demo-admin';
const SUZHOU = 'demo-staff-suzhou';
const WEEKENDS_ONLY = '节假日安排尚未公布，期限按周末推算';

const stores: StoreKind[] = ['sqlite', 'cloudbase'];

describe.each(stores)('holiday calendar (%s)', (store) => {
  let h: Harness;
  let n = 0;
  let warn: jest.SpyInstance;
  beforeEach(async () => {
    warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    h = await startHarness(store);
  });
  afterEach(() => {
    h.cleanup();
    warn.mockRestore();
  });

  const submitOn = async (instant: string, startDate: string): Promise<FilingSummary> => {
    h.clock.set(instant);
    n += 1;
    await bindAs(h.runtime, `o-cal-${n}`, { name: EXAMPLE_FILING.applicant.name, idNumber: nthResidentId(n) });
    return expectOk(await h.call<FilingSummary>('filing', `o-cal-${n}`, {
      action: 'submit', idempotencyKey: `cal-${n}`, filing: exampleFilingFor(nthResidentId(n), { startDate }),
    }));
  };
  const load = (days: unknown, year = 2027, openid = ADMIN) => h.call<CalendarLoadView>('policy', openid, { action: 'loadCalendar', year, days });
  const stored = (id: string) => h.ctx.repo.get<FilingRecord>(Collections.filings, id);
  const policyAudit = async () => (await policyContextOf(h.runtime).store.audit(undefined, 50)).items as PolicyAuditRecord[];

  it('ships the years chinese-days knows and says which it does not', async () => {
    const known = expectOk(await h.call<CalendarView>('policy', undefined, { action: 'calendar', year: 2026 }));
    expect(known).toMatchObject({ year: 2026, known: true, source: 'built-in' });
    expect(known.days).toEqual(expect.arrayContaining([{ date: '2026-02-17', name: '春节', isOffDay: true }, { date: '2026-02-28', name: '春节', isOffDay: false }]));
    expect(expectOk(await h.call<CalendarView>('policy', undefined, { action: 'calendar', year: 2027 }))).toEqual({ year: 2027, known: false });
  });

  it('recounts a deadline after the Spring Festival once 2027 is loaded, and staff stop seeing the estimate note', async () => {
    const filed = await submitOn('2027-02-04T02:00:00Z', '2027-02-10');
    expect(filed).toMatchObject({ reviewDeadline: '2027-02-08', reviewDeadlineNote: WEEKENDS_ONLY });
    const queue = expectOk(await h.call<ListPage<QueueItem>>('review', SUZHOU, { action: 'queue' }));
    expect(queue.items.find((i) => i.id === filed.id)?.reviewDeadlineNote).toBe(WEEKENDS_ONLY);

    const loaded = expectOk(await load(FIXTURE_2027));
    expect(loaded).toMatchObject({ year: 2027, known: true, source: 'loaded', loadedByName: '系统管理员', recomputed: 1, pending: false });

    const review = expectOk(await h.call<ReviewDetail>('review', SUZHOU, { action: 'get', id: filed.id }));
    expect(review.reviewDeadline).toBe('2027-02-16');
    expect(review.reviewDeadlineNote).toBeUndefined();
    const recount = review.timeline.find((t) => t.event === 'deadline_recomputed');
    expect(recount).toMatchObject({ label: '审核期限重新核定', reason: '2027年节假日安排已导入，审核期限由2027年2月8日调整为2027年2月16日', actor: '系统' });
    expect((await stored(filed.id))?.reviewClock).toEqual({ from: '2027-02-04', workingDays: 2 });
    expect((await policyAudit()).map((a) => a.event)[0]).toBe('calendar_loaded');
    // New filings count the loaded holidays from the start.
    expect(await submitOn('2027-02-04T03:00:00Z', '2027-02-10')).toMatchObject({ reviewDeadline: '2027-02-16' });
  });

  it('recounts every open filing the year can move, and nothing else', async () => {
    const crossing = await submitOn('2026-12-30T02:00:00Z', '2027-01-10'); // Wed + 2 → Fri 1 January by weekends
    const claimed = await submitOn('2027-02-04T02:00:00Z', '2027-02-10');
    expectOk(await h.call('review', SUZHOU, { action: 'claim', id: claimed.id }));
    const decided = await submitOn('2027-02-04T02:00:00Z', '2027-02-10');
    expectOk(await h.call('review', SUZHOU, { action: 'claim', id: decided.id }));
    expectOk(await h.call('review', SUZHOU, { action: 'approve', id: decided.id }));
    const inside2026 = await submitOn('2026-11-26T02:00:00Z', '2026-12-10');
    expect(crossing).toMatchObject({ reviewDeadline: '2027-01-01', reviewDeadlineNote: WEEKENDS_ONLY });
    expect(inside2026.reviewDeadlineNote).toBeUndefined();
    const before = { decided: await stored(decided.id), inside: await stored(inside2026.id) };

    h.clock.set('2027-02-04T04:00:00Z');
    expect(expectOk(await load(FIXTURE_2027)).recomputed).toBe(2);
    expect((await stored(crossing.id))?.reviewDeadline).toBe('2027-01-04');
    expect((await stored(claimed.id))).toMatchObject({ reviewDeadline: '2027-02-16', status: 'in_review', claimedBy: SUZHOU });
    expect(await stored(decided.id)).toEqual(before.decided);
    expect(await stored(inside2026.id)).toEqual(before.inside);
  });

  it('refuses a bad schedule entry by entry, coded and in Chinese, writing nothing', async () => {
    const rows = async () => Promise.all([Collections.holidayYears, Collections.policyAudit, Collections.policyHead].map((c) => h.ctx.repo.count(c)));
    const before = await rows();
    const bad = await load([
      { date: '2027-01-01', name: '元旦', isOffDay: true },
      { date: '2026-12-31', name: '元旦', isOffDay: true },
      { date: '2027-01-01', name: '元旦', isOffDay: true },
      { date: '2027-02-05', name: '', isOffDay: true },
    ]);
    expectCode(bad, 'CALENDAR.INVALID');
    expect(!bad.ok && bad.error.message).toBe('节假日安排有误，请按提示修改后再导入');
    expect(!bad.ok && bad.error.fields).toEqual({
      'days.1.date': '第2条（2026年12月31日）不在2027年内',
      'days.2.date': '第3条（2027年1月1日）与第1条重复',
      'days.3.name': '第4条（2027年2月5日）缺少节日名称',
    });
    const shape = await load([{ date: '2027-01-01', name: '元旦', isOffDay: '是' }]);
    expectCode(shape, 'REQUEST.INVALID');
    expect(!shape.ok && shape.error.fields?.['days.0.isOffDay']).toMatch(/放假/);
    expectCode(await load(FIXTURE_2027, 2027, SUZHOU), 'AUTH.FORBIDDEN');
    expectCode(await load(FIXTURE_2027, 2027, 'demo-resident-1'), 'AUTH.NOT_STAFF');
    expect(await rows()).toEqual(before);
  });

  it('reloads a corrected year: recounts again and keeps the replaced schedule in the audit', async () => {
    const filed = await submitOn('2027-02-04T02:00:00Z', '2027-02-10');
    expectOk(await load(FIXTURE_2027));
    const corrected = FIXTURE_2027.filter((d) => d.date !== '2027-02-12' && d.date !== '2027-02-11');
    expect(expectOk(await load(corrected)).recomputed).toBe(1);
    expect((await stored(filed.id))?.reviewDeadline).toBe('2027-02-12'); // Thursday 11th, Friday 12th are now working days
    const reloaded = (await policyAudit()).find((a) => a.event === 'calendar_loaded');
    expect(reloaded?.detail).toContain('重新导入2027年节假日安排');
    expect(reloaded?.previousDays).toHaveLength(FIXTURE_2027.length);
  });

  it('finishes a recount the load left unfinished in the next scheduled pass', async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await submitOn('2027-02-04T02:00:00Z', '2027-02-10')).id);
    const partial = expectOk(await calendarService(h.runtime, 1).loadCalendar(ADMIN, 2027, FIXTURE_2027));
    expect(partial).toMatchObject({ pending: true });
    const yearOf = () => h.ctx.repo.get<HolidayYearRecord>(Collections.holidayYears, '2027');
    expect((await yearOf())?.recomputePending).toBe(true);
    // What the scheduled pass runs (runScheduledPass → resumeDeadlineRecounts).
    expect(partial.recomputed + await resumeDeadlineRecounts(h.runtime)).toBe(3);
    for (const id of ids) expect((await stored(id))?.reviewDeadline).toBe('2027-02-16');
    // Within the cache TTL of the load another process may still count without 2027: not final yet.
    expect((await yearOf())?.recomputePending).toBe(true);
    h.clock.set(new Date(h.clock.now().getTime() + POLICY_CACHE_TTL_MS + 1000));
    expect(await resumeDeadlineRecounts(h.runtime)).toBe(0);
    expect((await yearOf())?.recomputePending).toBe(false);
    expect((await policyAudit()).map((a) => a.event)).toContain('deadlines_recomputed');
  });
});

describe.each(STORE_KINDS)('calendar reminders (%s)', (store) => {
  it('reminds the admins weekly from 1 November while next year is missing, daily once it has begun', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const h = await createHarness('2026-10-31T02:00:00Z', store);
    try {
      const inbox = async () => (await h.call<ListPage<InboxItem>>('notification', ADMIN, { action: 'inbox', limit: 50 }) as { data: ListPage<InboxItem> }).data.items
        .filter((m) => m.kind === 'admin_calendar_missing');
      const ctx = h.ctx;
      await runReminders(ctx);
      expect(await inbox()).toHaveLength(0);
      h.clock.set('2026-11-01T02:00:00Z');
      await runReminders(ctx);
      await runReminders(ctx);
      h.clock.set('2026-11-06T02:00:00Z');
      await runReminders(ctx);
      expect((await inbox()).map((m) => m.title)).toEqual(['2027年节假日安排尚未导入']);
      h.clock.set('2026-11-08T02:00:00Z');
      await runReminders(ctx);
      expect(await inbox()).toHaveLength(2);
      // Reviewers are not asked; in January the reminder comes every day.
      const staffInbox = await h.call<ListPage<InboxItem>>('notification', SUZHOU, { action: 'inbox' }) as { data: ListPage<InboxItem> };
      expect(staffInbox.data.items.filter((m) => m.kind === 'admin_calendar_missing')).toEqual([]);
      h.clock.set('2027-01-02T02:00:00Z');
      await runReminders(ctx);
      h.clock.set('2027-01-03T02:00:00Z');
      await runReminders(ctx);
      expect(await inbox()).toHaveLength(4);
      expect((await h.call('policy', ADMIN, { action: 'loadCalendar', year: 2027, days: FIXTURE_2027 })).ok).toBe(true);
      h.clock.set('2027-01-04T02:00:00Z');
      await runReminders(ctx);
      expect(await inbox()).toHaveLength(4);
      expect((await inbox())[0]!.page).toBe('staff/pages/calendar/index');
      expect(await runScheduledPass(h.runtime)).toMatchObject({ recounted: 0 });
    } finally {
      h.close();
      warn.mockRestore();
    }
  });
});

describe('a filing detail after a calendar load', () => {
  it('tells the resident the deadline moved, in words', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const h = await startHarness();
    try {
      h.clock.set('2027-02-04T02:00:00Z');
      const filed = expectOk(await h.call<FilingSummary>('filing', 'demo-resident-1', { action: 'submit', idempotencyKey: 'd1', filing: exampleFiling({ startDate: '2027-02-10' }) }));
      expectOk(await h.call('policy', ADMIN, { action: 'loadCalendar', year: 2027, days: FIXTURE_2027 }));
      const seen = expectOk(await h.call<FilingDetail>('filing', 'demo-resident-1', { action: 'get', id: filed.id }));
      expect(seen.timeline.map((t) => t.label)).toEqual(['提交申请', '审核期限重新核定']);
      expect(seen.timeline[1]!.actor).toBe('系统');
    } finally {
      h.cleanup();
      warn.mockRestore();
    }
  });
});

describe('a second process with a cached calendar', () => {
  it('has its estimate corrected by the first scheduled pass after the cache TTL', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const h = await startHarness();
    // Another instance over the same database, with its own cache.
    const other = createLocalRuntime({ dataDir: h.dataDir, clock: h.clock, log: createLogger(() => undefined) });
    try {
      h.clock.set('2027-02-04T02:00:00Z');
      await rulesInForce(other, '320500', '2027-02-04'); // warm: no 2027 in its cache
      expectOk(await h.call('policy', ADMIN, { action: 'loadCalendar', year: 2027, days: FIXTURE_2027 }));
      h.clock.set('2027-02-04T02:00:10Z');
      await bindAs(h.runtime, 'o-other', { name: EXAMPLE_FILING.applicant.name, idNumber: nthResidentId(950) });
      const late = expectOk(await filingService(filingContextOf(other)).submit('o-other', 'other-1', exampleFilingFor(nthResidentId(950), { startDate: '2027-02-10' }) as never));
      expect(late).toMatchObject({ reviewDeadline: '2027-02-08', reviewDeadlineNote: WEEKENDS_ONLY });

      h.clock.set(new Date(Date.parse('2027-02-04T02:00:00Z') + POLICY_CACHE_TTL_MS + 60_000));
      expect(await resumeDeadlineRecounts(h.runtime)).toBe(1);
      expect((await h.ctx.repo.get<FilingRecord>(Collections.filings, late.id))?.reviewDeadline).toBe('2027-02-16');
      expect((await h.ctx.repo.get<HolidayYearRecord>(Collections.holidayYears, '2027'))?.recomputePending).toBe(false);
    } finally {
      openedPolicyContext(other)?.store.close();
      filingContextOf(other).repo.close();
      h.cleanup();
      warn.mockRestore();
    }
  });
});

itServedEveryQueryFromADeclaredIndex();
