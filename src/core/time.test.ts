import { describe, expect, it } from 'vitest';
import {
  addDays,
  ageOn,
  isIsoDate,
  localDate,
  localTime,
  weekday,
  zonedDateTimeToInstant,
  zoneOffsetMinutes,
} from './time';

describe('Berlin wall-clock time', () => {
  it('knows winter and summer offsets', () => {
    expect(zoneOffsetMinutes(new Date('2026-01-15T12:00:00Z'))).toBe(60);
    expect(zoneOffsetMinutes(new Date('2026-07-15T12:00:00Z'))).toBe(120);
  });

  it('maps 09:00 on the spring-forward Sunday to 07:00 UTC', () => {
    // 29 March 2026: clocks jump from 02:00 to 03:00.
    expect(zonedDateTimeToInstant('2026-03-29', '09:00').toISOString()).toBe('2026-03-29T07:00:00.000Z');
    expect(zonedDateTimeToInstant('2026-03-29', '01:30').toISOString()).toBe('2026-03-29T00:30:00.000Z');
  });

  it('moves a time inside the spring gap forward by the jump', () => {
    expect(zonedDateTimeToInstant('2026-03-29', '02:30').toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('takes the first of the twice-occurring autumn hour', () => {
    // 25 October 2026: clocks go back from 03:00 to 02:00.
    expect(zonedDateTimeToInstant('2026-10-25', '02:30').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(zonedDateTimeToInstant('2026-10-25', '09:00').toISOString()).toBe('2026-10-25T08:00:00.000Z');
  });

  it('round-trips local date and time', () => {
    const at = zonedDateTimeToInstant('2026-12-31', '23:45');
    expect(localDate(at)).toBe('2026-12-31');
    expect(localTime(at)).toBe('23:45');
  });

  it('does calendar arithmetic across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(weekday('2026-11-18')).toBe(3); // Buß- und Bettag is a Wednesday
  });

  it('rejects impossible dates', () => {
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-13-01')).toBe(false);
  });

  it('counts completed years of age', () => {
    expect(ageOn('2002-11-30', '2026-11-29')).toBe(23);
    expect(ageOn('2002-11-29', '2026-11-29')).toBe(24);
  });
});
