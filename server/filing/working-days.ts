import type { IsoDate } from '../../core/time/china-date';
import type * as WorkingDays from '../../core/time/working-days';

let calendar: typeof WorkingDays | undefined;

/**
 * core's working-day arithmetic, loaded with the first deadline it computes: chinese-days builds
 * its holiday tables when it loads (about 17 ms of a cold start), and only the actions that set a
 * review deadline need them, not listing or reading filings.
 */
export function addWorkingDays(from: IsoDate, count: number): IsoDate {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  calendar ??= require('../../core/time/working-days') as typeof WorkingDays;
  return calendar.addWorkingDays(from, count);
}
