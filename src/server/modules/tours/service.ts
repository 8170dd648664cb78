import type { Transaction } from 'kysely';
import { uuidv7 } from '../../../core/ids';
import { addDays, type IsoDate, minutesOfDay, weekday, zonedDateTimeToInstant } from '../../../core/time';
import { placedVillages, proposeTours, routeTour, stopPlan } from '../../../core/tours/planner';
import { expectedCitizens } from '../../../core/tours/rules';
import {
  DEFAULT_SETTINGS,
  type GeoPoint,
  type KitInput,
  type PlanningSettings,
  type Tour,
  type TourProposal,
  type VillageInput,
} from '../../../core/tours/types';
import type { AppConfig } from '../../config';
import type { Database, Db, Executor } from '../../db/database';
import { inTransaction } from '../../db/transaction';
import { AppError } from '../../http/errors';
import { type AuditActor, recordAudit } from '../audit/service';
import { tellWaitlistOfNewDays, villageBookingCounts } from '../booking/planning';
import { villageCounts } from '../register/aggregates';
import { saxonHoliday } from '../schedule/holidays';
import { scheduleHomeVisitIn } from '../schedule/home-visits';
import { listPlannableKits, planOfficeDaysIn, todayInBerlin } from '../schedule/service';
import { solveWithHighs } from './solver';
import { type TravelTimes, travelTimesFrom } from './travel';

/** What is stored with a proposal: the counts it was made from (no person), so that changes need no second register read. */
export interface StoredPlan {
  proposal: TourProposal;
  villages: VillageInput[];
  kits: KitInput[];
  depot: GeoPoint;
  settings: PlanningSettings;
  travel: string;
}

export interface TourPlanView {
  id: string;
  status: 'proposed' | 'accepted' | 'discarded';
  version: number;
  firstDate: IsoDate;
  weeks: number;
  travel: string;
  kitDayMinutes: number;
  workdays: IsoDate[];
  depot: GeoPoint;
  kits: { id: string; name: string }[];
  villages: {
    villageId: string;
    name: string;
    latitude: number | null;
    longitude: number | null;
    citizens: number;
    plannable: boolean;
  }[];
  proposal: TourProposal;
  officeDayIds: string[];
  notified: number;
  acceptedAt: string | null;
}

/** Mon–Fri without Saxon public holidays in [first, first + weeks). */
export function workdaysOf(first: IsoDate, weeks: number): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = 0; d < weeks * 7; d++) {
    const date = addDays(first, d);
    const wd = weekday(date);
    if (wd >= 1 && wd <= 5 && !saxonHoliday(date)) out.push(date);
  }
  return out;
}

/** The Monday after today: planning is for the coming weeks. */
export function nextMonday(today: IsoDate): IsoDate {
  const wd = weekday(today);
  return addDays(today, wd === 0 ? 1 : 8 - wd);
}

const LOCATION_PREFERENCE = ['village_hall', 'community_centre', 'other', 'care_home'] as const;

async function depotOf(db: Executor, authorityId: string, villages: VillageInput[]): Promise<GeoPoint> {
  const hall = await db
    .selectFrom('locations')
    .select(['latitude', 'longitude'])
    .where('authority_id', '=', authorityId)
    .where('kind', '=', 'town_hall')
    .where('active', '=', true)
    .where('latitude', 'is not', null)
    .orderBy('created_at')
    .executeTakeFirst();
  if (hall?.latitude != null && hall.longitude != null)
    return { latitude: hall.latitude, longitude: hall.longitude };
  const placed = villages.filter((v) => Number.isFinite(v.latitude));
  if (placed.length === 0) return { latitude: 51.05, longitude: 13.74 };
  return {
    latitude: placed.reduce((s, v) => s + v.latitude, 0) / placed.length,
    longitude: placed.reduce((s, v) => s + v.longitude, 0) / placed.length,
  };
}

