import { addDays, type IsoDate } from '../time';
import {
  expectedCitizens,
  roundTripFromSolution,
  roundTripModel,
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
  /** Travel between [depot, ...plannable villages] in this order. */
  matrix: TravelMatrix;
  solve: LpSolver;
}

/** Villages the planner can visit (coordinates and a place to set up) and those it cannot. */
export function plannableVillages(villages: VillageInput[], s: Pick<PlanningSettings, 'idUptake'>) {
  const plannable: (VillageInput & { locationId: string })[] = [];
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
    else plannable.push(v as VillageInput & { locationId: string });
  }
  return { plannable, unplanned };
}

function stopPlan(v: VillageInput & { locationId: string }, s: PlanningSettings, minutes?: number): StopPlan {
  const citizens = expectedCitizens(v, s.idUptake);
  return { village: v, citizens, officeMinutes: minutes ?? stopMinutes(citizens, s) };
}

/** Clerk minutes of a day visiting `nodes` in the best order (exact), or Infinity if it cannot fit. */
function dayMinutes(nodes: number[], plans: StopPlan[], matrix: TravelMatrix, s: PlanningSettings) {
  const { order } = shortestRoundTrip(matrix.minutes, nodes);
  const t = tourTimeline(
    order.map((i) => ({ plan: plans[i - 1]!, index: i })),
    matrix,
    s,
  );
  return { minutes: t.clerkMinutes, km: t.km };
}

/** Up to this many villages, every feasible set of villages is a candidate day. */
export const ENUMERATE_UP_TO = 8;

/**
 * Candidate kit days (beyond ENUMERATE_UP_TO villages): every village alone, and from each village the days that grow by the
 * nearest village (to the seed, and to the day so far) while the day fits the kit's hours.
 * The selection model then chooses among them; the candidates only bound what it may choose.
 */
export function candidateTours(plans: StopPlan[], matrix: TravelMatrix, s: PlanningSettings): Candidate[] {
  const seen = new Map<string, Candidate>();
  const add = (nodes: number[]) => {
    const key = [...nodes].sort((a, b) => a - b).join(',');
    if (seen.has(key)) return true;
    const day = dayMinutes(nodes, plans, matrix, s);
    if (day.minutes > s.kitDayMinutes) return false;
    const citizens = nodes.reduce(
      (sum, i) => sum + plans[i - 1]!.citizens + plans[i - 1]!.village.homeVisitIds.length,
      0,
    );
    seen.set(key, { nodes: [...nodes].sort((a, b) => a - b), citizens, km: day.km });
    return true;
  };
  const n = plans.length;
  if (n <= ENUMERATE_UP_TO) {
    // Few villages: every set of up to maxStops villages that fits a day is a candidate, so the
    // selection model chooses among all possible days (exact set packing).
    const grow = (from: number, day: number[]) => {
      for (let j = from; j <= n; j++) {
        const next = [...day, j];
        if (add(next) && next.length < s.maxStopsPerTour) grow(j + 1, next);
      }
    };
    grow(1, []);
    return [...seen.values()];
  }
  for (let seed = 1; seed <= n; seed++) {
    add([seed]);
    for (const mode of ['seed', 'day'] as const) {
      const day = [seed];
      while (day.length < s.maxStopsPerTour) {
        let best = -1;
        let bestKm = Number.POSITIVE_INFINITY;
        for (let j = 1; j <= n; j++) {
          if (day.includes(j)) continue;
          const km = mode === 'seed' ? matrix.km[seed]![j]! : Math.min(...day.map((i) => matrix.km[i]![j]!));
          if (km < bestKm) {
            bestKm = km;
            best = j;
          }
        }
        if (best < 0 || !add([...day, best])) break;
        day.push(best);
      }
    }
  }
  return [...seen.values()];
}

/**
 * The set-packing model (ADR 31): choose kit days so that each village is visited at most once,
 * no more days than the kits have, most citizens served first and, among plans that serve as
 * many, the fewest kilometres.
 */
export function selectionModel(candidates: Candidate[], villages: number, days: number): string {
  const worth = 1000; // km a citizen served is worth: serving comes first, distance second
  const obj = candidates.map((c, k) => `${(worth * c.citizens - c.km).toFixed(3)} y${k}`).join(' + ');
  const rows: string[] = [];
  for (let v = 1; v <= villages; v++) {
    const ks = candidates.flatMap((c, k) => (c.nodes.includes(v) ? [`y${k}`] : []));
    if (ks.length) rows.push(` v${v}: ${ks.join(' + ')} <= 1`);
  }
  rows.push(` days: ${candidates.map((_, k) => `y${k}`).join(' + ')} <= ${days}`);
  return [
    'Maximize',
    ` obj: ${obj}`,
    'Subject To',
    ...rows,
    'Binary',
    ` ${candidates.map((_, k) => `y${k}`).join(' ')}`,
    'End',
  ].join('\n');
}

