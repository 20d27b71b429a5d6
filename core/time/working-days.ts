import { isWorkday } from 'chinese-days';
import { addDays, dayOfWeek, type IsoDate } from './china-date';
import { builtInCovers } from './built-in-holidays';
import type { HolidaySchedule } from './holiday-schedule';

/** Where a year's holidays come from: loaded by an admin, shipped by chinese-days, or unknown. */
export type ScheduleSource = 'loaded' | 'built-in';

/**
 * Working days of the Chinese calendar: public holidays off, make-up days (调休) on. A year's
 * schedule is the one an admin loaded (`policy.loadCalendar`), else chinese-days', else the
 * year is unknown and only weekends count — so a deadline is never a crash, only an estimate.
 */
export interface WorkingCalendar {
  isWorkingDay(date: IsoDate): boolean;
  /** Undefined: no schedule for that year, weekends only. */
  sourceOf(year: number): ScheduleSource | undefined;
}

const warned = new Set<number>();

/** A calendar over the loaded schedules; each date is answered once (the calendar never changes). */
export function workingCalendar(loaded: readonly HolidaySchedule[] = []): WorkingCalendar {
  const offOrOn = new Map<IsoDate, boolean>();
  const loadedYears = new Set<number>();
  for (const schedule of loaded) {
    loadedYears.add(schedule.year);
    for (const day of schedule.days) offOrOn.set(day.date, !day.isOffDay);
  }
  const sourceOf = (year: number): ScheduleSource | undefined =>
    loadedYears.has(year) ? 'loaded' : builtInCovers(year) ? 'built-in' : undefined;
  const answers = new Map<IsoDate, boolean>();
  return {
    sourceOf,
    isWorkingDay(date) {
      let working = answers.get(date);
      if (working === undefined) {
        const year = Number(date.slice(0, 4));
        const source = sourceOf(year);
        if (source === 'loaded') working = offOrOn.get(date) ?? isWeekday(date);
        else if (source === 'built-in') working = isWorkday(date);
        else {
          if (!warned.has(year)) {
            warned.add(year);
            console.warn(`[working-days] no holiday data for ${year}: counting weekends only`);
          }
          working = isWeekday(date);
        }
        answers.set(date, working);
      }
      return working;
    },
  };
}

function isWeekday(date: IsoDate): boolean {
  const weekday = dayOfWeek(date);
  return weekday !== 0 && weekday !== 6;
}

/** chinese-days alone, then weekends: what holds when no admin has loaded anything. */
export const BUILT_IN_CALENDAR: WorkingCalendar = workingCalendar();

export function isWorkingDay(date: IsoDate, calendar: WorkingCalendar = BUILT_IN_CALENDAR): boolean {
  return calendar.isWorkingDay(date);
}

/**
 * The date that lies `count` working days after `from` (not counting `from` itself).
 * A filing submitted on a Friday with 2 working days is due the next Tuesday.
 */
export function addWorkingDays(from: IsoDate, count: number, calendar: WorkingCalendar = BUILT_IN_CALENDAR): IsoDate {
  let date = from;
  let remaining = count;
  while (remaining > 0) {
    date = addDays(date, 1);
    if (calendar.isWorkingDay(date)) remaining -= 1;
  }
  return date;
}

/** Working days from `from` (exclusive) up to `to` (inclusive); 0 when `to` is not later. */
export function workingDaysBetween(from: IsoDate, to: IsoDate, calendar: WorkingCalendar = BUILT_IN_CALENDAR): number {
  let count = 0;
  for (let date = addDays(from, 1); date <= to; date = addDays(date, 1)) {
    if (calendar.isWorkingDay(date)) count += 1;
  }
  return count;
}

export interface CountedDeadline {
  date: IsoDate;
  /** Years the count crossed without a schedule: the date is an estimate from weekends. */
  weekendsOnlyYears: number[];
}

/** A review deadline, and whether any year it crosses still lacks its holiday schedule. */
export function countWorkingDays(from: IsoDate, count: number, calendar: WorkingCalendar = BUILT_IN_CALENDAR): CountedDeadline {
  const date = addWorkingDays(from, count, calendar);
  const weekendsOnlyYears: number[] = [];
  const first = Number(addDays(from, 1).slice(0, 4));
  for (let year = first; year <= Number(date.slice(0, 4)); year++) {
    if (count > 0 && !calendar.sourceOf(year)) weekendsOnlyYears.push(year);
  }
  return { date, weekendsOnlyYears };
}
