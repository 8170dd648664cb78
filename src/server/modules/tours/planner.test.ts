import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { candidateTours, naivePlan, proposeTours, stopPlan } from '../../../core/tours/planner';
import {
  haversineMatrix,
  roundTripCost,
  roundTripFromSolution,
  roundTripModel,
  shortestRoundTrip,
} from '../../../core/tours/rules';
import { DEFAULT_SETTINGS, type PlanningSettings, type VillageInput } from '../../../core/tours/types';
import { solveWithHighs } from './solver';

const DEPOT = { latitude: 50.8519, longitude: 12.4636 };
const workdays = [
  '2027-03-01',
  '2027-03-02',
  '2027-03-03',
  '2027-03-04',
  '2027-03-05',
  '2027-03-08',
  '2027-03-09',
  '2027-03-10',
  '2027-03-11',
  '2027-03-12',
];
const settings: PlanningSettings = { ...DEFAULT_SETTINGS, firstDate: '2027-03-01', weeks: 2, workdays };

function village(i: number, lat: number, lon: number, over: Partial<VillageInput> = {}): VillageInput {
  return {
    villageId: `v${i}`,
    name: `Dorf ${String.fromCharCode(65 + i)}`,
    latitude: lat,
    longitude: lon,
    locationId: `l${i}`,
    signals: 3,
    waiting: 0,
    homeVisitIds: [],
    residents: 200,
    expiringIds: 4,
    pastBooked: 0,
    pastNoShows: 0,
    ...over,
  };
}

function matrixFor(vs: VillageInput[]) {
  return haversineMatrix([DEPOT, ...vs], 1.3, 45);
}

describe('the tour planner with HiGHS', () => {
  it('orders stops as the exact round trip does (the MILP with subtour cuts is optimal)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            latitude: fc.double({ min: 50.7, max: 51, noNaN: true }),
            longitude: fc.double({ min: 12.3, max: 12.7, noNaN: true }),
          }),
          {
            minLength: 3,
            maxLength: 7,
          },
        ),
        async (points) => {
          const m = haversineMatrix([DEPOT, ...points], 1.3, 45);
          const nodes = points.map((_, i) => i + 1);
          const solution = await solveWithHighs(roundTripModel(m.minutes, nodes));
          expect(solution.status).toBe('Optimal');
          const order = roundTripFromSolution(solution.values, nodes);
          expect(roundTripCost(m.minutes, order)).toBeCloseTo(shortestRoundTrip(m.minutes, nodes).cost, 3);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('groups neighbouring villages into one day and serves everyone within the kit hours', async () => {
    const vs = [
      village(0, 50.88, 12.52),
      village(1, 50.885, 12.53),
      village(2, 50.8, 12.4),
      village(3, 50.805, 12.41, { homeVisitIds: ['hv1'] }),
      village(4, 50.87, 12.47, { signals: 0, expiringIds: 0 }),
    ];
    const proposal = await proposeTours({
      villages: vs,
      kits: [{ kitId: 'k1', name: 'Koffer 1', busyDates: ['2027-03-01'] }],
      settings,
      matrix: matrixFor(vs),
      solve: solveWithHighs,
    });
    expect(proposal.coveredCitizens).toBe(proposal.demandCitizens);
    expect(proposal.unplanned).toEqual([]);
    for (const t of proposal.tours) {
      expect(t.clerkMinutes).toBeLessThanOrEqual(settings.kitDayMinutes);
      expect(t.date).not.toBe('2027-03-01');
    }
    const together = proposal.tours.find((t) => t.stops.some((s) => s.villageId === 'v0'))!;
    expect(together.stops.map((s) => s.villageId).sort()).toContain('v1');
    const hv = proposal.tours.flatMap((t) => t.stops).find((s) => s.villageId === 'v3')!;
    expect(hv.homeVisits).toHaveLength(1);
    expect(hv.homeVisits[0]!.startTime >= hv.endTime).toBe(true);
  });

  it('says which villages it cannot plan and why', async () => {
    const vs = [
      village(0, 50.88, 12.52),
      village(1, Number.NaN, Number.NaN),
      village(2, 50.8, 12.4, { locationId: null }),
    ];
    const proposal = await proposeTours({
      villages: vs,
      kits: [],
      settings,
      matrix: matrixFor([vs[0]!]),
      solve: solveWithHighs,
    });
    expect(proposal.tours).toEqual([]);
    expect(proposal.unplanned.map((u) => [u.villageId, u.reason]).sort()).toEqual([
      ['v0', 'no_capacity'],
      ['v1', 'no_coordinates'],
      ['v2', 'no_location'],
    ]);
  });

  it('never plans a day longer than the kit hours, a village twice or a kit twice a day', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            lat: fc.double({ min: 50.6, max: 51.1, noNaN: true }),
            lon: fc.double({ min: 12.2, max: 12.9, noNaN: true }),
            signals: fc.nat(30),
            expiring: fc.nat(40),
          }),
          { minLength: 1, maxLength: 9 },
        ),
        fc.integer({ min: 1, max: 2 }),
        async (rows, kitCount) => {
          const vs = rows.map((r, i) =>
            village(i, r.lat, r.lon, { signals: r.signals, expiringIds: r.expiring }),
          );
          const kits = Array.from({ length: kitCount }, (_, k) => ({
            kitId: `k${k}`,
            name: `Koffer ${k}`,
            busyDates: [],
          }));
          const p = await proposeTours({
            villages: vs,
            kits,
            settings,
            matrix: matrixFor(vs),
            solve: solveWithHighs,
          });
          const stops = p.tours.flatMap((t) => t.stops.map((s) => s.villageId));
          expect(new Set(stops).size).toBe(stops.length);
          const days = p.tours.map((t) => `${t.kitId}/${t.date}`);
          expect(new Set(days).size).toBe(days.length);
          for (const t of p.tours) expect(t.clerkMinutes).toBeLessThanOrEqual(settings.kitDayMinutes);
          expect(p.coveredCitizens).toBeLessThanOrEqual(p.demandCitizens);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('drives fewer kilometres per citizen than every village monthly in a fixed order', async () => {
    const vs = Array.from({ length: 10 }, (_, i) =>
      village(i, 50.7 + ((i * 37) % 10) * 0.03, 12.3 + ((i * 53) % 10) * 0.04, {
        signals: i % 3 === 0 ? 0 : 4,
      }),
    );
    const m = matrixFor(vs);
    const kits = [{ kitId: 'k', name: 'K', busyDates: [] }];
    const p = await proposeTours({
      villages: vs,
      kits,
      settings: { ...settings, workdays: [...workdays, ...workdays.map((d) => d.replace('-03-', '-04-'))] },
      matrix: m,
      solve: solveWithHighs,
    });
    const naive = naivePlan(vs as (VillageInput & { locationId: string })[], kits, m, settings);
    expect(p.km / p.coveredCitizens).toBeLessThan(naive.km / naive.citizens);
    expect(
      candidateTours(
        vs.map((v, i) => ({
          plan: stopPlan(v as VillageInput & { locationId: string }, settings),
          index: i + 1,
        })),
        m,
        settings,
      ).length,
    ).toBeGreaterThan(vs.length);
  });
});
