import {
  addDays,
  addMonths,
  chinaTimestamp,
  chinaDateText,
  chinaDateTimeText,
  chinaToday,
  dayOfWeek,
  daysBetween,
  isIsoDate,
} from '../../core/time/china-date';

/** Runs `fn` with the process in another time zone (Node re-reads TZ when it is set). */
function inZone<T>(zone: string, fn: () => T): T {
  const before = process.env.TZ;
  process.env.TZ = zone;
  try {
    return fn();
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
}

const ZONES = ['UTC', 'America/Los_Angeles', 'Asia/Shanghai', 'Pacific/Kiritimati', 'Pacific/Pago_Pago'];

describe('China dates', () => {
  it('gives the China date of an instant near midnight UTC, whatever the server zone', () => {
    // 16:30 UTC is 00:30 the next day in China; 15:59 UTC is still the same day.
    const justAfterChinaMidnight = Date.UTC(2026, 0, 1, 16, 30);
    const justBeforeChinaMidnight = Date.UTC(2026, 0, 1, 15, 59);
    for (const zone of ZONES) {
      inZone(zone, () => {
        expect(chinaToday(justAfterChinaMidnight)).toBe('2026-01-02');
        expect(chinaToday(justBeforeChinaMidnight)).toBe('2026-01-01');
        expect(chinaToday(new Date(Date.UTC(2026, 0, 1, 0, 0)))).toBe('2026-01-01');
        expect(addDays('2026-03-08', 1)).toBe('2026-03-09');
        expect(dayOfWeek('2026-01-04')).toBe(0);
      });
    }
  });

  it('stamps audit times with the +08:00 offset', () => {
    expect(chinaTimestamp(Date.UTC(2026, 0, 1, 16, 30, 5, 7))).toBe('2026-01-02T00:30:05.007+08:00');
  });

  it('accepts only real calendar dates in YYYY-MM-DD', () => {
    for (const date of ['2026-01-01', '2024-02-29', '2026-12-31']) expect(isIsoDate(date)).toBe(true);
    for (const date of ['2026-02-29', '2026-02-30', '2026-13-01', '2026-1-1', '20260101', '2026-01-01T00:00', '']) {
      expect(isIsoDate(date)).toBe(false);
    }
  });

  it('adds days and months on the calendar, clamping month ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-07-01', 6)).toBe('2027-01-01');
    expect(daysBetween('2026-05-28', '2026-06-01')).toBe(4);
    expect(daysBetween('2026-06-01', '2026-05-28')).toBe(-4);
  });

  it('words dates and instants as residents read them, in China time whatever the zone', () => {
    for (const zone of ZONES) {
      inZone(zone, () => {
        expect(chinaDateText('2026-12-02')).toBe('2026年12月2日');
        expect(chinaDateTimeText('2026-12-02T05:20:22.772+08:00')).toBe('2026年12月2日 05:20');
        // 21:05 UTC is 05:05 the next morning in China.
        expect(chinaDateTimeText('2026-12-01T21:05:00Z')).toBe('2026年12月2日 05:05');
        expect(chinaDateText('2026-12-01T21:05:00Z')).toBe('2026年12月2日');
        expect(chinaDateTimeText('2026-01-09')).toBe('2026年1月9日');
      });
    }
    expect(chinaDateText(undefined)).toBe('');
    expect(chinaDateTimeText('')).toBe('');
    expect(chinaDateText('不是日期')).toBe('不是日期');
  });
});
