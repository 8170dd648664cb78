import { describe, expect, it } from 'vitest';
import { AppError } from '../../http/errors';
import { saxonHoliday } from './holidays';
import { expandRecurrence, normaliseRrule } from './recurrence';

describe('Saxon public holidays', () => {
  it('knows Reformationstag and Buß- und Bettag 2026, and that Totensonntag is a working day', () => {
    expect(saxonHoliday('2026-10-31')).toBe('Reformationstag');
    expect(saxonHoliday('2026-11-18')).toBe('Buß- und Bettag');
    expect(saxonHoliday('2025-11-19')).toBe('Buß- und Bettag');
    expect(saxonHoliday('2027-11-17')).toBe('Buß- und Bettag');
    expect(saxonHoliday('2026-11-22')).toBeNull(); // Totensonntag: protected day, not a holiday
    expect(saxonHoliday('2026-06-04')).toBeNull(); // Fronleichnam: not in Meerane/Schönberg
    expect(saxonHoliday('2026-11-17')).toBeNull();
  });
});

describe('recurring office days', () => {
  it('skips Reformationstag (31 Oct) and Buß- und Bettag (18 Nov 2026)', () => {
    const daily = expandRecurrence({ rrule: 'FREQ=DAILY', firstDate: '2026-10-29', lastDate: '2026-11-20' });
    expect(daily.dates).not.toContain('2026-10-31');
    expect(daily.dates).not.toContain('2026-11-18');
    expect(daily.dates).toContain('2026-10-30');
    expect(daily.dates).toContain('2026-11-17');
    expect(daily.skipped).toEqual([
      { date: '2026-10-31', reason: 'holiday', holiday: 'Reformationstag' },
      { date: '2026-11-18', reason: 'holiday', holiday: 'Buß- und Bettag' },
    ]);
    // A Wednesday series in November 2026 loses exactly the 18th.
    const wednesdays = expandRecurrence({
      rrule: 'RRULE:FREQ=WEEKLY;BYDAY=WE',
      firstDate: '2026-11-01',
      lastDate: '2026-11-30',
    });
    expect(wednesdays.dates).toEqual(['2026-11-04', '2026-11-11', '2026-11-25']);
  });

  it('plans every 2nd and 4th Tuesday and leaves out exception dates', () => {
    const r = expandRecurrence({
      rrule: 'FREQ=MONTHLY;BYDAY=2TU,4TU',
      firstDate: '2026-12-01',
      lastDate: '2027-02-28',
      exdates: ['2027-01-12'],
    });
    expect(r.dates).toEqual(['2026-12-08', '2026-12-22', '2027-01-26', '2027-02-09', '2027-02-23']);
    expect(r.skipped).toEqual([{ date: '2027-01-12', reason: 'exception' }]);
  });

  it('refuses rules it cannot plan with', () => {
    expect(() => normaliseRrule('FREQ=HOURLY')).toThrow(AppError);
    expect(() => normaliseRrule('FREQ=WEEKLY;UNTIL=20270101T000000Z')).toThrow(AppError);
    expect(() => normaliseRrule('whatever')).toThrow(AppError);
    expect(() =>
      expandRecurrence({ rrule: 'FREQ=DAILY', firstDate: '2026-12-01', lastDate: '2028-12-01' }),
    ).toThrow(expect.objectContaining({ code: 'RECURRENCE_TOO_LONG' }));
  });
});
