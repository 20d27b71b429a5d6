import type * as BuiltInHolidays from '../../core/time/built-in-holidays';
import type * as WorkingDays from '../../core/time/working-days';

/**
 * core's calendar modules, loaded on first use: chinese-days builds its holiday tables when it
 * loads (about 20 ms of every function's cold start), and only deadlines and calendar views
 * need them, not listing filings or searching the directory (bench/cold-start).
 */
export function workingDays(): typeof WorkingDays {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../../core/time/working-days') as typeof WorkingDays;
}

export function builtInHolidays(): typeof BuiltInHolidays {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../../core/time/built-in-holidays') as typeof BuiltInHolidays;
}
