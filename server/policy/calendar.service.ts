import { fail, ok, type Result } from '../../core/errors/result';
import { normalizedSchedule, scheduleProblems, type CalendarDay } from '../../core/time/holiday-schedule';
import { chinaTimestamp } from '../../core/time/china-date';
import type { CalendarLoadView, CalendarView } from '../../core/api/policy-api';
import { sortableId } from '../kernel/sortable-id';
import { WriteConflict } from '../store/document-store';
import { Collections } from '../filing/filing-records';
import type { Runtime } from '../runtime/runtime';
import { policyContextOf } from './policy-context';
import { verifiedAdminOf } from './policy-admin';
import { recountDeadlines, RECOUNT_BUDGET } from './deadline-recount';
import { holidayYearId, POLICY_HEAD_ID, type HolidayYearRecord, type PolicyAuditRecord, type PolicyHeadRecord } from './policy-records';
import type { PolicySnapshot } from './policy-cache';
import { builtInHolidays } from './calendar-modules';

function calendarView(snapshot: PolicySnapshot, year: number): CalendarView {
  const loaded = snapshot.years.get(year);
  if (loaded) return { year, known: true, source: 'loaded', days: loaded.days, loadedAt: loaded.loadedAt, loadedByName: loaded.loadedByName };
  const builtIn = builtInHolidays().builtInSchedule(year);
  if (builtIn) return { year, known: true, source: 'built-in', days: builtIn };
  return { year, known: false };
}

/**
 * The holiday calendar as data: the years chinese-days ships, and years an admin loads from the
 * State Council's notice (holiday-cn's format). A load replaces that year's schedule, is audited
 * with the schedule it replaced, and recounts the deadlines of the open filings it can move.
 */
export function calendarService(runtime: Runtime, recountBudget = RECOUNT_BUDGET) {
  const { store, cache } = policyContextOf(runtime);

  return {
    async calendar(year: number): Promise<Result<CalendarView>> {
      return ok(calendarView(await cache.current(), year));
    },

    async loadCalendar(openid: string | undefined, year: number, days: readonly CalendarDay[]): Promise<Result<CalendarLoadView>> {
      const verified = await verifiedAdminOf(runtime, openid);
      if (!verified.ok) return verified;
      const { staff: admin } = verified.data;
      const problems = scheduleProblems(year, days);
      if (Object.keys(problems).length > 0) return fail('CALENDAR.INVALID', problems);
      const schedule = normalizedSchedule(days);
      await cache.current(); // makes sure the head exists
      let committed = false;
      for (let attempt = 0; attempt < 3 && !committed; attempt++) {
        const head = await store.get<PolicyHeadRecord>(Collections.policyHead, POLICY_HEAD_ID);
        if (!head) return fail('POLICY.CONFLICT');
        const existing = await store.get<HolidayYearRecord>(Collections.holidayYears, holidayYearId(year));
        const at = chinaTimestamp(runtime.clock.now());
        const record: HolidayYearRecord = {
          id: holidayYearId(year), version: (existing?.version ?? 0) + 1, year, days: schedule,
          loadedBy: admin.id, loadedByName: admin.name, loadedAt: at, recomputePending: true,
        };
        const offDays = schedule.filter((d) => d.isOffDay).length;
        const audit: PolicyAuditRecord = {
          id: sortableId(), event: 'calendar_loaded', actorRole: 'admin', actorId: admin.id, at, year,
          detail: `${admin.name}${existing ? '重新' : ''}导入${year}年节假日安排：放假${offDays}天，调休上班${schedule.length - offDays}天`,
        };
        if (existing) audit.previousDays = existing.days;
        const movedHead: PolicyHeadRecord = { ...head, version: head.version + 1, calendarRevision: head.calendarRevision + 1, updatedAt: at };
        try {
          await store.commit([
            existing
              ? { kind: 'update', collection: Collections.holidayYears, doc: record, expectedVersion: existing.version }
              : { kind: 'create', collection: Collections.holidayYears, doc: record },
            { kind: 'update', collection: Collections.policyHead, doc: movedHead, expectedVersion: head.version },
            { kind: 'create', collection: Collections.policyAudit, doc: audit },
          ]);
          committed = true;
        } catch (error) {
          if (!(error instanceof WriteConflict)) throw error;
        }
      }
      if (!committed) return fail('POLICY.CONFLICT');
      cache.invalidate();
      runtime.log.info('policy.calendar_loaded', { year, by: admin.id, days: schedule.length });
      const recount = await recountDeadlines(runtime, year, recountBudget);
      return ok({ ...calendarView(await cache.current(), year), recomputed: recount.recounted, pending: !recount.done });
    },
  };
}