/**
 * Everything the planner needs for one authority, as counts per village: demand signals and
 * wait-list (booking), open home-visit requests (schedule), residents and expiring ID cards and
 * passports (register — an audited aggregate read), past use and no-shows (booking); kits and the
 * dates they are bound.
 */
export async function gatherInputs(
  trx: Executor,
  actor: AuditActor,
  authorityId: string,
  horizon: { firstDate: IsoDate; weeks: number },
  today = todayInBerlin(),
): Promise<Omit<StoredPlan, 'proposal' | 'travel'>> {
  const lastDate = addDays(horizon.firstDate, horizon.weeks * 7 - 1);
  const villageRows = await trx
    .selectFrom('villages')
    .select(['id', 'name', 'latitude', 'longitude'])
    .where('authority_id', '=', authorityId)
    .execute();
  const locations = await trx
    .selectFrom('locations')
    .select(['id', 'village_id', 'kind'])
    .where('authority_id', '=', authorityId)
    .where('active', '=', true)
    .where('village_id', 'is not', null)
    .execute();
  const townHalls = new Set(locations.filter((l) => l.kind === 'town_hall').map((l) => l.village_id!));
  const locationOf = new Map<string, string>();
  for (const kind of [...LOCATION_PREFERENCE].reverse()) {
    for (const l of locations) if (l.kind === kind) locationOf.set(l.village_id!, l.id);
  }
  const register = new Map(
    (
      await villageCounts(trx, actor, authorityId, {
        from: today,
        to: addDays(lastDate, 90),
        purpose: 'tour_planning',
      })
    ).map((c) => [c.villageId, c]),
  );
  const booking = new Map(
    (await villageBookingCounts(trx, authorityId, { since: addDays(today, -183), today })).map((c) => [
      c.villageId,
      c,
    ]),
  );
  const visits = await trx
    .selectFrom('home_visits')
    .select(['id', 'village_id'])
    .where('authority_id', '=', authorityId)
    .where('status', '=', 'requested')
    .where('village_id', 'is not', null)
    .orderBy('created_at')
    .execute();
  const placeDays = await trx
    .selectFrom('office_days')
    .select(['location_id', 'date'])
    .where('authority_id', '=', authorityId)
    .where('status', '=', 'planned')
    .where('date', '>=', horizon.firstDate)
    .where('date', '<=', lastDate)
    .execute();
  const villages: VillageInput[] = villageRows.map((v) => ({
    villageId: v.id,
    name: v.name,
    latitude: v.latitude ?? Number.NaN,
    longitude: v.longitude ?? Number.NaN,
    locationId: locationOf.get(v.id) ?? null,
    townHall: townHalls.has(v.id),
    signals: booking.get(v.id)?.signals ?? 0,
    waiting: booking.get(v.id)?.waiting ?? 0,
    homeVisitIds: visits.filter((h) => h.village_id === v.id).map((h) => h.id),
    residents: register.get(v.id)?.residents ?? 0,
    expiringIds: register.get(v.id)?.expiringIds ?? 0,
    pastBooked: booking.get(v.id)?.pastBooked ?? 0,
    pastNoShows: booking.get(v.id)?.pastNoShows ?? 0,
    busyDates: placeDays.filter((d) => d.location_id === locationOf.get(v.id)).map((d) => d.date),
  }));
  const kitList = await listPlannableKits(trx, authorityId);
  const busyDays = await trx
    .selectFrom('office_days')
    .select(['kit_id', 'date'])
    .where('authority_id', '=', authorityId)
    .where('status', '=', 'planned')
    .where('kit_id', 'is not', null)
    .where('date', '>=', horizon.firstDate)
    .where('date', '<=', lastDate)
    .execute();
  const busyVisits = await trx
    .selectFrom('home_visits')
    .select(['kit_id', 'scheduled_date'])
    .where('authority_id', '=', authorityId)
    .where('status', '=', 'scheduled')
    .where('scheduled_date', '>=', horizon.firstDate)
    .where('scheduled_date', '<=', lastDate)
    .execute();
  const kits: KitInput[] = kitList.map((k) => ({
    kitId: k.id,
    name: k.name,
    busyDates: [
      ...new Set([
        ...busyDays.filter((d) => d.kit_id === k.id).map((d) => d.date),
        ...busyVisits.filter((d) => d.kit_id === k.id).map((d) => d.scheduled_date!),
      ]),
    ].sort(),
  }));
  const settings: PlanningSettings = {
    ...DEFAULT_SETTINGS,
    firstDate: horizon.firstDate,
    weeks: horizon.weeks,
    workdays: workdaysOf(horizon.firstDate, horizon.weeks),
  };
  return { villages, kits, depot: await depotOf(trx, authorityId, villages), settings };
}

