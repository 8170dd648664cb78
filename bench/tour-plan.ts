/**
 * npm run bench -- tour-plan [--authorities 50]
 *
 * The tour planner (#14, ADR 31, ADR 36) on the generated installation (npm run generate --
 * --authorities): a fresh database on a PostgreSQL server (BENCH_DATABASE_URL, default: the local
 * one) filled by the generator (villages with Saxon coordinates, a village hall per district,
 * demand signals, BENCH_RESIDENTS_PER_AUTHORITY residents with ID documents), one kit per
 * authority. For every generated authority the planner reads its counts (the same gatherInputs as
 * the API: demand, wait-list, home visits, register counts, past use) and proposes four weeks of
 * tours with HiGHS (settings as the API: at least 90 % of the demand served, fewest km per
 * citizen served). The baseline in the same run is the plan without a planner: every village
 * (with a place to hold an office day) once in the month, in a fixed order (by name), the kit's
 * days filled in that order. Also in the same run, not timed: the planner told to serve
 * everyone it can (minCoverageShare 1), so that the share of the gain that comes from deferring
 * demand is visible. Travel: straight line × 1.3 at 45 km/h (the default setting).
 *
 * Before timing, the solver is loaded and warmed up once (warmUpPlanner: a made-up authority,
 * so that V8 has compiled HiGHS's WebAssembly); that one-off time per process is printed on its
 * own line and is not in the figures below.
 *
 * Figures: villages planned, demand covered within the kits' hours, km per citizen served for
 * the plans, planning time per authority (p50/p95/max) and for all authorities one after another.
 * JSON: `runtime_ms` is the slowest single authority's plan (reads + solver; a coordinator plans
 * one authority), `runtime_total_ms` all authorities one after another; `runtime_scope` says so.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { addDays } from '../src/core/time';
import { naivePlan, placedVillages, proposeTours } from '../src/core/tours/planner';
import { expectedCitizens, haversineMatrix } from '../src/core/tours/rules';
import { openDatabase } from '../src/server/db/connection';
import { migrateToLatest } from '../src/server/db/migrate';
import { inTransaction } from '../src/server/db/transaction';
import { SYSTEM_ACTOR } from '../src/server/modules/audit/service';
import { registerKit } from '../src/server/modules/kits/service';
import { FICTITIOUS_SLUG_PREFIX, generateAuthorities } from '../src/server/modules/operations/generate';
import { todayInBerlin } from '../src/server/modules/schedule/service';
import { gatherInputs, nextMonday } from '../src/server/modules/tours/service';
import { solveWithHighs, warmUpPlanner } from '../src/server/modules/tours/solver';
import { seedDatabase } from '../src/server/seed/seed';

const ADMIN_URL = process.env.BENCH_DATABASE_URL || 'postgres://bk:bk@127.0.0.1:5432/postgres';
const argIndex = process.argv.indexOf('--authorities');
const AUTHORITIES = Number(
  (argIndex >= 0 ? process.argv[argIndex + 1] : process.env.BENCH_AUTHORITIES) ?? 50,
);
const RESIDENTS = Number(process.env.BENCH_RESIDENTS_PER_AUTHORITY || 2000);
const ROAD_FACTOR = 1.3;
const SPEED = 45;

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
};

const admin = new pg.Client({ connectionString: ADMIN_URL });
await admin.connect();
const name = `bk_bench_tours_${Date.now().toString(36)}`;
await admin.query(`create database "${name}"`);
const u = new URL(ADMIN_URL);
u.pathname = `/${name}`;
const database = await openDatabase({ databaseUrl: u.toString(), poolMax: 4 });
const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'bk-bench-tours-'));
try {
  const db = database.db;
  await migrateToLatest(db);
  await seedDatabase(db, { seedDemo: false });
  const started = performance.now();
  const generated = await generateAuthorities(db, {
    authorities: AUTHORITIES + 1,
    residentsPerAuthority: RESIDENTS,
    weeks: 8,
    dataDir,
  });
  console.log(
    `generated ${generated.created} authorities, ${generated.residents.toLocaleString('en')} residents in ${round((performance.now() - started) / 1000)} s (database ${name})`,
  );
  const authorities = await db
    .selectFrom('authorities')
    .select(['id', 'slug'])
    .where('slug', 'like', `${FICTITIOUS_SLUG_PREFIX}%`)
    .orderBy('slug')
    .execute();
  for (const a of authorities) {
    const municipalities = await db
      .selectFrom('municipalities')
      .select('id')
      .where('authority_id', '=', a.id)
      .execute();
    await registerKit(db, { ...SYSTEM_ACTOR, authorityId: a.id }, a.id, {
      name: 'Koffer 1 (fiktiv)',
      municipalityIds: municipalities.map((m) => m.id),
      locationIds: [],
    });
  }
  const warmStarted = performance.now();
  await warmUpPlanner();
  const warmMs = performance.now() - warmStarted;

  const firstDate = nextMonday(todayInBerlin());
  const weeks = 4;
  let villages = 0;
  let demand = 0;
  let covered = 0;
  let km = 0;
  let naiveKm = 0;
  let naiveCitizens = 0;
  let fullKm = 0;
  let fullCitizens = 0;
  let tours = 0;
  const reasons: Record<string, number> = {};
  let solverMs = 0;
  const models = { selection: { n: 0, ms: 0 }, route: { n: 0, ms: 0 } };
  const timedSolve = async (lp: string) => {
    const t = performance.now();
    const result = await solveWithHighs(lp);
    const kind = lp.includes('\n days:') ? models.selection : models.route;
    kind.n++;
    kind.ms += performance.now() - t;
    return result;
  };
  const times: number[] = [];
  for (const a of authorities) {
    const t0 = performance.now();
    const proposal = await inTransaction(db, async (trx) => {
      const input = await gatherInputs(trx, { ...SYSTEM_ACTOR, authorityId: a.id, reason: 'bench' }, a.id, {
        firstDate,
        weeks,
      });
      const placed = placedVillages(input.villages);
      const matrix = haversineMatrix([input.depot, ...placed], ROAD_FACTOR, SPEED);
      const s0 = performance.now();
      const p = await proposeTours({
        villages: input.villages,
        kits: input.kits,
        settings: input.settings,
        matrix,
        solve: timedSolve,
      });
      solverMs += performance.now() - s0;
      const naive = naivePlan(placed, input.kits, matrix, input.settings);
      const plannable = placed;
      return { p, naive, plannable, input };
    });
    times.push(performance.now() - t0);
    const { p, naive, plannable, input } = proposal;
    // Not timed: the same authority planned to serve everyone it can.
    const full = await proposeTours({
      villages: input.villages,
      kits: input.kits,
      settings: { ...input.settings, minCoverageShare: 1 },
      matrix: haversineMatrix([input.depot, ...plannable], ROAD_FACTOR, SPEED),
      solve: solveWithHighs,
    });
    fullKm += full.km;
    fullCitizens += full.coveredCitizens;
    villages += plannable.filter(
      (v) => expectedCitizens(v, input.settings.idUptake) + v.homeVisitIds.length > 0,
    ).length;
    demand += p.demandCitizens;
    covered += p.coveredCitizens;
    km += p.km;
    tours += p.tours.length;
    naiveKm += naive.km;
    naiveCitizens += naive.citizens;
    for (const u of p.unplanned) reasons[u.reason] = (reasons[u.reason] ?? 0) + u.citizens;
  }
  const share = demand ? covered / demand : 1;
  const perCitizen = covered ? km / covered : 0;
  const naivePerCitizen = naiveCitizens ? naiveKm / naiveCitizens : 0;
  const fullPerCitizen = fullCitizens ? fullKm / fullCitizens : 0;
  console.log(
    `solver loaded and warmed up once (a made-up authority, not in the figures): ${round(warmMs)} ms`,
  );
  console.log(
    `horizon: ${weeks} weeks from ${firstDate} to ${addDays(firstDate, weeks * 7 - 1)}, one kit per authority`,
  );
  console.log(
    `authorities: ${authorities.length}, villages with demand and a place: ${villages}, tours proposed: ${tours}`,
  );
  console.log(
    `demand: ${demand} citizens expected, ${covered} covered within the kits' hours (${round(share * 100)} %)`,
  );
  console.log(`citizens not covered, by reason: ${JSON.stringify(reasons)}`);
  console.log(
    `planner: ${round(km)} km for ${covered} citizens = ${round(perCitizen, 3)} km per citizen served`,
  );
  console.log(
    `baseline (every village monthly, fixed order): ${round(naiveKm)} km for ${naiveCitizens} citizens = ${round(naivePerCitizen, 3)} km per citizen served`,
  );
  console.log(
    `km per citizen vs baseline: ${round((1 - perCitizen / naivePerCitizen) * 100)} % fewer (goal ≥ 30 %)`,
  );
  console.log(
    `planner serving everyone it can (not timed): ${round(fullKm)} km for ${fullCitizens} citizens = ${round(fullPerCitizen, 3)} km per citizen served, ${round((1 - fullPerCitizen / naivePerCitizen) * 100)} % fewer than the baseline`,
  );
  console.log(
    `planning time per authority (counts from the database + HiGHS): p50 ${round(percentile(times, 50))} ms, p95 ${round(percentile(times, 95))} ms, max ${round(Math.max(...times))} ms; all ${round(times.reduce((s, x) => s + x, 0))} ms, of which planner and solver ${round(solverMs)} ms`,
  );
  console.log(
    `HiGHS: ${models.selection.n} selection models in ${round(models.selection.ms)} ms, ${models.route.n} route models (3+ stops) in ${round(models.route.ms)} ms`,
  );
  console.log(
    JSON.stringify({
      villages,
      demand_covered_share: round(share, 3),
      km_per_citizen_served: round(perCitizen, 3),
      naive_km_per_citizen_served: round(naivePerCitizen, 3),
      runtime_ms: round(Math.max(...times)),
      runtime_scope: 'slowest single authority plan (reads + solver), after a one-off solver warm-up',
      runtime_total_ms: round(times.reduce((s, x) => s + x, 0)),
      runtime_total_scope: `all ${authorities.length} authorities one after another`,
      warmup_ms: round(warmMs),
      full_coverage_km_per_citizen_served: round(fullPerCitizen, 3),
      authorities: authorities.length,
    }),
  );
} finally {
  await database.close();
  await admin.query(`drop database if exists "${name}" with (force)`);
  await admin.end();
  await fs.rm(dataDir, { recursive: true, force: true });
}
