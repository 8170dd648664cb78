import { describe, expect, it } from 'vitest';
import { addDays } from '../time';
import { bucketKind, isoWeek, periodBuckets } from './buckets';

describe('periods of a chart over time (#10)', () => {
  it('chooses weeks for a quarter, months for two years and quarters beyond', () => {
    expect(bucketKind('2026-09-02', '2026-11-30')).toBe('week');
    expect(bucketKind('2026-01-01', '2026-12-31')).toBe('month');
    expect(bucketKind('2024-01-01', '2026-12-31')).toBe('quarter');
  });

  it('cuts weeks at Monday and the ends of the range', () => {
    // 2026-11-04 is a Wednesday.
    expect(periodBuckets('2026-11-04', '2026-11-20', 'week')).toEqual([
      { from: '2026-11-04', to: '2026-11-08' },
      { from: '2026-11-09', to: '2026-11-15' },
      { from: '2026-11-16', to: '2026-11-20' },
    ]);
  });

  it('cuts months and quarters at their first day, across the turn of the year', () => {
    expect(periodBuckets('2026-11-15', '2027-01-10', 'month')).toEqual([
      { from: '2026-11-15', to: '2026-11-30' },
      { from: '2026-12-01', to: '2026-12-31' },
      { from: '2027-01-01', to: '2027-01-10' },
    ]);
    expect(periodBuckets('2026-02-10', '2026-08-01', 'quarter')).toEqual([
      { from: '2026-02-10', to: '2026-03-31' },
      { from: '2026-04-01', to: '2026-06-30' },
      { from: '2026-07-01', to: '2026-08-01' },
    ]);
  });

  it('puts every day of any range into exactly one period', () => {
    for (const [from, span] of [
      ['2026-03-28', 10],
      ['2026-01-01', 400],
      ['2025-12-30', 1100],
      ['2026-06-01', 0],
    ] as const) {
      const to = addDays(from, span);
      const buckets = periodBuckets(from, to);
      expect(buckets[0]!.from).toBe(from);
      expect(buckets.at(-1)!.to).toBe(to);
      for (let i = 1; i < buckets.length; i++) expect(buckets[i]!.from).toBe(addDays(buckets[i - 1]!.to, 1));
      expect(buckets.length).toBeLessThanOrEqual(26);
    }
    expect(periodBuckets('2026-05-02', '2026-05-01')).toEqual([]);
  });

  it('numbers weeks as ISO 8601 does (KW)', () => {
    expect(isoWeek('2026-09-08')).toBe(37);
    expect(isoWeek('2026-01-01')).toBe(1);
    expect(isoWeek('2025-12-29')).toBe(1);
    expect(isoWeek('2026-12-31')).toBe(53);
    expect(isoWeek('2027-01-04')).toBe(1);
    expect(isoWeek('2027-01-03')).toBe(53);
  });
});
