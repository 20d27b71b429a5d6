import { builtInSchedule } from '../../core/time/built-in-holidays';
import { normalizedSchedule, scheduleProblems } from '../../core/time/holiday-schedule';
import { addWorkingDays, countWorkingDays, workingCalendar } from '../../core/time/working-days';
import { FIXTURE_2027 } from '../support/holiday-fixture-2027';

/** Working days from loaded years, else chinese-days, else weekends — and schedules checked entry by entry. */
describe('working calendar', () => {
  const loaded2027 = workingCalendar([{ year: 2027, days: FIXTURE_2027 }]);
  const none = workingCalendar();

  it('counts a loaded year with its holidays and make-up days, an unknown one by weekends', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      // Submitted Thursday 2027-02-04 with 2 working days (fixture: Spring Festival off 5–13 February).
      expect(countWorkingDays('2027-02-04', 2, none)).toEqual({ date: '2027-02-08', weekendsOnlyYears: [2027] });
      expect(countWorkingDays('2027-02-04', 2, loaded2027)).toEqual({ date: '2027-02-16', weekendsOnlyYears: [] });
      expect(loaded2027.isWorkingDay('2027-02-20')).toBe(true); // make-up Saturday
      expect(loaded2027.isWorkingDay('2027-02-10')).toBe(false);
      expect(loaded2027.sourceOf(2027)).toBe('loaded');
      expect(none.sourceOf(2027)).toBeUndefined();
    } finally {
      warn.mockRestore();
    }
  });

  it('keeps chinese-days for the years it ships, and a loaded year overrides it', () => {
    expect(none.sourceOf(2026)).toBe('built-in');
    expect(addWorkingDays('2026-09-30', 1, none)).toBe('2026-10-08');
    const corrected = workingCalendar([{ year: 2026, days: [{ date: '2026-10-08', name: '国庆节', isOffDay: true }] }]);
    expect(corrected.sourceOf(2026)).toBe('loaded');
    // The loaded 2026 has only that day: 1–7 October are ordinary weekdays in it.
    expect(addWorkingDays('2026-10-07', 1, corrected)).toBe('2026-10-09');
  });

  it('marks a count that crosses into a year without a schedule, not one that stays inside known years', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      expect(countWorkingDays('2026-12-30', 3, none)).toEqual({ date: '2027-01-04', weekendsOnlyYears: [2027] });
      expect(countWorkingDays('2026-11-26', 2, none)).toEqual({ date: '2026-11-30', weekendsOnlyYears: [] });
      expect(countWorkingDays('2026-12-30', 3, loaded2027).weekendsOnlyYears).toEqual([]);
    } finally {
      warn.mockRestore();
    }
  });

  it('gives the shipped years in holiday-cn format', () => {
    const days = builtInSchedule(2026)!;
    expect(days).toEqual(expect.arrayContaining([
      { date: '2026-02-17', name: '春节', isOffDay: true },
      { date: '2026-02-14', name: '春节', isOffDay: false },
      { date: '2026-10-01', name: '国庆节', isOffDay: true },
    ]));
    expect(days.every((d) => d.date.startsWith('2026-'))).toBe(true);
    expect(builtInSchedule(2027)).toBeUndefined();
  });
});

describe('schedule validation', () => {
  it('accepts the fixture', () => {
    expect(scheduleProblems(2027, FIXTURE_2027)).toEqual({});
  });

  it('names each bad entry, in Chinese: other year, duplicate, no name, not a date', () => {
    const problems = scheduleProblems(2027, [
      { date: '2027-01-01', name: '元旦', isOffDay: true },
      { date: '2028-01-01', name: '元旦', isOffDay: true },
      { date: '2027-01-01', name: '元旦', isOffDay: true },
      { date: '2027-02-05', name: '  ', isOffDay: true },
      { date: '2027-02-30', name: '春节', isOffDay: true },
    ]);
    expect(problems).toEqual({
      'days.1.date': '第2条（2028年1月1日）不在2027年内',
      'days.2.date': '第3条（2027年1月1日）与第1条重复',
      'days.3.name': '第4条（2027年2月5日）缺少节日名称',
      'days.4.date': '第5条的日期不正确，应写成2027-01-01这样的日期',
    });
  });

  it('stores names trimmed and days by date', () => {
    expect(normalizedSchedule([{ date: '2027-02-05', name: ' 春节 ', isOffDay: true }, { date: '2027-01-01', name: '元旦', isOffDay: true }]))
      .toEqual([{ date: '2027-01-01', name: '元旦', isOffDay: true }, { date: '2027-02-05', name: '春节', isOffDay: true }]);
  });
});
