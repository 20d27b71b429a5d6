import { getDayDetail, getHolidaysInRange } from 'chinese-days';
import { addDays, type IsoDate } from './china-date';
import type { CalendarDay } from './holiday-schedule';

/**
 * The schedules chinese-days ships (the State Council's notices, 2004 to its last year).
 * A year counts as covered when the library knows at least one of its holidays (every year
 * has 元旦); memoised, the library is asked once per year.
 */
const covered = new Map<number, boolean>();

export function builtInCovers(year: number): boolean {
  let known = covered.get(year);
  if (known === undefined) {
    known = getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
    covered.set(year, known);
  }
  return known;
}

/** A covered year in holiday-cn's format: its holidays and make-up working days, by date. */
export function builtInSchedule(year: number): CalendarDay[] | undefined {
  if (!builtInCovers(year)) return undefined;
  const days: CalendarDay[] = [];
  for (let date: IsoDate = `${year}-01-01`; date.startsWith(String(year)); date = addDays(date, 1)) {
    const detail = getDayDetail(date);
    // Holiday and 调休 entries are named "Spring Festival,春节,4"; plain days by their weekday.
    const parts = detail.name.split(',');
    if (parts.length < 2) continue;
    days.push({ date, name: parts[1]!, isOffDay: !detail.work });
  }
  return days;
}
