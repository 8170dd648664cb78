import { describe, expect, it } from 'vitest';
import { officeDayClash } from './office-day-clash';

const day = (startTime: string, endTime: string, date = '2026-05-12') => ({ date, startTime, endTime });

describe('office-day clashes (#10)', () => {
  it('calls the same window on the same date the same day planned twice', () => {
    expect(officeDayClash(day('09:00', '12:00'), day('09:00', '12:00'))).toBe('identical');
  });

  it('finds windows that overlap, however they overlap', () => {
    expect(officeDayClash(day('10:00', '11:00'), day('09:00', '12:00'))).toBe('overlap');
    expect(officeDayClash(day('08:00', '09:30'), day('09:00', '12:00'))).toBe('overlap');
    expect(officeDayClash(day('11:45', '14:00'), day('09:00', '12:00'))).toBe('overlap');
    expect(officeDayClash(day('08:00', '13:00'), day('09:00', '12:00'))).toBe('overlap');
  });

  it('lets windows that only touch, and other dates, pass', () => {
    expect(officeDayClash(day('12:00', '14:00'), day('09:00', '12:00'))).toBeNull();
    expect(officeDayClash(day('07:00', '09:00'), day('09:00', '12:00'))).toBeNull();
    expect(officeDayClash(day('09:00', '12:00', '2026-05-13'), day('09:00', '12:00'))).toBeNull();
  });
});
