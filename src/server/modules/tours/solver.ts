import highsLoader from 'highs';
import { placedVillages, proposeTours } from '../../../core/tours/planner';
import { haversineMatrix } from '../../../core/tours/rules';
import {
  DEFAULT_SETTINGS,
  type LpSolution,
  type LpSolver,
  type VillageInput,
} from '../../../core/tours/types';

type Highs = Awaited<ReturnType<typeof highsLoader>>;
let instance: Promise<Highs> | null = null;

/**
 * HiGHS (MIT, compiled to WebAssembly, no native build) solves the planner's models (ADR 31,
 * ADR 36). One instance per process; the wasm module is loaded on first use. A model that
 * crashes the module (HiGHS keeps global state) drops the instance so that the next call starts
 * clean.
 */
export const solveWithHighs: LpSolver = async (lp: string): Promise<LpSolution> => {
  instance ??= highsLoader();
  const highs = await instance;
  try {
    const result = highs.solve(lp, { time_limit: 5, output_flag: false });
    const values: Record<string, number> = {};
    for (const [name, column] of Object.entries(result.Columns ?? {})) {
      values[name] = (column as { Primal?: number }).Primal ?? 0;
    }
    return { status: result.Status, values };
  } catch (error) {
    instance = null;
    throw error;
  }
};

/**
 * Plans a made-up authority (twelve villages around Chemnitz, no data of anyone) a few times so
 * that the solver's code is compiled before a plan is timed. V8 compiles WebAssembly lazily and
 * optimises hot functions later; the first plans after a start otherwise pay that compilation
 * inside HiGHS's branch and bound (seconds on the busy 2-core machine, ADR 36). The bench runs
 * it once and reports its time on its own line.
 */
export async function warmUpPlanner(rounds = 3): Promise<void> {
  const depot = { latitude: 50.83, longitude: 12.92 };
  const villages: VillageInput[] = Array.from({ length: 12 }, (_, i) => ({
    villageId: `warm-${i}`,
    name: `Warm ${i}`,
    latitude: depot.latitude + Math.sin(i * 2.1) * 0.07,
    longitude: depot.longitude + Math.cos(i * 1.7) * 0.11,
    locationId: `warm-l${i}`,
    signals: (i * 7) % 6,
    waiting: i === 3 ? 1 : 0,
    homeVisitIds: [],
    residents: 300,
    expiringIds: (i * 5) % 13,
    pastBooked: 0,
    pastNoShows: 0,
  }));
  const workdays = ['2030-01-07', '2030-01-08', '2030-01-09', '2030-01-10', '2030-01-11', '2030-01-14'];
  const matrix = haversineMatrix([depot, ...placedVillages(villages)], 1.3, 45);
  for (let round = 0; round < rounds; round++) {
    for (const minCoverageShare of [1, 0.9]) {
      await proposeTours({
        villages,
        kits: [{ kitId: 'warm', name: 'Warm', busyDates: [] }],
        settings: { ...DEFAULT_SETTINGS, firstDate: workdays[0]!, weeks: 2, workdays, minCoverageShare },
        matrix,
        solve: solveWithHighs,
      });
    }
  }
}