/** The travel matrix's villages (index i + 1): with a place and coordinates, as the planner expects. */
function plannable(v: VillageInput): v is VillageInput & { locationId: string } {
  return placedVillages([v]).length === 1;
}

function toView(row: {
  id: string;
  status: TourPlanView['status'];
  version: number;
  proposal: StoredPlan;
  office_day_ids: string[];
  notified: number;
  accepted_at: Date | null;
}): TourPlanView {
  const p = row.proposal;
  return {
    id: row.id,
    status: row.status,
    version: row.version,
    firstDate: p.settings.firstDate,
    weeks: p.settings.weeks,
    travel: p.travel,
    kitDayMinutes: p.settings.kitDayMinutes,
    workdays: p.settings.workdays,
    depot: p.depot,
    kits: p.kits.map((k) => ({ id: k.kitId, name: k.name })),
    villages: p.villages.map((v) => ({
      villageId: v.villageId,
      name: v.name,
      latitude: Number.isFinite(v.latitude) ? v.latitude : null,
      longitude: Number.isFinite(v.longitude) ? v.longitude : null,
      citizens: expectedCitizens(v, p.settings.idUptake) + v.homeVisitIds.length,
      plannable: plannable(v),
    })),
    proposal: p.proposal,
    officeDayIds: row.office_day_ids,
    notified: row.notified,
    acceptedAt: row.accepted_at?.toISOString() ?? null,
  };
}

