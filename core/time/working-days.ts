import { getHolidaysInRange, isWorkday } from 'chinese-days';
import { addDays, dayOfWeek, type IsoDate } from './china-date';

/**
 * Working days of the Chinese calendar: public holidays off, make-up days (调休) on.
 * chinese-days ships the State Council's schedule year by year; a year it does not know yet
 * falls back to plain weekends, and says so once, so a deadline is never a crash.
 */
const yearHasHolidayData = new Map<number, boolean>();

/** A year is covered when the library knows at least one of its holidays (every year has 元旦). */
function holidayDataCovers(year: number): boolean {
  let known = yearHasHolidayData.get(year);
  if (known === undefined) {
    known = getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
    yearHasHolidayData.set(year, known);
    if (!known) {
      console.warn(`[working-days] no holiday data for ${year}: counting weekends only`);
    }
  }
  return known;
}

/** The calendar never changes while the process runs: answer each date once. */
const workingDayCache = new Map<IsoDate, boolean>();

export function isWorkingDay(date: IsoDate): boolean {
  let working = workingDayCache.get(date);
  if (working === undefined) {
    if (holidayDataCovers(Number(date.slice(0, 4)))) working = isWorkday(date);
    else {
      const weekday = dayOfWeek(date);
      working = weekday !== 0 && weekday !== 6;
    }
    workingDayCache.set(date, working);
  }
  return working;
}

/**
 * The date that lies `count` working days after `from` (not counting `from` itself).
 * A filing submitted on a Friday with 2 working days is due the next Tuesday.
 */
export function addWorkingDays(from: IsoDate, count: number): IsoDate {
  let date = from;
  let remaining = count;
  while (remaining > 0) {
    date = addDays(date, 1);
    if (isWorkingDay(date)) remaining -= 1;
  }
  return date;
}

/** Working days from `from` (exclusive) up to `to` (inclusive); 0 when `to` is not later. */
export function workingDaysBetween(from: IsoDate, to: IsoDate): number {
  let count = 0;
  for (let date = addDays(from, 1); date <= to; date = addDays(date, 1)) {
    if (isWorkingDay(date)) count += 1;
  }
  return count;
}
