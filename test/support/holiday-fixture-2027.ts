import type { CalendarDay } from '../../core/time/holiday-schedule';

/**
 * TEST FIXTURE — NOT THE OFFICIAL 2027 SCHEDULE. No package has 2027 yet; this is a plausible
 * schedule in holiday-cn's format, shaped like 2026's (元旦 3 days, a 9-day Spring Festival
 * around 除夕 on Friday 5 February 2027, make-up Saturdays), for the calendar tests only.
 */
export const FIXTURE_2027: readonly CalendarDay[] = [
  { date: '2027-01-01', name: '元旦', isOffDay: true },
  { date: '2027-01-02', name: '元旦', isOffDay: true },
  { date: '2027-01-03', name: '元旦', isOffDay: true },
  ...['05', '06', '07', '08', '09', '10', '11', '12', '13'].map((d) => ({ date: `2027-02-${d}`, name: '春节', isOffDay: true })),
  { date: '2027-01-30', name: '春节', isOffDay: false },
  { date: '2027-02-20', name: '春节', isOffDay: false },
  { date: '2027-04-05', name: '清明节', isOffDay: true },
  { date: '2027-05-01', name: '劳动节', isOffDay: true },
  { date: '2027-05-02', name: '劳动节', isOffDay: true },
  { date: '2027-05-03', name: '劳动节', isOffDay: true },
  { date: '2027-05-04', name: '劳动节', isOffDay: true },
  { date: '2027-05-05', name: '劳动节', isOffDay: true },
  { date: '2027-06-09', name: '端午节', isOffDay: true },
  { date: '2027-09-15', name: '中秋节', isOffDay: true },
  ...['01', '02', '03', '04', '05', '06', '07'].map((d) => ({ date: `2027-10-${d}`, name: '国庆节', isOffDay: true })),
  { date: '2027-10-09', name: '国庆节', isOffDay: false },
];
