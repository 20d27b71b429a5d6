import dayjs, { type Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);

/**
 * China has kept UTC+8 with no daylight saving since 1991, so a fixed offset gives China time
 * without the Intl time-zone data that some mini-program JS engines lack.
 */
const CHINA_OFFSET_MINUTES = 8 * 60;

/** A calendar date `YYYY-MM-DD`, always meant in China time. */
export type IsoDate = string;

const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/** The instant as seen in China, whatever the server's own zone is. */
export function inChina(instant: Date | number | string = Date.now()): Dayjs {
  return dayjs(instant).utcOffset(CHINA_OFFSET_MINUTES);
}

const CHINA_OFFSET_MS = CHINA_OFFSET_MINUTES * 60_000;

const millisOf = (instant: Date | number) => (typeof instant === 'number' ? instant : instant.getTime());

/** Today's date in China: the UTC date of the instant moved by the fixed offset (every submit asks). */
export function chinaToday(now: Date | number = Date.now()): IsoDate {
  return isoOfMillis(millisOf(now) + CHINA_OFFSET_MS);
}

/**
 * Milliseconds of a UTC calendar day. `Date.UTC` reads years 0–99 as 1900–1999, so the year is
 * set on its own: `0050-01-01` stays in the year 50 and never prints as 1950.
 */
function utcDayMillis(year: number, monthIndex: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, monthIndex, day);
  return d.getTime();
}

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one (UTC: no zone can shift it).
  return new Date(utcDayMillis(year, month, 0)).getUTCDate();
}

/** Strict check: `2026-02-30` is the right shape and still not a date. */
export function isIsoDate(value: string): boolean {
  if (!DATE_SHAPE.test(value)) return false;
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

const DAY_MS = 86_400_000;

function utcMillis(date: IsoDate): number {
  return utcDayMillis(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

/** `YYYY-MM-DD` with a four-digit year, whatever the year (toISOString would give ±YYYYYY beyond 9999). */
function isoOfMillis(ms: number): IsoDate {
  const d = new Date(ms);
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

/** Plain UTC arithmetic: review deadlines call this for every day they count. */
export function addDays(date: IsoDate, days: number): IsoDate {
  return isoOfMillis(utcMillis(date) + days * DAY_MS);
}

/** Same day `months` later, clamped to the month's last day (01-31 + 1 month = 02-28/29). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const total = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  const day = Math.min(Number(date.slice(8, 10)), daysInMonth(year, month));
  return isoOfMillis(utcDayMillis(year, month - 1, day));
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((utcMillis(b) - utcMillis(a)) / DAY_MS);
}

export function dayOfWeek(date: IsoDate): number {
  return new Date(utcMillis(date)).getUTCDay();
}

const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** ISO-8601 timestamp with the +08:00 offset, for audit records that people read (plain arithmetic, as chinaToday). */
export function chinaTimestamp(now: Date | number = Date.now()): string {
  const shifted = millisOf(now) + CHINA_OFFSET_MS;
  const d = new Date(shifted);
  const millis = d.getUTCMilliseconds();
  return `${isoOfMillis(shifted)}T${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${millis < 100 ? (millis < 10 ? '00' : '0') : ''}${millis}+08:00`;
}

/**
 * 2026年12月2日 for a date (`YYYY-MM-DD`) or an instant, in China time: what residents read.
 * Anything else is returned as it is (never an exception on a page).
 */
export function chinaDateText(value: string | undefined): string {
  if (!value) return '';
  const day = isIsoDate(value) ? value : instantDay(value);
  if (!day) return value;
  return `${Number(day.slice(0, 4))}年${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;
}

/** 2026年12月2日 14:05 for an instant (ISO-8601 with offset), in China time whatever the device's zone. */
export function chinaDateTimeText(instant: string | undefined): string {
  if (!instant) return '';
  if (isIsoDate(instant)) return chinaDateText(instant);
  if (!INSTANT_SHAPE.test(instant)) return instant;
  const shown = inChina(instant);
  if (!shown.isValid()) return instant;
  return `${chinaDateText(shown.format('YYYY-MM-DD'))} ${shown.format('HH:mm')}`;
}

const INSTANT_SHAPE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function instantDay(value: string): IsoDate | undefined {
  if (!INSTANT_SHAPE.test(value)) return undefined;
  const shown = inChina(value);
  return shown.isValid() ? shown.format('YYYY-MM-DD') : undefined;
}

/** 2027年1月1日 (issue 15's name): the same words as chinaDateText, one formatter for every page. */
export function dateInWords(date: IsoDate): string {
  return chinaDateText(date);
}

/** 2026年11月26日 10:00 (issue 15's name): the same words as chinaDateTimeText. */
export function instantInWords(instant: string): string {
  return chinaDateTimeText(instant);
}
