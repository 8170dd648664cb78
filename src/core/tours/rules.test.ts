import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  expectedCitizens,
  haversineMatrix,
  noShowRate,
  roundTripCost,
  roundTripFromSolution,
  shortestRoundTrip,
  stopMinutes,
  tourTimeline,
} from './rules';
import { DEFAULT_SETTINGS, type VillageInput } from './types';

const village = (over: Partial<VillageInput> = {}): VillageInput => ({
  villageId: 'v',
  name: 'Tettau',
  latitude: 50.875,
  longitude: 12.52,
  locationId: 'l',
  signals: 0,
  waiting: 0,
  homeVisitIds: [],
  residents: 300,
  expiringIds: 0,
  pastBooked: 0,
  pastNoShows: 0,
  ...over,
});

function permutations(xs: number[]): number[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

describe('tour planning rules', () => {
  it('counts everyone who asked or waits and half of the expiring IDs, less the past no-shows', () => {
    expect(expectedCitizens(village({ signals: 4, waiting: 2, expiringIds: 10 }), 0.5)).toBe(11);
    expect(expectedCitizens(village({ signals: 10, pastBooked: 20, pastNoShows: 5 }), 0.5)).toBe(8);
    expect(noShowRate(village({ pastBooked: 0, pastNoShows: 3 }))).toBe(0);
    expect(noShowRate(village({ pastBooked: 2, pastNoShows: 9 }))).toBe(1);
  });

  it('never expects a negative or fractional number of citizens', () => {
    fc.assert(
      fc.property(
        fc.nat(1000),
        fc.nat(1000),
        fc.nat(5000),
        fc.nat(500),
        fc.nat(500),
        fc.double({ min: -1, max: 2, noNaN: true }),
        (signals, waiting, expiringIds, pastBooked, pastNoShows, uptake) => {
          const n = expectedCitizens(
            village({ signals, waiting, expiringIds, pastBooked, pastNoShows }),
            uptake,
          );
          expect(Number.isInteger(n)).toBe(true);
          expect(n).toBeGreaterThanOrEqual(0);
          expect(n).toBeLessThanOrEqual(signals + waiting + expiringIds);
        },
      ),
    );
  });

  it('gives a stop at least the minimum and whole quarter hours', () => {
    fc.assert(
      fc.property(fc.nat(200), (citizens) => {
        const m = stopMinutes(citizens, DEFAULT_SETTINGS);
        expect(m % 15).toBe(0);
        expect(m).toBeGreaterThanOrEqual(Math.max(DEFAULT_SETTINGS.minStopMinutes, citizens * 15));
      }),
    );
  });

  it('measures Meerane town hall to Tettau as straight line times the road factor', () => {
    const m = haversineMatrix(
      [
        { latitude: 50.8519, longitude: 12.4636 },
        { latitude: 50.875, longitude: 12.52 },
      ],
      1.3,
      45,
    );
    expect(m.km[0]![1]).toBeCloseTo(4.7 * 1.3, 0);
    expect(m.minutes[0]![1]).toBeCloseTo((m.km[0]![1]! / 45) * 60, 6);
    expect(m.km[1]![1]).toBe(0);
  });

  it('finds the shortest round trip, as trying every order does', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            latitude: fc.double({ min: 50.2, max: 51.5, noNaN: true }),
            longitude: fc.double({ min: 12, max: 15, noNaN: true }),
          }),
          {
            minLength: 2,
            maxLength: 7,
          },
        ),
        (points) => {
          const m = haversineMatrix(points, 1.3, 50);
          const nodes = points.slice(1).map((_, i) => i + 1);
          const exact = shortestRoundTrip(m.km, nodes);
          const brute = Math.min(...permutations(nodes).map((p) => roundTripCost(m.km, p)));
          expect(exact.cost).toBeCloseTo(brute, 6);
          expect(roundTripCost(m.km, exact.order)).toBeCloseTo(exact.cost, 6);
          expect([...exact.order].sort()).toEqual([...nodes].sort());
        },
      ),
    );
  });

  it('reads a round trip from the solver and refuses two loops', () => {
    expect(roundTripFromSolution({ x_0_2: 1, x_2_1: 1, x_1_0: 1 }, [1, 2])).toEqual([2, 1]);
    expect(() => roundTripFromSolution({ x_0_1: 1, x_1_0: 1, x_2_3: 1, x_3_2: 1 }, [1, 2, 3])).toThrow();
  });

  it('lays out a day: drive, set up, office hours on the grid, pack up, home visits, drive home', () => {
    const m = {
      km: [
        [0, 10],
        [10, 0],
      ],
      minutes: [
        [0, 20],
        [20, 0],
      ],
    };
    const v = village({ homeVisitIds: ['hv1'] });
    const t = tourTimeline(
      [{ plan: { village: { ...v, locationId: 'l' }, citizens: 3, officeMinutes: 60 }, index: 1 }],
      m,
      DEFAULT_SETTINGS,
    );
    // 08:00 + 20 min drive + 15 min set-up = 08:35: office hours start on the grid at 08:45, so
    // the kit leaves at 08:10 rather than wait ten minutes at the village hall.
    expect(t.departTime).toBe('08:10');
    expect(t.stops[0]).toMatchObject({
      startTime: '08:45',
      endTime: '09:45',
      travelMinutesBefore: 20,
      kmBefore: 10,
    });
    expect(t.stops[0]!.homeVisits).toEqual([{ homeVisitId: 'hv1', startTime: '10:00', endTime: '10:45' }]);
    expect(t.returnTime).toBe('11:05');
    expect(t.clerkMinutes).toBe(175);
    expect(t.km).toBe(20);
  });
});