/** Free (kit, date) pairs in date order; one tour per kit and date. */
export function kitDays(kits: KitInput[], workdays: IsoDate[]): { kit: KitInput; date: IsoDate }[] {
  const out: { kit: KitInput; date: IsoDate }[] = [];
  for (const date of workdays)
    for (const kit of kits) if (!kit.busyDates.includes(date)) out.push({ kit, date });
  return out;
}

/** The stops in the solver's order with their times: a Tour. */
export async function routeTour(
  kit: { kitId: string; name: string },
  date: IsoDate,
  stops: { plan: StopPlan; index: number }[],
  matrix: TravelMatrix,
  s: PlanningSettings,
  solve: LpSolver,
): Promise<Tour> {
  const nodes = stops.map((x) => x.index);
  let order = nodes;
  if (nodes.length === 2) {
    // Two stops: the two orders compared (a model would say the same, slower).
    const [a, b] = nodes as [number, number];
    const ab = matrix.minutes[0]![a]! + matrix.minutes[a]![b]! + matrix.minutes[b]![0]!;
    const ba = matrix.minutes[0]![b]! + matrix.minutes[b]![a]! + matrix.minutes[a]![0]!;
    order = ba < ab ? [b, a] : [a, b];
  } else if (nodes.length > 2) {
    const solution = await solve(roundTripModel(matrix.minutes, nodes));
    if (solution.status !== 'Optimal') throw new Error(`route solver: ${solution.status}`);
    order = roundTripFromSolution(solution.values, nodes);
  }
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

/**
 * Proposes the kit days of the horizon: which villages, in which order, on which day, how long,
 * which kit, and the home visits as windows. Urgent days (more people waiting) come first.
 */
export async function proposeTours(input: PlanInput): Promise<TourProposal> {
  const s = input.settings;
  const { plannable, unplanned } = plannableVillages(input.villages, s);
  const plans = plannable.map((v) => stopPlan(v, s));
  const slots = kitDays(input.kits, s.workdays);
  const demandCitizens =
    plans.reduce((sum, p) => sum + p.citizens + p.village.homeVisitIds.length, 0) +
    unplanned.filter((u) => u.reason !== 'town_hall').reduce((sum, u) => sum + u.citizens, 0);
  let chosen: Candidate[] = [];
  const candidates = plans.length && slots.length ? candidateTours(plans, input.matrix, s) : [];
  if (candidates.length) {
    const solution = await input.solve(selectionModel(candidates, plans.length, slots.length));
    if (solution.status !== 'Optimal') throw new Error(`selection solver: ${solution.status}`);
    chosen = candidates.filter((_, k) => (solution.values[`y${k}`] ?? 0) > 0.5);
  }
  const urgency = (c: Candidate) =>
    c.nodes.reduce((sum, i) => sum + plans[i - 1]!.village.waiting * 2 + plans[i - 1]!.village.signals, 0);
  chosen.sort((a, b) => urgency(b) - urgency(a) || b.citizens - a.citizens || a.nodes[0]! - b.nodes[0]!);
  const tours: Tour[] = [];
  const free = [...slots];
  const placed: Candidate[] = [];
  for (const c of chosen) {
    // The first kit day on which none of the tour's places already has an office day.
    const at = free.findIndex((slot) =>
      c.nodes.every((i) => !plans[i - 1]!.village.busyDates?.includes(slot.date)),
    );
    if (at < 0) continue;
    const [slot] = free.splice(at, 1);
    placed.push(c);
    tours.push(
      await routeTour(
        { kitId: slot!.kit.kitId, name: slot!.kit.name },
        slot!.date,
        c.nodes.map((i) => ({ plan: plans[i - 1]!, index: i })),
        input.matrix,
        s,
        input.solve,
      ),
    );
  }
  chosen = placed;
  tours.sort((a, b) => a.date.localeCompare(b.date) || a.kitName.localeCompare(b.kitName));
  const served = new Set(chosen.flatMap((c) => c.nodes));
  for (const [i, p] of plans.entries()) {
    if (!served.has(i + 1)) {
      unplanned.push({
        villageId: p.village.villageId,
        villageName: p.village.name,
        citizens: p.citizens + p.village.homeVisitIds.length,
        reason: 'no_capacity',
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
