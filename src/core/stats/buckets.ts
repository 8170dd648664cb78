import { addDays, daysBetween, type IsoDate, isIsoDate, weekday } from '../time';

/**
 * The periods a chart over time is drawn in (#10): weeks (Monday to Sunday) for up to about a
 * quarter, months for up to two years, quarters beyond. The first and last period are cut to the
 * chosen range, so every day belongs to exactly one period.
 */
export type BucketKind = 'week' | 'month' | 'quarter';

export interface Bucket {
  from: IsoDate;
  to: IsoDate;
}

export function bucketKind(from: IsoDate, to: IsoDate): BucketKind {
  const days = daysBetween(from, to) + 1;
  if (days <= 92) return 'week';
  if (days <= 731) return 'month';
  return 'quarter';
}

function nextStart(date: IsoDate, kind: BucketKind): IsoDate {
  if (kind === 'week') return addDays(date, (8 - weekday(date)) % 7 || 7);
  const [y, m] = date.split('-').map(Number) as [number, number];
  const months = kind === 'month' ? 1 : 3 - ((m - 1) % 3);
  const total = y * 12 + (m - 1) + months;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}-01`;
}

export function periodBuckets(from: IsoDate, to: IsoDate, kind = bucketKind(from, to)): Bucket[] {
  if (!isIsoDate(from) || !isIsoDate(to) || from > to) return [];
  const out: Bucket[] = [];
  let start = from;
  while (start <= to) {
    const next = nextStart(start, kind);
    const end = addDays(next, -1);
    out.push({ from: start, to: end < to ? end : to });
    start = next;
  }
  return out;
}

/** The ISO 8601 week number of a date ("KW 37"): weeks start on Monday, week 1 holds 4 January. */
export function isoWeek(date: IsoDate): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  const weekdayNumber = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekdayNumber);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  return Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
}
