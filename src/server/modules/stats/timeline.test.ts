import { describe, expect, it } from 'vitest';
import { TIMELINE_PLACES, visitsOverTime } from './timeline';

const period = { from: '2026-11-02', to: '2026-11-15' }; // two whole weeks, Monday to Sunday

describe('visits per village over time (#10)', () => {
  it('counts per period the larger of cases, attended and served, summed per village', () => {
    const timeline = visitsOverTime(
      period,
      [
        { locationId: 'a', place: 'Schönberg' },
        { locationId: 'b', place: 'Schönberg' },
        { locationId: 'c', place: 'Tettau' },
      ],
      {
        attended: [{ locationId: 'a', date: '2026-11-03', attended: 2 }],
        cases: [
          { locationId: 'a', date: '2026-11-03', cases: 5 },
          { locationId: null, date: '2026-11-03', cases: 9 },
        ],
        queue: [
          { locationId: 'b', date: '2026-11-10', served: 1, checkedIn: 3 },
          { locationId: 'c', date: '2026-11-15', served: 4, checkedIn: 0 },
        ],
      },
    );
    expect(timeline.bucket).toBe('week');
    expect(timeline.periods).toEqual([
      { from: '2026-11-02', to: '2026-11-08' },
      { from: '2026-11-09', to: '2026-11-15' },
    ]);
    expect(timeline.series).toEqual([
      { name: 'Schönberg', visits: [5, 3] },
      { name: 'Tettau', visits: [0, 4] },
    ]);
  });

  it('draws the busiest places on their own and the rest together', () => {
    const places = Array.from({ length: TIMELINE_PLACES + 3 }, (_, i) => ({
      locationId: `l${i}`,
      place: `Ort ${i}`,
    }));
    const timeline = visitsOverTime(period, places, {
      attended: places.map((p, i) => ({ locationId: p.locationId, date: '2026-11-02', attended: i + 1 })),
      cases: [],
      queue: [],
    });
    expect(timeline.series).toHaveLength(TIMELINE_PLACES + 1);
    expect(timeline.series[0]!.name).toBe(`Ort ${TIMELINE_PLACES + 2}`);
    expect(timeline.series.at(-1)).toEqual({ name: null, visits: [1 + 2 + 3, 0] });
  });
});
