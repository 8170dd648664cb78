import { addDays, type IsoDate } from '../time';
import {
  expectedCitizens,
  roundTripFromSolution,
  roundTripModels,
  type StopPlan,
  shortestRoundTrip,
  stopMinutes,
  tourTimeline,
} from './rules';
import type {
  KitInput,
  LpSolver,
  PlanningSettings,
  Tour,
  TourProposal,
  TravelMatrix,
  UnplannedReason,
  VillageInput,
} from './types';

/** One possible kit day: a set of villages (matrix indices) and what it costs and serves. */
export interface Candidate {
  nodes: number[];
  citizens: number;
  km: number;
}

export interface PlanInput {
  villages: VillageInput[];
  kits: KitInput[];
  settings: PlanningSettings;
  /** Travel between [depot, ...placedVillages(villages)] in this order (see placedVillages). */
  matrix: TravelMatrix;
  solve: LpSolver;
}

/**
 * The villages a travel matrix is built over, in input order: those with coordinates and a place
 * to set up, whether or not they have demand. Matrix index i + 1 is the i-th of them (0 is the
 * depot). The service, the revision of a plan and the bench all build the matrix from this list.
 */
export function placedVillages(villages: VillageInput[]): (VillageInput & { locationId: string })[] {
  return villages.filter(
    (v): v is VillageInput & { locationId: string } =>
      v.locationId !== null && Number.isFinite(v.latitude) && Number.isFinite(v.longitude),
  );
}

/** A village the planner can visit, with its index in the travel matrix. */
export interface IndexedStop {
  plan: StopPlan;
  index: number;
}

/**
 * Villages the planner can visit (coordinates, a place to set up, demand, not the town hall's)
 * with their matrix index, and those with demand it cannot visit and why.
 */
export function plannableVillages(villages: VillageInput[], s: Pick<PlanningSettings, 'idUptake'>) {
  const index = new Map<VillageInput, number>(placedVillages(villages).map((v, i) => [v, i + 1]));
  const plannable: (VillageInput & { locationId: string; index: number })[] = [];
  const unplanned: TourProposal['unplanned'] = [];
  for (const v of villages) {
    const citizens = expectedCitizens(v, s.idUptake) + v.homeVisitIds.length;
    if (citizens === 0) continue;
    const reason: UnplannedReason | null = v.townHall
      ? 'town_hall'
      : !Number.isFinite(v.latitude) || !Number.isFinite(v.longitude)
        ? 'no_coordinates'
        : v.locationId === null
          ? 'no_location'
          : null;
    if (reason) unplanned.push({ villageId: v.villageId, villageName: v.name, citizens, reason });
    else plannable.push({ ...(v as VillageInput & { locationId: string }), index: index.get(v)! });
  }
  return { plannable, unplanned };
}

function stopPlan(v: VillageInput & { locationId: string }, s: PlanningSettings, minutes?: number): StopPlan {
  const citizens = expectedCitizens(v, s.idUptake);
  return { village: v, citizens, officeMinutes: minutes ?? stopMinutes(citizens, s) };
}

/** Clerk minutes and km of a day visiting `stops` in the shortest order (exact). */
function dayOf(stops: IndexedStop[], matrix: TravelMatrix, s: PlanningSettings) {
  const byIndex = new Map(stops.map((x) => [x.index, x]));
  const { order } = shortestRoundTrip(
    matrix.minutes,
    stops.map((x) => x.index),
  );
  const t = tourTimeline(
    order.map((i) => byIndex.get(i)!),
    matrix,
    s,
  );
  return { minutes: t.clerkMinutes, km: t.km };
}

/** Up to this many villages, every feasible set of villages is a candidate day. */
export const ENUMERATE_UP_TO = 14;

/**
 * Candidate kit days. Up to ENUMERATE_UP_TO villages: every set of up to `maxStopsPerTour`
 * villages that fits the kit's hours (a set that does not fit has no superset that fits, so the
 * enumeration prunes there) — the selection model then solves the exact set-partitioning problem.
 * Beyond: every village alone, and from each village the days that grow by the nearest village
 * (to the seed, and to the day so far) while the day fits. A candidate's km is its exact
 * shortest round trip.
 */
