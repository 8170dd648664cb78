import { type BucketKind, bucketKind, periodBuckets } from '../../../core/stats/buckets';

export interface Timeline {
  bucket: BucketKind;
  periods: { from: string; to: string }[];
  /** Visits per period and place (village, else location); null name = all other places together. */
  series: { name: string | null; visits: number[] }[];
}

/** At most this many places get a line of their own; the rest are drawn together. */
export const TIMELINE_PLACES = 6;

/**
 * Visits per village over time, for the evaluation's chart: per location and period the larger of
 * cases captured, appointments attended (with checked-in ones) and tickets served — as in the
 * table — summed per village.
 */
export function visitsOverTime(
  period: { from: string; to: string },
  places: { locationId: string; place: string }[],
  days: {
    attended: { locationId: string; date: string; attended: number }[];
    cases: { locationId: string | null; date: string; cases: number }[];
    queue: { locationId: string; date: string; served: number; checkedIn: number }[];
  },
): Timeline {
  const kind = bucketKind(period.from, period.to);
  const buckets = periodBuckets(period.from, period.to, kind);
  const index = (date: string) => buckets.findIndex((b) => date >= b.from && date <= b.to);
  const zero = () => ({ cases: 0, attended: 0, served: 0 });
  const cells = new Map<string, ReturnType<typeof zero>[]>();
  const cell = (locationId: string, date: string) => {
    const i = index(date);
    if (i < 0) return null;
    let row = cells.get(locationId);
    if (!row) {
      row = buckets.map(zero);
      cells.set(locationId, row);
    }
    return row[i]!;
  };
  for (const d of days.attended) {
    const c = cell(d.locationId, d.date);
    if (c) c.attended += d.attended;
  }
  for (const d of days.queue) {
    const c = cell(d.locationId, d.date);
    if (c) {
      c.attended += d.checkedIn;
      c.served += d.served;
    }
  }
  for (const d of days.cases) {
    const c = d.locationId ? cell(d.locationId, d.date) : null;
    if (c) c.cases += d.cases;
  }
  const byPlace = new Map<string, number[]>();
  for (const { locationId, place } of places) {
    const row = cells.get(locationId);
    if (!row) continue;
    const sums = byPlace.get(place) ?? buckets.map(() => 0);
    row.forEach((c, i) => {
      sums[i] = sums[i]! + Math.max(c.cases, c.attended, c.served);
    });
    byPlace.set(place, sums);
  }
  const total = (v: number[]) => v.reduce((a, b) => a + b, 0);
  const ranked = [...byPlace.entries()]
    .filter(([, v]) => total(v) > 0)
    .sort((a, b) => total(b[1]) - total(a[1]) || a[0].localeCompare(b[0], 'de'));
  const series: Timeline['series'] = ranked
    .slice(0, TIMELINE_PLACES)
    .map(([name, visits]) => ({ name, visits }));
  const rest = ranked.slice(TIMELINE_PLACES);
  if (rest.length > 0) {
    series.push({
      name: null,
      visits: buckets.map((_, i) => rest.reduce((sum, [, v]) => sum + v[i]!, 0)),
    });
  }
  return { bucket: kind, periods: buckets, series };
}
