/**
 * The date picker's calendar, in China (UTC+8) whatever zone the browser is in, and written the
 * way WeChat's picker writes it (2026年 / 12月 / 1日). Pure: no DOM, so jest checks it.
 */
const CHINA_OFFSET_MS = 8 * 3600_000;

export function chinaTodayIso(now: number = Date.now()): string {
  return new Date(now + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export function isoOf(year: number, month: number, day: number): string {
  return `${year}-${pad(month)}-${pad(day)}`;
}

export interface CalendarParts {
  year: number;
  month: number;
  day: number;
}

export function partsOf(iso: string): CalendarParts {
  return { year: Number(iso.slice(0, 4)), month: Number(iso.slice(5, 7)), day: Number(iso.slice(8, 10)) };
}

/** The value shown first: the page's value, else today in China, kept within start…end. */
export function initialDate(value: unknown, start: unknown, end: unknown, now: number = Date.now()): string {
  const shape = /^\d{4}-\d{2}-\d{2}$/;
  let date = typeof value === 'string' && shape.test(value) ? value : chinaTodayIso(now);
  if (typeof start === 'string' && shape.test(start) && date < start) date = start;
  if (typeof end === 'string' && shape.test(end) && date > end) date = end;
  return date;
}

/** The years the picker offers: start…end when given, else ten years either side of the shown one. */
export function yearRange(shown: string, start: unknown, end: unknown): number[] {
  const year = Number(shown.slice(0, 4));
  const from = typeof start === 'string' && /^\d{4}/.test(start) ? Number(start.slice(0, 4)) : year - 10;
  const to = typeof end === 'string' && /^\d{4}/.test(end) ? Number(end.slice(0, 4)) : year + 10;
  return Array.from({ length: Math.max(0, to - from) + 1 }, (_, i) => from + i);
}

/** A day that no longer exists after a change of month (31 → February) becomes the month's last. */
export function clampDay(parts: CalendarParts): string {
  return isoOf(parts.year, parts.month, Math.min(parts.day, daysInMonth(parts.year, parts.month)));
}