export function candidateTours(stops: IndexedStop[], matrix: TravelMatrix, s: PlanningSettings): Candidate[] {
  const seen = new Map<string, Candidate>();
  const add = (day: IndexedStop[]) => {
    const nodes = day.map((x) => x.index).sort((a, b) => a - b);
    const key = nodes.join(',');
    if (seen.has(key)) return true;
    const d = dayOf(day, matrix, s);
    if (d.minutes > s.kitDayMinutes) return false;
    const citizens = day.reduce((sum, x) => sum + x.plan.citizens + x.plan.village.homeVisitIds.length, 0);
    seen.set(key, { nodes, citizens, km: d.km });
    return true;
  };
  const n = stops.length;
  if (n <= ENUMERATE_UP_TO) {
    const grow = (from: number, day: IndexedStop[]) => {
      for (let j = from; j < n; j++) {
        const next = [...day, stops[j]!];
        if (add(next) && next.length < s.maxStopsPerTour) grow(j + 1, next);
      }
    };
    grow(0, []);
    return [...seen.values()];
  }
  for (const seed of stops) {
    add([seed]);
    for (const mode of ['seed', 'day'] as const) {
      const day = [seed];
      while (day.length < s.maxStopsPerTour) {
        let best: IndexedStop | null = null;
        let bestKm = Number.POSITIVE_INFINITY;
        for (const j of stops) {
          if (day.includes(j)) continue;
          const km =
            mode === 'seed'
              ? matrix.km[seed.index]![j.index]!
              : Math.min(...day.map((i) => matrix.km[i.index]![j.index]!));
          if (km < bestKm) {
            bestKm = km;
            best = j;
          }
        }
        if (!best || !add([...day, best])) break;
        day.push(best);
      }
    }
  }
  return [...seen.values()];
}

/**
 * The selection model (ADR 31, ADR 36): binary y_k per candidate day; every village in at most
 * one chosen day; no more days than free (kit, date) pairs.
 *
 * - Without `ratio`: serve the most citizens, then drive the least (`1000 · citizens − km`).
 * - `'everyone'` (every village in the candidates fits a day of its own): every village in
 *   exactly one day, fewest km — the same plan, with the km exact rather than within the
 *   solver's relative gap of a 1000-fold objective.
 * - With `ratio` (λ, km per citizen served): one step of Dinkelbach's method for the fractional
 *   objective "fewest km per citizen served": maximise `λ · citizens − km` subject to serving at
 *   least `need` citizens and every village in `must` (people on a wait-list, home visits).
 *   A positive optimum is a plan with fewer km per citizen than λ; zero proves λ optimal.
 */
export function selectionModel(
  candidates: Candidate[],
  days: number,
  ratio?: { lambda: number; need: number; must: number[] } | 'everyone',
): string {
  const worth = 1000; // km a citizen served is worth: serving comes first, distance second
  const everyone = ratio === 'everyone';
  const step = typeof ratio === 'object' ? ratio : undefined;
  const obj = candidates
    .map((c, k) =>
      everyone
        ? `${c.km.toFixed(4)} y${k}`
        : `${((step ? step.lambda : worth) * c.citizens - c.km).toFixed(4)} y${k}`,
    )
    .join(' + ');
  const rows: string[] = [];
  const villages = [...new Set(candidates.flatMap((c) => c.nodes))].sort((a, b) => a - b);
  const must = new Set(step?.must ?? []);
  for (const v of villages) {
    const ks = candidates.flatMap((c, k) => (c.nodes.includes(v) ? [`y${k}`] : []));
    rows.push(` v${v}: ${ks.join(' + ')} ${everyone || must.has(v) ? '=' : '<='} 1`);
  }
  rows.push(` days: ${candidates.map((_, k) => `y${k}`).join(' + ')} <= ${days}`);
  if (step && step.need > 0) {
    rows.push(` cover: ${candidates.map((c, k) => `${c.citizens} y${k}`).join(' + ')} >= ${step.need}`);
  }
  return [
    everyone ? 'Minimize' : 'Maximize',
    ` obj: ${obj}`,
    'Subject To',
    ...rows,
    'Binary',
    ` ${candidates.map((_, k) => `y${k}`).join(' ')}`,
    'End',
  ].join('\n');
}

const sumOf = (cs: Candidate[], f: (c: Candidate) => number) => cs.reduce((sum, c) => sum + f(c), 0);

