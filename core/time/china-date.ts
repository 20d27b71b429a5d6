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

/** Today's date in China. */
export function chinaToday(now: Date | number = Date.now()): IsoDate {
  return inChina(now).format('YYYY-MM-DD');
}

/** Strict check: `2026-02-30` is the right shape and still not a date. */
export function isIsoDate(value: string): boolean {
  if (!DATE_SHAPE.test(value)) return false;
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  // Day 0 of the next month is the last day of this one (UTC: no zone can shift it).
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Calendar arithmetic on dates, done in UTC so no zone can shift the day. */
function asUtcDay(date: IsoDate): Dayjs {
  return dayjs.utc(date);
}

const DAY_MS = 86_400_000;

function utcMillis(date: IsoDate): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

function isoOfMillis(ms: number): IsoDate {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Plain UTC arithmetic: review deadlines call this for every day they count. */
export function addDays(date: IsoDate, days: number): IsoDate {
  return isoOfMillis(utcMillis(date) + days * DAY_MS);
}

export function addMonths(date: IsoDate, months: number): IsoDate {
  return asUtcDay(date).add(months, 'month').format('YYYY-MM-DD');
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((utcMillis(b) - utcMillis(a)) / DAY_MS);
}

export function dayOfWeek(date: IsoDate): number {
  return new Date(utcMillis(date)).getUTCDay();
}

/** ISO-8601 timestamp with the +08:00 offset, for audit records that people read. */
export function chinaTimestamp(now: Date | number = Date.now()): string {
  return inChina(now).format('YYYY-MM-DDTHH:mm:ss.SSSZ');
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
