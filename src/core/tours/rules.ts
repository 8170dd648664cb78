import { haversineKm } from '../geo';
import { formatMinutesOfDay, minutesOfDay } from '../time';
import type {
  GeoPoint,
  HomeVisitWindow,
  PlanningSettings,
  TourStop,
  TravelMatrix,
  VillageInput,
} from './types';

/** Share of booked appointments not kept in the village's past office days (0 without history). */
export function noShowRate(v: Pick<VillageInput, 'pastBooked' | 'pastNoShows'>): number {
  if (v.pastBooked <= 0) return 0;
  return Math.min(1, Math.max(0, v.pastNoShows / v.pastBooked));
}

/**
 * Citizens expected at an office day in the village: everyone who signalled demand or waits, plus
 * the share of expiring ID cards and passports that usually come, less the village's past
 * no-show rate (people who book and do not come need no clerk time). Whole people, never negative.
 */
export function expectedCitizens(v: VillageInput, idUptake: number): number {
  const raw = v.signals + v.waiting + v.expiringIds * Math.min(1, Math.max(0, idUptake));
  return Math.max(0, Math.round(raw * (1 - noShowRate(v))));
}

const roundUp = (minutes: number, step: number) => Math.ceil(minutes / step) * step;

/** Office hours a stop needs: the citizens' appointments on the 15-minute grid, at least the minimum. */
export function stopMinutes(
  citizens: number,
  s: Pick<PlanningSettings, 'minutesPerCitizen' | 'minStopMinutes'>,
): number {
  return Math.max(s.minStopMinutes, roundUp(citizens * s.minutesPerCitizen, 15));
}

/** Straight-line distance × road factor, at an average speed: the default travel model (ADR 31). */
export function haversineMatrix(points: GeoPoint[], roadFactor: number, speedKmh: number): TravelMatrix {
  const km = points.map((a) => points.map((b) => haversineKm(a, b) * roadFactor));
  return { km, minutes: km.map((row) => row.map((d) => (d / speedKmh) * 60)) };
}

/**
 * Exact shortest round trip depot → every node once → depot (Held–Karp dynamic programme) on a
 * cost matrix; nodes are matrix indices (the depot is 0). For the few stops of a kit day (≤ 8)
 * it is exact and instant; the selection model uses it to price candidate tours.
 */
export function shortestRoundTrip(cost: number[][], nodes: number[]): { order: number[]; cost: number } {
  const n = nodes.length;
  if (n === 0) return { order: [], cost: 0 };
  if (n > 12) throw new RangeError('too many stops for an exact round trip');
  const full = (1 << n) - 1;
  const best = new Float64Array((1 << n) * n).fill(Number.POSITIVE_INFINITY);
  const from = new Int16Array((1 << n) * n).fill(-1);
  for (let i = 0; i < n; i++) best[(1 << i) * n + i] = cost[0]![nodes[i]!]!;
  for (let mask = 1; mask <= full; mask++) {
    for (let last = 0; last < n; last++) {
      const here = best[mask * n + last]!;
      if (!(mask & (1 << last)) || here === Number.POSITIVE_INFINITY) continue;
      for (let next = 0; next < n; next++) {
        if (mask & (1 << next)) continue;
        const m2 = mask | (1 << next);
        const c = here + cost[nodes[last]!]![nodes[next]!]!;
        if (c < best[m2 * n + next]!) {
          best[m2 * n + next] = c;
          from[m2 * n + next] = last;
        }
      }
    }
  }
  let bestCost = Number.POSITIVE_INFINITY;
  let end = 0;
  for (let last = 0; last < n; last++) {
    const c = best[full * n + last]! + cost[nodes[last]!]![0]!;
    if (c < bestCost) {
      bestCost = c;
      end = last;
    }
  }
  const order: number[] = [];
  let mask = full;
  let cur = end;
  while (cur >= 0) {
    order.unshift(nodes[cur]!);
    const prev = from[mask * n + cur]!;
    mask &= ~(1 << cur);
    cur = prev;
  }
  return { order, cost: bestCost };
}

/** Cost of visiting `order` from the depot and back. */
export function roundTripCost(cost: number[][], order: number[]): number {
  let total = 0;
  let at = 0;
  for (const i of order) {
    total += cost[at]![i]!;
    at = i;
  }
  return total + (order.length ? cost[at]![0]! : 0);
}

/**
 * The order of stops as a MILP for a solver (ADR 31): binary arcs x_i_j, one arc into and one out
 * of every node, subtours cut by Miller–Tucker–Zemlin order variables. Minimises travel minutes.
 */
export function roundTripModel(cost: number[][], nodes: number[]): string {
  return roundTripModels(cost, [{ prefix: '', nodes }]);
}