/**
 * A plan without the solver, to start Dinkelbach's method from a good ratio: candidate days by
 * km per citizen, cheapest first, as long as they share no village; the rest alone.
 */
export function greedyPlan(candidates: Candidate[]): Candidate[] {
  const order = [...candidates].sort((a, b) => a.km / a.citizens - b.km / b.citizens || a.km - b.km);
  const used = new Set<number>();
  const plan: Candidate[] = [];
  for (const c of order) {
    if (c.citizens <= 0 || c.nodes.some((v) => used.has(v))) continue;
    plan.push(c);
    for (const v of c.nodes) used.add(v);
  }
  return plan;
}

/**
 * Chooses the kit days (ADR 36).
 *
 * 1. Who can be served: if every village that fits a kit day at all (alone) can have a day of
 *    its own, everyone can; otherwise the solver finds the plan serving the most citizens.
 * 2. With `coverageShare` 1: the fewest km that serve them all (one solve).
 * 3. Below 1: Dinkelbach's method for the fewest km per citizen served, started from a greedy
 *    plan: each step one solve of `selectionModel` with λ = the current plan's ratio, at least
 *    `coverageShare` of the demand served (no more than step 1 can), every village with people
 *    waiting or a home visit served; it stops when no plan beats the current ratio — the
 *    current plan is then optimal among all candidate days.
 *
 * The villages step 1 could serve and the chosen plan does not are deferred: their demand can
 * wait for a later tour that combines it better.
 */
export async function chooseDays(
  candidates: Candidate[],
  days: number,
  opts: { demand: number; coverageShare: number; urgent: Set<number>; solve: LpSolver },
): Promise<{ chosen: Candidate[]; deferred: Set<number>; models: number }> {
  const pick = (values: Record<string, number>) => candidates.filter((_, k) => (values[`y${k}`] ?? 0) > 0.5);
  const coverable = new Set(candidates.flatMap((c) => c.nodes));
  const alone = new Map(candidates.filter((c) => c.nodes.length === 1).map((c) => [c.nodes[0]!, c]));
  let models = 0;
  let chosen: Candidate[];
  let servedFirst: Set<number>;
  if (coverable.size <= days) {
    // Everyone fits (a day each): no solve needed to know that. Dinkelbach starts from the
    // greedy plan; serving everyone is the set-partitioning model with fewest km.
    servedFirst = coverable;
    if (opts.coverageShare < 1) chosen = greedyPlan(candidates);
    else {
      const all = await opts.solve(selectionModel(candidates, days, 'everyone'));
      models++;
      if (all.status !== 'Optimal') throw new Error(`selection solver: ${all.status}`);
      chosen = pick(all.values);
    }
  } else {
    const first = await opts.solve(selectionModel(candidates, days));
    models++;
    if (first.status !== 'Optimal') throw new Error(`selection solver: ${first.status}`);
    chosen = pick(first.values);
    servedFirst = new Set(chosen.flatMap((c) => c.nodes));
  }
  const servable = [...servedFirst].reduce((sum, v) => sum + (alone.get(v)?.citizens ?? 0), 0);
  if (opts.coverageShare < 1 && servable > 0) {
    const need = Math.min(servable, Math.ceil(opts.coverageShare * opts.demand - 1e-9));
    const must = [...servedFirst].filter((v) => opts.urgent.has(v));
    const ratio = (plan: Candidate[]) =>
      sumOf(plan, (c) => c.km) /
      Math.max(
        1,
        sumOf(plan, (c) => c.citizens),
      );
    const fits = (plan: Candidate[]) =>
      sumOf(plan, (c) => c.citizens) >= need &&
      plan.length <= days &&
      must.every((v) => plan.some((c) => c.nodes.includes(v)));
    if (!fits(chosen)) chosen = [...servedFirst].map((v) => alone.get(v)!); // everyone alone: feasible
    for (let step = 0; step < 12; step++) {
      const lambda = ratio(chosen);
      const next = await opts.solve(selectionModel(candidates, days, { lambda, need, must }));
      models++;
      if (next.status !== 'Optimal') throw new Error(`selection solver: ${next.status}`);
      const better = pick(next.values);
      if (!(ratio(better) < lambda - 1e-9)) break;
      chosen = better;
    }
  }
  const served = new Set(chosen.flatMap((c) => c.nodes));
  return { chosen, deferred: new Set([...servedFirst].filter((v) => !served.has(v))), models };
}