/** JSON keeps no NaN: villages without coordinates are stored with null and read back as NaN. */
function serialise(plan: StoredPlan): string {
  return JSON.stringify(plan, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
}
function revive(plan: StoredPlan): StoredPlan {
  return {
    ...plan,
    villages: plan.villages.map((v) => ({
      ...v,
      latitude: v.latitude ?? Number.NaN,
      longitude: v.longitude ?? Number.NaN,
    })),
  };
}

async function matrixFor(travel: TravelTimes, depot: GeoPoint, villages: VillageInput[]) {
  return travel.matrix([depot, ...villages.map((v) => ({ latitude: v.latitude, longitude: v.longitude }))]);
}

export async function proposeTourPlan(
  db: Db,
  config: AppConfig,
  actor: AuditActor,
  authorityId: string,
  input: { firstDate?: IsoDate; weeks: number },
  travel: TravelTimes = travelTimesFrom(config),
): Promise<TourPlanView> {
  const today = todayInBerlin();
  const firstDate = input.firstDate ?? nextMonday(today);
  if (firstDate <= today)
    throw new AppError('OFFICE_DAY_IN_PAST', {}, [{ path: '/firstDate', code: 'dateInPast' }]);
  return inTransaction(db, async (trx) => {
    const gathered = await gatherInputs(trx, actor, authorityId, { firstDate, weeks: input.weeks }, today);
    const inTours = gathered.villages.filter(plannable);
    const matrix = await matrixFor(travel, gathered.depot, inTours);
    const proposal = await proposeTours({
      villages: gathered.villages,
      kits: gathered.kits,
      settings: gathered.settings,
      matrix,
      solve: solveWithHighs,
    });
    const stored: StoredPlan = { ...gathered, proposal, travel: travel.name };
    const id = uuidv7();
    const row = await trx
      .insertInto('tour_plans')
      .values({
        id,
        authority_id: authorityId,
        first_date: firstDate,
        weeks: input.weeks,
        proposal: serialise(stored),
        created_by: actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'tour_plan.propose',
      resourceType: 'tour_plan',
      resourceId: id,
      details: {
        firstDate,
        weeks: input.weeks,
        tours: proposal.tours.length,
        demandCitizens: proposal.demandCitizens,
        coveredCitizens: proposal.coveredCitizens,
        km: proposal.km,
      },
    });
    return toView({ ...row, proposal: revive(row.proposal as StoredPlan) });
  });
}

async function loadPlan(db: Executor, authorityId: string, id: string, lock = false) {
  let q = db
    .selectFrom('tour_plans')
    .selectAll()
    .where('id', '=', id)
    .where('authority_id', '=', authorityId);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new AppError('TOUR_PLAN_NOT_FOUND');
  return { ...row, proposal: revive(row.proposal as StoredPlan) };
}

export async function getTourPlan(db: Executor, authorityId: string, id: string): Promise<TourPlanView> {
  return toView(await loadPlan(db, authorityId, id));
}

export async function latestTourPlan(db: Executor, authorityId: string): Promise<TourPlanView | null> {
  const row = await db
    .selectFrom('tour_plans')
    .select('id')
    .where('authority_id', '=', authorityId)
    .where('status', '!=', 'discarded')
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row ? getTourPlan(db, authorityId, row.id) : null;
}

export interface TourEdit {
  date: IsoDate;
  kitId: string;
  stops: { villageId: string; minutes: number }[];
}

/**
 * The coordinator's changes: villages taken out or added, a tour moved to another day or kit,
 * office hours made longer or shorter. Each tour is routed again by the solver and checked
 * against the kit's hours; an impossible change is refused with the reason, the stored
 * proposal stays as it was.
 */
export async function reviseTourPlan(
  db: Db,
  config: AppConfig,
  actor: AuditActor,
  authorityId: string,
  id: string,
  input: { version: number; tours: TourEdit[] },
  travel: TravelTimes = travelTimesFrom(config),
): Promise<TourPlanView> {
  return inTransaction(db, async (trx) => {
    const row = await loadPlan(trx, authorityId, id, true);
    if (row.status === 'accepted') throw new AppError('TOUR_PLAN_ACCEPTED');
    if (row.status !== 'proposed') throw new AppError('TOUR_PLAN_NOT_FOUND');
    if (row.version !== input.version) throw new AppError('TOUR_PLAN_CHANGED');
    const stored = row.proposal;
    const s = stored.settings;
    const inTours = stored.villages.filter(plannable);
    const index = new Map(inTours.map((v, i) => [v.villageId, i + 1]));
    const seenVillages = new Set<string>();
    const seenKitDays = new Set<string>();
    for (const [t, tour] of input.tours.entries()) {
      const kit = stored.kits.find((k) => k.kitId === tour.kitId);
      if (!kit) throw new AppError('TOUR_KIT_UNKNOWN', {}, [{ path: `/tours/${t}/kitId`, code: 'unknown' }]);
      if (!s.workdays.includes(tour.date) || kit.busyDates.includes(tour.date)) {
        throw new AppError('TOUR_DAY_NOT_WORKDAY', { date: tour.date }, [
          { path: `/tours/${t}/date`, code: 'workday' },
        ]);
      }
      const key = `${tour.kitId}/${tour.date}`;
      if (seenKitDays.has(key)) {
        throw new AppError('TOUR_KIT_TWICE', { date: tour.date }, [
          { path: `/tours/${t}/date`, code: 'kitTwice' },
        ]);
      }
      seenKitDays.add(key);
      for (const [k, stop] of tour.stops.entries()) {
        if (!index.has(stop.villageId)) {
          throw new AppError('TOUR_VILLAGE_UNKNOWN', {}, [
            { path: `/tours/${t}/stops/${k}/villageId`, code: 'unknown' },
          ]);
        }
        if (seenVillages.has(stop.villageId)) {
          throw new AppError('TOUR_VILLAGE_TWICE', {}, [
            { path: `/tours/${t}/stops/${k}/villageId`, code: 'twice' },
          ]);
        }
        seenVillages.add(stop.villageId);
      }
    }
    const matrix = await matrixFor(travel, stored.depot, inTours);
    const tours: Tour[] = [];
    for (const [t, tour] of input.tours.entries()) {
      if (tour.stops.length === 0) continue;
      const kit = stored.kits.find((k) => k.kitId === tour.kitId)!;
      const routed = await routeTour(
        { kitId: kit.kitId, name: kit.name },
        tour.date,
        tour.stops.map((st) => {
          const v = inTours[index.get(st.villageId)! - 1]!;
          return { plan: stopPlan(v, s, st.minutes), index: index.get(st.villageId)! };
        }),
        matrix,
        s,
        solveWithHighs,
      );
      if (routed.clerkMinutes > s.kitDayMinutes) {
        throw new AppError(
          'TOUR_TOO_LONG',
          { date: tour.date, minutes: routed.clerkMinutes, limit: s.kitDayMinutes },
          [{ path: `/tours/${t}/stops`, code: 'tooLong' }],
        );
      }
      tours.push(routed);
    }
    tours.sort((a, b) => a.date.localeCompare(b.date) || a.kitName.localeCompare(b.kitName));
    const before = stored.proposal;
    // A village the planner deferred (its demand can wait, ADR 36) stays so labelled while the
    // coordinator does not add it; any other left out of the tours was taken out by them.
    const deferred = new Set(before.unplanned.filter((u) => u.reason === 'deferred').map((u) => u.villageId));
    const unplanned = [
      ...before.unplanned.filter(
        (u) => u.reason !== 'no_capacity' && u.reason !== 'left_out' && u.reason !== 'deferred',
      ),
      ...inTours
        .filter((v) => !seenVillages.has(v.villageId))
        .map((v) => ({
          villageId: v.villageId,
          villageName: v.name,
          citizens: expectedCitizens(v, s.idUptake) + v.homeVisitIds.length,
          reason: deferred.has(v.villageId) ? ('deferred' as const) : ('left_out' as const),
        }))
        .filter((u) => u.citizens > 0),
    ];
    const proposal: TourProposal = {
      ...before,
      tours,
      unplanned,
      coveredCitizens: tours.reduce(
        (sum, t) => sum + t.stops.reduce((x, st) => x + st.citizens + st.homeVisits.length, 0),
        0,
      ),
      km: Math.round(tours.reduce((sum, t) => sum + t.km, 0) * 10) / 10,
    };
    const updated = await trx
      .updateTable('tour_plans')
      .set({
        proposal: serialise({ ...stored, proposal, travel: travel.name }),
        version: row.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'tour_plan.revise',
      resourceType: 'tour_plan',
      resourceId: id,
      before: { tours: before.tours.length, km: before.km, coveredCitizens: before.coveredCitizens },
      after: { tours: tours.length, km: proposal.km, coveredCitizens: proposal.coveredCitizens },
    });
    return toView({ ...updated, proposal: revive(updated.proposal as StoredPlan) });
  });
}

/**
 * Accepts a proposal: every stop becomes an office day through the same service function as
 * when a coordinator plans by hand (checks, duplicate and overlap rules, audit, the demand
 * announcement), the home visits are scheduled in their windows (the citizen hears of it), and
 * everyone on a wait-list in those villages is told — all in one transaction, all or nothing.
 * A second accept (double click, retry after a lost answer) returns the same office days.
 */
export async function acceptTourPlan(
  db: Db,
  config: AppConfig,
  actor: AuditActor,
  authorityId: string,
  id: string,
  input: { version: number },
  /** Links in the wait-list mails: the authority's portal (ADR 27). */
  links: { publicUrl: string } = { publicUrl: config.publicUrl },
): Promise<TourPlanView> {
  return inTransaction(db, async (trx) => {
    const row = await loadPlan(trx, authorityId, id, true);
    if (row.status === 'accepted') return toView(row);
    if (row.status !== 'proposed') throw new AppError('TOUR_PLAN_NOT_FOUND');
    if (row.version !== input.version) throw new AppError('TOUR_PLAN_CHANGED');
    const { proposal, settings: s } = row.proposal;
    const officeDayIds: string[] = [];
    const perVillage: Parameters<typeof tellWaitlistOfNewDays>[3] = [];
    let homeVisits = 0;
    for (const tour of proposal.tours) {
      for (const [k, stop] of tour.stops.entries()) {
        const last = k === tour.stops.length - 1;
        const back = last ? Math.max(0, minutesOfDay(tour.returnTime) - lastLeave(stop, s)) : 0;
        const result = await planOfficeDaysIn(trx as Transaction<Database>, actor, authorityId, {
          locationId: stop.locationId,
          date: tour.date,
          startTime: stop.startTime,
          endTime: stop.endTime,
          desks: 1,
          kitId: tour.kitId,
          setupMinutes: s.setupMinutes,
          teardownMinutes: s.teardownMinutes,
          travelBeforeMinutes: stop.travelMinutesBefore,
          travelAfterMinutes: stop.homeVisits.length ? 0 : back,
          note: null,
        });
        const day = result.created[0]!;
        officeDayIds.push(day.id);
        perVillage.push({
          villageId: stop.villageId,
          villageName: stop.villageName,
          days: [
            {
              date: tour.date,
              startsAt: zonedDateTimeToInstant(tour.date, stop.startTime).toISOString(),
              endsAt: zonedDateTimeToInstant(tour.date, stop.endTime).toISOString(),
              locationName: day.location.name,
            },
          ],
        });
        for (const [h, visit] of stop.homeVisits.entries()) {
          const lastVisit = h === stop.homeVisits.length - 1;
          await scheduleHomeVisitIn(trx as Transaction<Database>, actor, authorityId, visit.homeVisitId, {
            kitId: tour.kitId,
            date: tour.date,
            windowStart: visit.startTime,
            windowEnd: visit.endTime,
            travelBeforeMinutes: 0,
            travelAfterMinutes: last && lastVisit ? back : 0,
          });
          homeVisits++;
        }
      }
    }
    const told = await tellWaitlistOfNewDays(trx, links, authorityId, perVillage);
    const announced = await trx
      .selectFrom('demand_signals')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('authority_id', '=', authorityId)
      .where('village_id', 'in', perVillage.length ? perVillage.map((v) => v.villageId) : [''])
      .where('announced_at', 'is', null)
      .where((eb) => eb.or([eb('email', 'is not', null), eb('phone', 'is not', null)]))
      .executeTakeFirstOrThrow();
    const notified = told + Number(announced.n);
    const now = new Date();
    const updated = await trx
      .updateTable('tour_plans')
      .set({
        status: 'accepted',
        office_day_ids: officeDayIds,
        notified,
        accepted_at: now,
        accepted_by: actor.userId,
        updated_at: now,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'tour_plan.accept',
      resourceType: 'tour_plan',
      resourceId: id,
      after: { officeDays: officeDayIds.length, homeVisits, tours: proposal.tours.length },
      details: { waitlistTold: told, demandToBeTold: Number(announced.n) },
    });
    return toView({ ...updated, proposal: revive(updated.proposal as StoredPlan) });
  });
}

/** Minutes of day when the kit leaves a stop (after packing up and its home visits). */
function lastLeave(stop: Tour['stops'][number], s: PlanningSettings): number {
  const lastVisit = stop.homeVisits.at(-1);
  return lastVisit ? minutesOfDay(lastVisit.endTime) : minutesOfDay(stop.endTime) + s.teardownMinutes;
}
