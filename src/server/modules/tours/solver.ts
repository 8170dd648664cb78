import highsLoader from 'highs';
import type { LpSolution, LpSolver } from '../../../core/tours/types';

type Highs = Awaited<ReturnType<typeof highsLoader>>;
let instance: Promise<Highs> | null = null;

/**
 * HiGHS (MIT, compiled to WebAssembly, no native build) solves the planner's models (ADR 31).
 * One instance per process; the wasm module is loaded on first use. A model that crashes the
 * module (HiGHS keeps global state) drops the instance so that the next call starts clean.
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