/** Free (kit, date) pairs in date order; one tour per kit and date. */
export function kitDays(kits: KitInput[], workdays: IsoDate[]): { kit: KitInput; date: IsoDate }[] {
  const out: { kit: KitInput; date: IsoDate }[] = [];
  for (const date of workdays)
    for (const kit of kits) if (!kit.busyDates.includes(date)) out.push({ kit, date });
  return out;
}

/** The stops of a day in the given order with their times: a Tour. */
function tourOf(
  kit: { kitId: string; name: string },
  date: IsoDate,
  stops: IndexedStop[],
  order: number[],
  matrix: TravelMatrix,
  s: PlanningSettings,
): Tour {
  const byIndex = new Map(stops.map((x) => [x.index, x]));
  const t = tourTimeline(
    order.map((i) => byIndex.get(i)!),
    matrix,
    s,
  );
  return {
    date,
    kitId: kit.kitId,
    kitName: kit.name,
    stops: t.stops,
    km: t.km,
    travelMinutes: t.travelMinutes,
    departTime: t.departTime,
    returnTime: t.returnTime,
    clerkMinutes: t.clerkMinutes,
  };
}

/** Two stops: the two orders compared (a model would say the same, slower). */
function twoStopOrder(matrix: TravelMatrix, [a, b]: [number, number]): number[] {
  const ab = matrix.minutes[0]![a]! + matrix.minutes[a]![b]! + matrix.minutes[b]![0]!;
  const ba = matrix.minutes[0]![b]! + matrix.minutes[b]![a]! + matrix.minutes[a]![0]!;
  return ba < ab ? [b, a] : [a, b];
}

/**
 * Routes several days at once: the round trips of all days with three or more stops are one
 * MILP (independent blocks, one solver call instead of one per day — the wasm call has a fixed
 * cost), each block the model of `roundTripModel`.
 */
export async function routeTours(
  days: { kit: { kitId: string; name: string }; date: IsoDate; stops: IndexedStop[] }[],
  matrix: TravelMatrix,
  s: PlanningSettings,
  solve: LpSolver,
): Promise<Tour[]> {
  const big = days.flatMap((d, k) => (d.stops.length > 2 ? [k] : []));
  let values: Record<string, number> = {};
  if (big.length) {
    const solution = await solve(
      roundTripModels(
        matrix.minutes,
        big.map((k) => ({ prefix: `t${k}_`, nodes: days[k]!.stops.map((x) => x.index) })),
      ),
    );
    if (solution.status !== 'Optimal') throw new Error(`route solver: ${solution.status}`);
    values = solution.values;
  }
  return days.map((d, k) => {
    const nodes = d.stops.map((x) => x.index);
    const order =
      nodes.length > 2
        ? roundTripFromSolution(values, nodes, `t${k}_`)
        : nodes.length === 2
          ? twoStopOrder(matrix, nodes as [number, number])
          : nodes;
    return tourOf(d.kit, d.date, d.stops, order, matrix, s);
  });
}

/** The stops in the solver's order with their times: a Tour (one day, e.g. a coordinator's change). */
export async function routeTour(
  kit: { kitId: string; name: string },
  date: IsoDate,
  stops: IndexedStop[],
  matrix: TravelMatrix,
  s: PlanningSettings,
  solve: LpSolver,
): Promise<Tour> {
  const [tour] = await routeTours([{ kit, date, stops }], matrix, s, solve);
  return tour!;
}

/**
 * Proposes the kit days of the horizon: which villages, in which order, on which day, how long,
 * which kit, and the home visits as windows. Urgent days (more people waiting) come first.
 * The settings' `minCoverageShare`: see chooseDays.
 */