/** Several independent round trips in one MILP: the variables of each carry its prefix. */
export function roundTripModels(cost: number[][], trips: { prefix: string; nodes: number[] }[]): string {
  const terms: string[] = [];
  const arcs: string[] = [];
  const rows: string[] = [];
  const bounds: string[] = [];
  for (const { prefix: p, nodes } of trips) {
    const all = [0, ...nodes];
    for (const i of all)
      for (const j of all)
        if (i !== j) {
          arcs.push(`${p}x_${i}_${j}`);
          terms.push(`${(cost[i]![j]! + 1e-6).toFixed(6)} ${p}x_${i}_${j}`);
        }
    for (const i of all) {
      rows.push(
        ` ${p}out_${i}: ${all
          .filter((j) => j !== i)
          .map((j) => `${p}x_${i}_${j}`)
          .join(' + ')} = 1`,
      );
      rows.push(
        ` ${p}in_${i}: ${all
          .filter((j) => j !== i)
          .map((j) => `${p}x_${j}_${i}`)
          .join(' + ')} = 1`,
      );
    }
    // Valid cuts that close no round trip but speed the search: no two-node loops.
    for (const i of all)
      for (const j of all) if (i < j) rows.push(` ${p}two_${i}_${j}: ${p}x_${i}_${j} + ${p}x_${j}_${i} <= 1`);
    const n = nodes.length;
    for (const i of nodes)
      for (const j of nodes)
        if (i !== j) {
          rows.push(` ${p}mtz_${i}_${j}: ${p}u_${i} - ${p}u_${j} + ${n} ${p}x_${i}_${j} <= ${n - 1}`);
        }
    for (const i of nodes) bounds.push(` 1 <= ${p}u_${i} <= ${n}`);
  }
  return [
    'Minimize',
    ` obj: ${terms.join(' + ')}`,
    'Subject To',
    ...rows,
    'Bounds',
    ...bounds,
    'Binary',
    ` ${arcs.join(' ')}`,
    'End',
  ].join('\n');
}

/** Reads the stop order from a solved round-trip model (follows the arcs from the depot). */
export function roundTripFromSolution(
  values: Record<string, number>,
  nodes: number[],
  prefix = '',
): number[] {
  const all = [0, ...nodes];
  const next = new Map<number, number>();
  for (const i of all)
    for (const j of all) if (i !== j && (values[`${prefix}x_${i}_${j}`] ?? 0) > 0.5) next.set(i, j);
  const order: number[] = [];
  let at = next.get(0);
  while (at !== undefined && at !== 0 && order.length <= nodes.length) {
    order.push(at);
    at = next.get(at);
  }
  if (order.length !== nodes.length || new Set(order).size !== nodes.length) {
    throw new Error('the solver returned no single round trip');
  }
  return order;
}

export interface StopPlan {
  village: VillageInput & { locationId: string };
  citizens: number;
  officeMinutes: number;
}

export interface Timeline {
  stops: TourStop[];
  departTime: string;
  returnTime: string;
  clerkMinutes: number;
  travelMinutes: number;
  km: number;
}

/**
 * The day of a kit that visits the stops in the given order (matrix indices beside them): leave at
 * the day's start, drive, set up, hold office hours on the 15-minute grid, pack up, then the village's home visits one after another as time
 * windows (the kit is bound to none of the office day's times while visiting), drive on, return.
 */
export function tourTimeline(
  stops: { plan: StopPlan; index: number }[],
  matrix: TravelMatrix,
  s: Pick<PlanningSettings, 'dayStart' | 'setupMinutes' | 'teardownMinutes' | 'homeVisitMinutes'>,
): Timeline {
  // The kit leaves just in time for the first stop's office hours, which start on the 15-minute
  // grid at the earliest after the day's start, the drive and the set-up: waiting for the grid
  // is not clerk time spent at the town hall.
  const dayStart = minutesOfDay(s.dayStart);
  const first = stops[0] ? matrix.minutes[0]![stops[0].index]! : 0;
  const depart = stops.length
    ? Math.floor(roundUp(dayStart + first + s.setupMinutes, 15) - s.setupMinutes - first)
    : dayStart;
  let clock = depart;
  let at = 0;
  let km = 0;
  let travel = 0;
  const out: TourStop[] = [];
  for (const { plan, index } of stops) {
    const minutes = matrix.minutes[at]![index]!;
    const distance = matrix.km[at]![index]!;
    travel += minutes;
    km += distance;
    clock = roundUp(clock + minutes + s.setupMinutes, 15);
    const start = clock;
    clock += plan.officeMinutes;
    const end = clock;
    clock += s.teardownMinutes;
    const homeVisits: HomeVisitWindow[] = plan.village.homeVisitIds.map((homeVisitId) => {
      const w = {
        homeVisitId,
        startTime: formatMinutesOfDay(clock),
        endTime: formatMinutesOfDay(clock + s.homeVisitMinutes),
      };
      clock += s.homeVisitMinutes;
      return w;
    });
    out.push({
      villageId: plan.village.villageId,
      villageName: plan.village.name,
      locationId: plan.village.locationId,
      latitude: plan.village.latitude,
      longitude: plan.village.longitude,
      citizens: plan.citizens,
      startTime: formatMinutesOfDay(start),
      endTime: formatMinutesOfDay(end),
      travelMinutesBefore: Math.round(minutes),
      kmBefore: Math.round(distance * 10) / 10,
      homeVisits,
    });
    at = index;
  }
  if (stops.length) {
    travel += matrix.minutes[at]![0]!;
    km += matrix.km[at]![0]!;
    clock += matrix.minutes[at]![0]!;
  }
  const back = Math.ceil(clock);
  return {
    stops: out,
    departTime: formatMinutesOfDay(depart),
    returnTime: formatMinutesOfDay(Math.min(back, 24 * 60 - 1)),
    clerkMinutes: back - depart,
    travelMinutes: Math.round(travel),
    km: Math.round(km * 10) / 10,
  };
}
