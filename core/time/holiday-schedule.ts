import type { FieldErrors } from '../errors/result';
import { dateInWords, isIsoDate, type IsoDate } from './china-date';

/**
 * One day of the State Council's holiday schedule, in holiday-cn's format: holidays are off
 * days (`isOffDay: true`), make-up working days (调休) are `isOffDay: false`.
 */
export interface CalendarDay {
  date: IsoDate;
  name: string;
  isOffDay: boolean;
}

export interface HolidaySchedule {
  year: number;
  days: readonly CalendarDay[];
}

/**
 * What is wrong with a year's schedule, entry by entry (第4条…), so an admin can fix the
 * pasted file: every date a real date of that year, none twice, every entry named. The
 * calendar page runs it before sending; `policy.loadCalendar` runs it again for real.
 */
export function scheduleProblems(year: number, days: readonly { date: string; name: string; isOffDay: boolean }[]): FieldErrors {
  const problems: FieldErrors = {};
  const firstIndex = new Map<string, number>();
  days.forEach((day, i) => {
    const n = `第${i + 1}条`;
    if (!isIsoDate(day.date)) {
      problems[`days.${i}.date`] = `${n}的日期不正确，应写成${year}-01-01这样的日期`;
      return;
    }
    const words = dateInWords(day.date);
    if (Number(day.date.slice(0, 4)) !== year) problems[`days.${i}.date`] = `${n}（${words}）不在${year}年内`;
    const earlier = firstIndex.get(day.date);
    if (earlier !== undefined) problems[`days.${i}.date`] = `${n}（${words}）与第${earlier + 1}条重复`;
    else firstIndex.set(day.date, i);
    if (day.name.trim() === '') problems[`days.${i}.name`] = `${n}（${words}）缺少节日名称`;
  });
  return problems;
}

/** The schedule as stored: names trimmed, by date. */
export function normalizedSchedule(days: readonly CalendarDay[]): CalendarDay[] {
  return days.map((d) => ({ date: d.date, name: d.name.trim(), isOffDay: d.isOffDay })).sort((a, b) => a.date.localeCompare(b.date));
}

/** What staff read beside a deadline counted through a year whose schedule is not yet known. */
export const WEEKENDS_ONLY_NOTE = '节假日安排尚未公布，期限按周末推算';