export async function proposeTours(input: PlanInput): Promise<TourProposal> {
  const s = input.settings;
  const { plannable, unplanned } = plannableVillages(input.villages, s);
  const stops: IndexedStop[] = plannable.map((v) => ({ plan: stopPlan(v, s), index: v.index }));
  const at = new Map(stops.map((x) => [x.index, x]));
  const slots = kitDays(input.kits, s.workdays);
  const demandCitizens =
    stops.reduce((sum, x) => sum + x.plan.citizens + x.plan.village.homeVisitIds.length, 0) +
    unplanned.filter((u) => u.reason !== 'town_hall').reduce((sum, u) => sum + u.citizens, 0);
  let chosen: Candidate[] = [];
  let deferred = new Set<number>();
  const candidates = stops.length && slots.length ? candidateTours(stops, input.matrix, s) : [];
  if (candidates.length) {
    const result = await chooseDays(candidates, slots.length, {
      demand: demandCitizens,
      coverageShare: s.minCoverageShare,
      urgent: new Set(
        stops
          .filter((x) => x.plan.village.waiting > 0 || x.plan.village.homeVisitIds.length > 0)
          .map((x) => x.index),
      ),
      solve: input.solve,
    });
    ({ chosen, deferred } = result);
  }
  const urgency = (c: Candidate) =>
    c.nodes.reduce(
      (sum, i) => sum + at.get(i)!.plan.village.waiting * 2 + at.get(i)!.plan.village.signals,
      0,
    );
  chosen.sort((a, b) => urgency(b) - urgency(a) || b.citizens - a.citizens || a.nodes[0]! - b.nodes[0]!);
  const free = [...slots];
  const days: Parameters<typeof routeTours>[0] = [];
  for (const c of chosen) {
    // The first kit day on which none of the tour's places already has an office day.
    const k = free.findIndex((slot) =>
      c.nodes.every((i) => !at.get(i)!.plan.village.busyDates?.includes(slot.date)),
    );
    if (k < 0) continue;
    const [slot] = free.splice(k, 1);
    days.push({
      kit: { kitId: slot!.kit.kitId, name: slot!.kit.name },
      date: slot!.date,
      stops: c.nodes.map((i) => at.get(i)!),
    });
  }
  const tours = await routeTours(days, input.matrix, s, input.solve);
  tours.sort((a, b) => a.date.localeCompare(b.date) || a.kitName.localeCompare(b.kitName));
  const served = new Set(days.flatMap((d) => d.stops.map((x) => x.index)));
  for (const x of stops) {
    if (!served.has(x.index)) {
      unplanned.push({
        villageId: x.plan.village.villageId,
        villageName: x.plan.village.name,
        citizens: x.plan.citizens + x.plan.village.homeVisitIds.length,
        reason: deferred.has(x.index) ? 'deferred' : 'no_capacity',
      });
    }
  }
  const coveredCitizens = tours.reduce(
    (sum, t) => sum + t.stops.reduce((x, st) => x + st.citizens + st.homeVisits.length, 0),
    0,
  );
  return {
    firstDate: s.firstDate,
    weeks: s.weeks,
    tours,
    unplanned,
    demandCitizens,
    coveredCitizens,
    km: Math.round(tours.reduce((sum, t) => sum + t.km, 0) * 10) / 10,
  };
}

export { stopPlan };

/**
 * The plan a coordinator without a planner would make (the bench's baseline): every village once a
 * month, in a fixed order (by name), the kit's days filled in that order until its hours are used.
 */
export function naivePlan(
  villages: (VillageInput & { locationId: string })[],
  kits: KitInput[],
  matrix: TravelMatrix,
  s: PlanningSettings,
): { km: number; citizens: number; days: number } {
  const order = villages
    .map((v, i) => ({ v, index: i + 1 }))
    .sort((a, b) => (a.v.name < b.v.name ? -1 : a.v.name > b.v.name ? 1 : 0));
  const slots = kitDays(
    kits,
    s.workdays.filter((d) => d < addDays(s.firstDate, 28)),
  );
  let km = 0;
  let citizens = 0;
  let day: { plan: StopPlan; index: number }[] = [];
  let used = 0;
  const close = () => {
    if (!day.length) return;
    const t = tourTimeline(day, matrix, s);
    km += t.km;
    citizens += day.reduce((sum, x) => sum + x.plan.citizens + x.plan.village.homeVisitIds.length, 0);
    used++;
    day = [];
  };
  for (const { v, index } of order) {
    if (used >= slots.length) break;
    const next = [...day, { plan: stopPlan(v, s), index }];
    if (tourTimeline(next, matrix, s).clerkMinutes > s.kitDayMinutes) {
      close();
      if (used >= slots.length) break;
      day = [{ plan: stopPlan(v, s), index }];
    } else day = next;
  }
  if (used < slots.length) close();
  return { km: Math.round(km * 10) / 10, citizens, days: used };
}
