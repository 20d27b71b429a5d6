import { addWorkingDays, isWorkingDay, workingDaysBetween } from '../../core/time/working-days';

describe('working days (chinese-days, with weekend fallback)', () => {
  it('knows a 2026 public holiday and a 调休 make-up working day', () => {
    expect(isWorkingDay('2026-10-01')).toBe(false); // 国庆节, a Thursday
    expect(isWorkingDay('2026-10-10')).toBe(true); // make-up Saturday
    expect(isWorkingDay('2026-01-04')).toBe(true); // make-up Sunday after 元旦
    expect(isWorkingDay('2026-09-25')).toBe(false); // 中秋节, a Friday
    expect(isWorkingDay('2026-06-03')).toBe(true); // an ordinary Wednesday
  });

  it('counts review deadlines across the National Day holiday', () => {
    expect(addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
    expect(addWorkingDays('2026-10-09', 1)).toBe('2026-10-10');
    expect(addWorkingDays('2026-06-05', 2)).toBe('2026-06-09'); // Friday + 2 → Tuesday
    expect(addWorkingDays('2026-06-05', 0)).toBe('2026-06-05');
    expect(workingDaysBetween('2026-09-30', '2026-10-10')).toBe(3);
    expect(workingDaysBetween('2026-10-10', '2026-09-30')).toBe(0);
  });

  it('falls back to weekends beyond the holiday data, with a warning and no crash', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      expect(isWorkingDay('2028-03-06')).toBe(true); // Monday
      expect(isWorkingDay('2028-03-04')).toBe(false); // Saturday
      expect(addWorkingDays('2028-03-03', 1)).toBe('2028-03-06');
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toContain('2028');
    } finally {
      warn.mockRestore();
    }
  });
});
