import { type Selectable, sql, type Transaction } from 'kysely';
import { kitOccupancy, type OfficeDayPlan, overlaps, serviceWindow } from '../../../core/booking/slots';
import type { CatalogServiceSummary } from '../../../core/catalog/types';
import { compareText } from '../../../core/collation';
import { uuidv7 } from '../../../core/ids';
import { type ClashKind, officeDayClash } from '../../../core/schedule/office-day-clash';
import { addDays, type IsoDate, localDate, minutesOfDay, zonedDateTimeToInstant } from '../../../core/time';
import type { Database, Db, Executor } from '../../db/database';
import { filterAuthorityId } from '../../db/scope';
import { inTransaction, pgConstraint, pgErrorCode } from '../../db/transaction';
import { AppError } from '../../http/errors';
import { enqueueJob } from '../../jobs/runner';
import { type AuditActor, recordAudit } from '../audit/service';
import {
  applyOfficeDayImpact,
  type ImpactedAppointment,
  previewOfficeDayImpact,
} from '../booking/office-day-impact';
import { getPublishedServicesByIds, listPublishedServices } from '../catalog/service';
import { listKits } from '../kits/service';
import type { LocationKind } from '../places/tables';
import { saxonHoliday } from './holidays';
import { expandRecurrence, normaliseRrule, type SkipReason } from './recurrence';
import type { OfficeDaysTable } from './tables';

/** Today's date in Berlin. */
export function todayInBerlin(now = new Date()): IsoDate {
  return localDate(now);
}

export interface OfficeDayLocation {
  id: string;
  name: string;
  slug: string;
  kind: LocationKind;
  street: string;
  postalCode: string;
  city: string;
  latitude: number | null;
  longitude: number | null;
  stepFree: boolean;
  accessibilityNotes: string | null;
  villageId: string | null;
  villageName: string | null;
  municipalityId: string;
  municipalityName: string;
}

export interface OfficeDayView {
  id: string;
  authorityId: string;
  locationId: string;
  seriesId: string | null;
  date: IsoDate;
  startTime: string;
  endTime: string;
  startsAt: string;
  endsAt: string;
  desks: number;
  kitId: string | null;
  slotMinutes: number;
  changeoverMinutes: number;
  setupMinutes: number;
  teardownMinutes: number;
  travelBeforeMinutes: number;
  travelAfterMinutes: number;
  /** The coordinator's choice; null = the catalogue's mobile-capable services. */
  serviceIds: string[] | null;
  status: 'planned' | 'cancelled';
  /** 'video': video hours at the citizens' terminal of the location (#11). */
  mode: 'in_person' | 'video';
  cancelReason: string | null;
  note: string | null;
  version: number;
  location: OfficeDayLocation;
}

export type OfficeDayRow = Selectable<OfficeDaysTable>;

export function planOf(row: OfficeDayRow): OfficeDayPlan {
  return {
    date: row.date,
    startTime: row.start_time,
    endTime: row.end_time,
    desks: row.desks,
    slotMinutes: row.slot_minutes,
    changeoverMinutes: row.changeover_minutes,
    setupMinutes: row.setup_minutes,
    teardownMinutes: row.teardown_minutes,
    travelBeforeMinutes: row.travel_before_minutes,
    travelAfterMinutes: row.travel_after_minutes,
    window: { start: row.starts_at, end: row.ends_at },
  };
}

function locationQuery(db: Executor) {
  return db
    .selectFrom('locations as l')
    .innerJoin('municipalities as m', 'm.id', 'l.municipality_id')
    .leftJoin('villages as v', 'v.id', 'l.village_id')
    .select([
      'l.id',
      'l.name',
      'l.slug',
      'l.kind',
      'l.street',
      'l.postal_code',
      'l.city',
      'l.latitude',
      'l.longitude',
      'l.step_free',
      'l.accessibility_notes',
      'l.village_id',
      'v.name as village_name',
      'l.municipality_id',
      'm.name as municipality_name',
      'l.authority_id',
      'l.active',
    ]);
}

type LocationRow = Awaited<ReturnType<ReturnType<typeof locationQuery>['executeTakeFirstOrThrow']>>;

function toLocation(l: LocationRow): OfficeDayLocation {
  return {
    id: l.id,
    name: l.name,
    slug: l.slug,
    kind: l.kind,
    street: l.street,
    postalCode: l.postal_code,
    city: l.city,
    latitude: l.latitude,
    longitude: l.longitude,
    stepFree: l.step_free,
    accessibilityNotes: l.accessibility_notes,
    villageId: l.village_id,
    villageName: l.village_name,
    municipalityId: l.municipality_id,
    municipalityName: l.municipality_name,
  };
}

export async function loadLocations(db: Executor, ids: string[]): Promise<Map<string, OfficeDayLocation>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await locationQuery(db).where('l.id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, toLocation(r)]));
}

export function toOfficeDayView(row: OfficeDayRow, location: OfficeDayLocation): OfficeDayView {
  return {
    id: row.id,
    authorityId: row.authority_id,
    locationId: row.location_id,
    seriesId: row.series_id,
    date: row.date,
    startTime: row.start_time,
    endTime: row.end_time,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    desks: row.desks,
    kitId: row.kit_id,
    slotMinutes: row.slot_minutes,
    changeoverMinutes: row.changeover_minutes,
    setupMinutes: row.setup_minutes,
    teardownMinutes: row.teardown_minutes,
    travelBeforeMinutes: row.travel_before_minutes,
    travelAfterMinutes: row.travel_after_minutes,
    serviceIds: row.service_ids,
    status: row.status,
    mode: row.mode,
    cancelReason: row.cancel_reason,
    note: row.note,
    version: row.version,
    location,
  };
}

async function views(db: Executor, rows: OfficeDayRow[]): Promise<OfficeDayView[]> {
  const locations = await loadLocations(
    db,
    rows.map((r) => r.location_id),
  );
  return rows.map((r) => toOfficeDayView(r, locations.get(r.location_id)!));
}

/** One office day (any authority when authorityId is undefined: the public pages). */
/** One office day of the given authority (else the scope's; ADR 27). */
export async function getOfficeDay(db: Executor, id: string, authorityId?: string): Promise<OfficeDayView> {
  let q = db.selectFrom('office_days').selectAll().where('id', '=', id);
  const authority = authorityId ?? filterAuthorityId();
  if (authority) q = q.where('authority_id', '=', authority);
  const row = await q.executeTakeFirst();
  if (!row) throw new AppError('OFFICE_DAY_NOT_FOUND');
  return (await views(db, [row]))[0]!;
}

/**
 * Locks the office-day row for the rest of the transaction (SELECT … FOR UPDATE): booking holds
 * this lock while it drops expired holds, re-checks capacity and inserts (DESIGN.md §4).
 */
export async function lockOfficeDay(trx: Executor, id: string): Promise<OfficeDayRow> {
  // Only an office day of the scope's authority (ADR 27): another authority's is not found.
  const authority = filterAuthorityId();
  const row = await trx
    .selectFrom('office_days')
    .selectAll()
    .where('id', '=', id)
    .$if(!!authority, (q) => q.where('authority_id', '=', authority!))
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new AppError('OFFICE_DAY_NOT_FOUND');
  return row;
}

export interface OfficeDayQuery {
  authorityId?: string;
  from: IsoDate;
  to: IsoDate;
  locationIds?: string[];
  kitId?: string;
  includeCancelled?: boolean;
}

export async function listOfficeDays(db: Executor, q: OfficeDayQuery): Promise<OfficeDayView[]> {
  let query = db
    .selectFrom('office_days')
    .selectAll()
    .where('date', '>=', q.from)
    .where('date', '<=', q.to)
    .orderBy('starts_at')
    .orderBy('location_id');
  const authority = q.authorityId ?? filterAuthorityId();
  if (authority) query = query.where('authority_id', '=', authority);
  if (q.locationIds) {
    if (q.locationIds.length === 0) return [];
    query = query.where('location_id', 'in', q.locationIds);
  }
  if (q.kitId) query = query.where('kit_id', '=', q.kitId);
  if (!q.includeCancelled) query = query.where('status', '=', 'planned');
  return views(db, await query.execute());
}

/**
 * Locations of a village (and of its Ortslagen, or of its parent Ortsteil) or of a municipality
 * — of the scope's authority (ADR 27): another authority's village or place is unknown here.
 */
export async function locationIdsFor(
  db: Executor,
  filter: { villageId?: string; municipalityId?: string; locationSlug?: string },
): Promise<string[] | undefined> {
  const authority = filterAuthorityId();
  if (filter.locationSlug) {
    const row = await db
      .selectFrom('locations')
      .select('id')
      .where('slug', '=', filter.locationSlug)
      .$if(!!authority, (q) => q.where('authority_id', '=', authority!))
      .executeTakeFirst();
    return row ? [row.id] : [];
  }
  if (filter.villageId) {
    const village = await db
      .selectFrom('villages')
      .select(['id', 'parent_village_id'])
      .where('id', '=', filter.villageId)
      .$if(!!authority, (q) => q.where('authority_id', '=', authority!))
      .executeTakeFirst();
    if (!village) throw new AppError('VILLAGE_UNKNOWN');
    const related = await db
      .selectFrom('villages')
      .select('id')
      .where((eb) =>
        eb.or([
          eb('id', '=', village.id),
          eb('parent_village_id', '=', village.id),
          ...(village.parent_village_id ? [eb('id', '=', village.parent_village_id)] : []),
        ]),
      )
      .execute();
    const rows = await db
      .selectFrom('locations')
      .select('id')
      .where('active', '=', true)
      .where(
        'village_id',
        'in',
        related.map((r) => r.id),
      )
      .execute();
    return rows.map((r) => r.id);
  }
  if (filter.municipalityId) {
    const rows = await db
      .selectFrom('locations')
      .select('id')
      .where('active', '=', true)
      .where('municipality_id', '=', filter.municipalityId)
      .$if(!!authority, (q) => q.where('authority_id', '=', authority!))
      .execute();
    return rows.map((r) => r.id);
  }
  return undefined;
}

/** The services an office day offers: the coordinator's list, or the catalogue's mobile subset. */
export async function offeredServices(
  db: Executor,
  day: Pick<OfficeDayRow, 'authority_id' | 'service_ids'> & { mode?: OfficeDayRow['mode'] },
): Promise<CatalogServiceSummary[]> {
  if (day.service_ids) return getPublishedServicesByIds(db, day.service_ids);
  return listPublishedServices(db, { authorityId: day.authority_id, channel: defaultChannelOf(day) });
}

/** Without the coordinator's list, an office day offers the catalogue's services of its channel. */
export function defaultChannelOf(day: { mode?: OfficeDayRow['mode'] }): 'mobile' | 'terminal' {
  return day.mode === 'video' ? 'terminal' : 'mobile';
}

// ---------------------------------------------------------------------------------------------
// Kits and tours
// ---------------------------------------------------------------------------------------------

export interface KitOption {
  id: string;
  name: string;
}

/** Kits of the authority that can be planned (from the kits module; revoked ones left out). */
export async function listPlannableKits(db: Executor, authorityId: string): Promise<KitOption[]> {
  return (await listKits(db, authorityId))
    .filter((k) => k.status !== 'revoked')
    .map((k) => ({ id: k.id, name: k.name }));
}

export interface TourStop {
  kind: 'office_day' | 'home_visit';
  id: string;
  title: string;
  /** Window at the place. */
  start: string;
  end: string;
  /** With setup/teardown and travel: the time the kit is bound. */
  busyStart: string;
  busyEnd: string;
  conflict: boolean;
}

function occupancyOfHomeVisit(v: {
  window_start: Date;
  window_end: Date;
  travel_before_minutes: number;
  travel_after_minutes: number;
}) {
  return {
    start: new Date(v.window_start.getTime() - v.travel_before_minutes * 60_000),
    end: new Date(v.window_end.getTime() + v.travel_after_minutes * 60_000),
  };
}

/** A kit's day: its office days and home visits in order, each with the time the kit is bound. */
export async function kitTour(
  db: Executor,
  authorityId: string,
  kitId: string,
  date: IsoDate,
): Promise<TourStop[]> {
  const days = await db
    .selectFrom('office_days')
    .selectAll()
    .where('authority_id', '=', authorityId)
    .where('kit_id', '=', kitId)
    .where('date', '=', date)
    .where('status', '=', 'planned')
    .execute();
  const locations = await loadLocations(
    db,
    days.map((d) => d.location_id),
  );
  const visits = await db
    .selectFrom('home_visits')
    .selectAll()
    .where('authority_id', '=', authorityId)
    .where('kit_id', '=', kitId)
    .where('scheduled_date', '=', date)
    .where('status', '=', 'scheduled')
    .execute();
  const stops: TourStop[] = [
    ...days.map((d) => {
      const occ = kitOccupancy(planOf(d));
      return {
        kind: 'office_day' as const,
        id: d.id,
        title: locations.get(d.location_id)?.name ?? '',
        start: d.starts_at.toISOString(),
        end: d.ends_at.toISOString(),
        busyStart: occ.start.toISOString(),
        busyEnd: occ.end.toISOString(),
        conflict: false,
      };
    }),
    ...visits.map((v) => {
      const occ = occupancyOfHomeVisit(v as typeof v & { window_start: Date; window_end: Date });
      return {
        kind: 'home_visit' as const,
        id: v.id,
        title: `${v.reference} · ${v.postal_code} ${v.city}`,
        start: v.window_start!.toISOString(),
        end: v.window_end!.toISOString(),
        busyStart: occ.start.toISOString(),
        busyEnd: occ.end.toISOString(),
        conflict: false,
      };
    }),
  ].sort((a, b) => a.busyStart.localeCompare(b.busyStart));
  for (let i = 1; i < stops.length; i++) {
    if (stops[i]!.busyStart < stops[i - 1]!.busyEnd) {
      stops[i]!.conflict = true;
      stops[i - 1]!.conflict = true;
    }
  }
  return stops;
}

/**
 * Refuses a plan that would bind the kit twice at once (office days and home visits, with their
 * setup, teardown and travel). Serialised per kit and date by an advisory lock, so two
 * coordinators planning at the same moment cannot both succeed.
 */
export async function assertKitFree(
  trx: Executor,
  params: {
    authorityId: string;
    kitId: string;
    date: IsoDate;
    busy: { start: Date; end: Date };
    exceptOfficeDayId?: string;
    exceptHomeVisitId?: string;
  },
): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`kit:${params.kitId}:${params.date}`}, 0))`.execute(
    trx,
  );
  const days = await trx
    .selectFrom('office_days')
    .selectAll()
    .where('authority_id', '=', params.authorityId)
    .where('kit_id', '=', params.kitId)
    .where('date', '>=', addDays(params.date, -1))
    .where('date', '<=', addDays(params.date, 1))
    .where('status', '=', 'planned')
    .execute();
  for (const d of days) {
    if (d.id === params.exceptOfficeDayId) continue;
    if (overlaps(params.busy, kitOccupancy(planOf(d)))) {
      throw new AppError('OFFICE_DAY_CONFLICT', { date: params.date }, [], { conflictWith: d.id });
    }
  }
  const visits = await trx
    .selectFrom('home_visits')
    .selectAll()
    .where('authority_id', '=', params.authorityId)
    .where('kit_id', '=', params.kitId)
    .where('scheduled_date', '>=', addDays(params.date, -1))
    .where('scheduled_date', '<=', addDays(params.date, 1))
    .where('status', '=', 'scheduled')
    .execute();
  for (const v of visits) {
    if (v.id === params.exceptHomeVisitId || !v.window_start || !v.window_end) continue;
    if (
      overlaps(params.busy, occupancyOfHomeVisit(v as typeof v & { window_start: Date; window_end: Date }))
    ) {
      throw new AppError('OFFICE_DAY_CONFLICT', { date: params.date }, [], { conflictWith: v.id });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Planning
// ---------------------------------------------------------------------------------------------

export interface OfficeDaySettings {
  startTime: string;
  endTime: string;
  desks: number;
  kitId?: string | null;
  slotMinutes?: number;
  changeoverMinutes?: number;
  setupMinutes?: number;
  teardownMinutes?: number;
  travelBeforeMinutes?: number;
  travelAfterMinutes?: number;
  /** null/undefined = the catalogue's mobile-capable services (terminal-capable for video hours). */
  serviceIds?: string[] | null;
  note?: string | null;
  /** 'video': video hours at the location's terminal (#11); set when planning, not changed later. */
  mode?: 'in_person' | 'video';
}

export interface PlanInput extends OfficeDaySettings {
  locationId: string;
  /** The (first) date. */
  date: IsoDate;
  recurrence?: { rrule: string; lastDate: IsoDate; exdates?: IsoDate[] } | null;
  /** "Trotzdem planen": plan even where another office day at the place overlaps (never the same window). */
  allowOverlap?: boolean;
}

export interface PlanResult {
  created: OfficeDayView[];
  /** Dates left out: holidays, exceptions, and (in a series) days that are already planned exactly so. */
  skipped: { date: IsoDate; reason: SkipReason | 'already_planned'; holiday?: string }[];
  seriesId: string | null;
}

export interface OfficeDayClash {
  kind: ClashKind;
  date: IsoDate;
  officeDayId: string;
  startTime: string;
  endTime: string;
  seriesId: string | null;
}

const germanDate = (date: IsoDate) => date.split('-').reverse().join('.');

/**
 * Takes the lock per place and date (in date order, so two plans never wait on each other in a
 * circle) and lists the planned office days there whose window is the same or overlaps. Holding
 * the lock until commit, two coordinators planning the same day at the same moment cannot both
 * succeed; the unique index office_days_no_duplicate backs the "same window" rule.
 */
export async function lockAndFindClashes(
  trx: Executor,
  params: {
    authorityId: string;
    locationId: string;
    windows: { date: IsoDate; startTime: string; endTime: string }[];
    exceptOfficeDayId?: string;
  },
): Promise<OfficeDayClash[]> {
  const dates = [...new Set(params.windows.map((w) => w.date))].sort();
  if (dates.length === 0) return [];
  for (const date of dates) {
    await sql`select pg_advisory_xact_lock(hashtextextended(${`office-day:${params.locationId}:${date}`}, 0))`.execute(
      trx,
    );
  }
  const existing = await trx
    .selectFrom('office_days')
    .select(['id', 'date', 'start_time', 'end_time', 'series_id'])
    .where('authority_id', '=', params.authorityId)
    .where('location_id', '=', params.locationId)
    .where('status', '=', 'planned')
    .where('date', 'in', dates)
    .orderBy('date')
    .orderBy('start_time')
    .execute();
  const clashes: OfficeDayClash[] = [];
  for (const w of params.windows) {
    for (const e of existing) {
      if (e.id === params.exceptOfficeDayId) continue;
      const kind = officeDayClash(w, { date: e.date, startTime: e.start_time, endTime: e.end_time });
      if (kind) {
        clashes.push({
          kind,
          date: e.date,
          officeDayId: e.id,
          startTime: e.start_time,
          endTime: e.end_time,
          seriesId: e.series_id,
        });
      }
    }
  }
  return clashes;
}

function clashError(
  code: 'OFFICE_DAY_DUPLICATE' | 'OFFICE_DAY_CLASH',
  clashes: OfficeDayClash[],
  locationName: string,
): AppError {
  const first = clashes[0]!;
  return new AppError(
    code,
    {
      location: locationName,
      date: germanDate(first.date),
      from: first.startTime,
      to: first.endTime,
      count: clashes.length,
    },
    [],
    { clashes },
  );
}

/** The database's refusal of a second identical office day, as the same problem the service gives. */
function duplicateFromIndex(error: unknown, locationName: string, window: OfficeDayClash): never {
  if (pgErrorCode(error) === '23505' && pgConstraint(error) === 'office_days_no_duplicate') {
    throw clashError('OFFICE_DAY_DUPLICATE', [window], locationName);
  }
  throw error;
}

function checkWindow(s: OfficeDaySettings, basePath = ''): void {
  const minutes = minutesOfDay(s.endTime) - minutesOfDay(s.startTime);
  if (minutes < (s.slotMinutes ?? 15)) {
    throw new AppError('OFFICE_DAY_WINDOW_INVALID', {}, [{ path: `${basePath}/endTime`, code: 'timeOrder' }]);
  }
}

async function checkServices(
  db: Executor,
  authorityId: string,
  ids: string[] | null | undefined,
): Promise<void> {
  if (!ids) return;
  const found = await getPublishedServicesByIds(db, ids);
  if (found.length !== new Set(ids).size || found.some((s) => s.authorityId !== authorityId)) {
    throw new AppError('SERVICE_UNKNOWN', {}, [{ path: '/serviceIds', code: 'unknown' }]);
  }
}

async function checkLocation(db: Executor, authorityId: string, locationId: string) {
  const location = await locationQuery(db)
    .where('l.id', '=', locationId)
    .where('l.authority_id', '=', authorityId)
    .where('l.active', '=', true)
    .executeTakeFirst();
  if (!location) throw new AppError('LOCATION_UNKNOWN', {}, [{ path: '/locationId', code: 'unknown' }]);
  return location;
}

function rowValues(authorityId: string, locationId: string, date: IsoDate, s: OfficeDaySettings) {
  return {
    authority_id: authorityId,
    location_id: locationId,
    date,
    start_time: s.startTime,
    end_time: s.endTime,
    starts_at: zonedDateTimeToInstant(date, s.startTime),
    ends_at: zonedDateTimeToInstant(date, s.endTime),
    desks: s.desks,
    kit_id: s.kitId ?? null,
    slot_minutes: s.slotMinutes ?? 15,
    changeover_minutes: s.changeoverMinutes ?? 0,
    setup_minutes: s.setupMinutes ?? 0,
    teardown_minutes: s.teardownMinutes ?? 0,
    travel_before_minutes: s.travelBeforeMinutes ?? 0,
    travel_after_minutes: s.travelAfterMinutes ?? 0,
    service_ids: s.serviceIds ?? null,
    note: s.note ?? null,
    mode: s.mode ?? 'in_person',
  };
}

function settingsPlan(date: IsoDate, s: OfficeDaySettings): OfficeDayPlan {
  return {
    date,
    startTime: s.startTime,
    endTime: s.endTime,
    desks: s.desks,
    slotMinutes: s.slotMinutes ?? 15,
    changeoverMinutes: s.changeoverMinutes ?? 0,
    setupMinutes: s.setupMinutes ?? 0,
    teardownMinutes: s.teardownMinutes ?? 0,
    travelBeforeMinutes: s.travelBeforeMinutes ?? 0,
    travelAfterMinutes: s.travelAfterMinutes ?? 0,
  };
}

/**
 * Plans one office day or a recurring series (RRULE). Saxon public holidays and exception dates
 * are skipped and reported; a kit bound elsewhere at the time refuses the whole plan. With
 * `dryRun` nothing is written: the coordinator sees the dates first.
 */
export async function planOfficeDays(
  db: Db,
  actor: AuditActor,
  authorityId: string,
  input: PlanInput,
  options: { dryRun?: boolean } = {},
): Promise<PlanResult> {
  return inTransaction(db, (trx) => planOfficeDaysIn(trx, actor, authorityId, input, options));
}

/**
 * The same inside a transaction the caller holds (the tour planner accepts several days at once,
 * all or none): the same checks, duplicate and overlap rules, audit and demand announcement.
 */
export async function planOfficeDaysIn(
  trx: Transaction<Database>,
  actor: AuditActor,
  authorityId: string,
  input: PlanInput,
  options: { dryRun?: boolean } = {},
): Promise<PlanResult> {
  checkWindow(input);
  const today = todayInBerlin();
  if (input.date < today) {
    throw new AppError('OFFICE_DAY_IN_PAST', {}, [{ path: '/date', code: 'dateInPast' }]);
  }
  let dates: IsoDate[];
  let skipped: PlanResult['skipped'] = [];
  let rrule: string | null = null;
  if (input.recurrence) {
    rrule = normaliseRrule(input.recurrence.rrule);
    const expansion = expandRecurrence({
      rrule,
      firstDate: input.date,
      lastDate: input.recurrence.lastDate,
      exdates: input.recurrence.exdates ?? [],
    });
    dates = expansion.dates;
    skipped = expansion.skipped;
  } else {
    const holiday = saxonHoliday(input.date);
    if (holiday) {
      throw new AppError('OFFICE_DAY_ON_HOLIDAY', { date: input.date, holiday }, [
        { path: '/date', code: 'holiday' },
      ]);
    }
    dates = [input.date];
  }
  if (dates.length === 0) throw new AppError('OFFICE_DAY_NO_DATES');

  {
    const location = await checkLocation(trx, authorityId, input.locationId);
    await checkServices(trx, authorityId, input.serviceIds);
    const clashes = await lockAndFindClashes(trx, {
      authorityId,
      locationId: input.locationId,
      windows: dates.map((date) => ({ date, startTime: input.startTime, endTime: input.endTime })),
    });
    const identical = clashes.filter((c) => c.kind === 'identical');
    if (!input.recurrence && identical.length > 0) {
      throw clashError('OFFICE_DAY_DUPLICATE', identical, location.name);
    }
    if (clashes.length > 0 && !input.allowOverlap) {
      throw clashError('OFFICE_DAY_CLASH', clashes, location.name);
    }
    if (identical.length > 0) {
      // A series confirmed "trotzdem": the dates already planned exactly so are left out, not doubled.
      const planned = new Set(identical.map((c) => c.date));
      dates = dates.filter((d) => !planned.has(d));
      skipped = [
        ...skipped,
        ...[...planned].map((date) => ({ date, reason: 'already_planned' as const })),
      ].sort((a, b) => a.date.localeCompare(b.date));
      if (dates.length === 0) throw new AppError('OFFICE_DAY_NO_DATES');
    }
    if (input.kitId) {
      for (const date of dates) {
        await assertKitFree(trx, {
          authorityId,
          kitId: input.kitId,
          date,
          busy: kitOccupancy(settingsPlan(date, input)),
        });
      }
    }
    const loc = toLocation(location);
    if (options.dryRun) {
      const now = new Date();
      const preview = dates.map((date) =>
        toOfficeDayView(
          {
            id: uuidv7(),
            series_id: null,
            status: 'planned',
            cancel_reason: null,
            version: 1,
            created_at: now,
            updated_at: now,
            ...rowValues(authorityId, input.locationId, date, input),
          } as OfficeDayRow,
          loc,
        ),
      );
      return { created: preview, skipped, seriesId: null };
    }
    let seriesId: string | null = null;
    if (input.recurrence && rrule) {
      seriesId = uuidv7();
      await trx
        .insertInto('office_day_series')
        .values({
          id: seriesId,
          authority_id: authorityId,
          location_id: input.locationId,
          rrule,
          first_date: input.date,
          last_date: input.recurrence.lastDate,
          start_time: input.startTime,
          end_time: input.endTime,
          exdates: input.recurrence.exdates ?? [],
          created_by: actor.userId,
        })
        .execute();
    }
    const rows = await trx
      .insertInto('office_days')
      .values(
        dates.map((date) => ({
          id: uuidv7(),
          series_id: seriesId,
          ...rowValues(authorityId, input.locationId, date, input),
        })),
      )
      .returningAll()
      .execute()
      .catch((error) =>
        duplicateFromIndex(error, location.name, {
          kind: 'identical',
          date: dates[0]!,
          officeDayId: '',
          startTime: input.startTime,
          endTime: input.endTime,
          seriesId: null,
        }),
      );
    const created = rows.map((r) => toOfficeDayView(r, loc));
    await recordAudit(trx, actor, {
      action: 'office_day.plan',
      resourceType: seriesId ? 'office_day_series' : 'office_day',
      resourceId: seriesId ?? rows[0]!.id,
      after: {
        locationId: input.locationId,
        dates,
        startTime: input.startTime,
        endTime: input.endTime,
        desks: input.desks,
        kitId: input.kitId ?? null,
        rrule,
      },
      // A plan confirmed despite overlapping days keeps what it overlapped with.
      details: { skipped, ...(clashes.length ? { overlapsConfirmed: clashes } : {}) },
    });
    if (location.village_id) {
      await enqueueJob(trx, {
        type: 'booking.demand-announce',
        authorityId,
        payload: { villageId: location.village_id },
        dedupeKey: `demand-announce:${location.village_id}`,
      });
    }
    return { created, skipped, seriesId };
  }
}

export interface OfficeDayPatch extends Partial<OfficeDaySettings> {
  date?: IsoDate;
  /** "Trotzdem ändern": keep the change even where another office day at the place overlaps. */
  allowOverlap?: boolean;
}

export interface ChangeResult {
  officeDay: OfficeDayView;
  affected: ImpactedAppointment[];
  applied: boolean;
  /** With "this and all following days": how many days the cancellation covers. */
  cancelledDays?: number;
}

/**
 * Moves or changes an office day. Appointments that no longer fit (another date, a shorter window,
 * fewer desks) are listed; with `apply` they are cancelled and every citizen is told, with a link
 * to book again. The preview and the change run the same computation.
 */
export async function changeOfficeDay(
  db: Db,
  actor: AuditActor,
  authorityId: string,
  id: string,
  patch: OfficeDayPatch,
  options: { apply: boolean; publicUrl: string },
): Promise<ChangeResult> {
  return inTransaction(db, async (trx) => {
    const before = await lockOfficeDay(trx, id);
    if (before.authority_id !== authorityId) throw new AppError('OFFICE_DAY_NOT_FOUND');
    if (before.status === 'cancelled') throw new AppError('OFFICE_DAY_CANCELLED');
    const today = todayInBerlin();
    if (before.date < today) throw new AppError('OFFICE_DAY_IN_PAST');
    const settings: OfficeDaySettings = {
      startTime: patch.startTime ?? before.start_time,
      endTime: patch.endTime ?? before.end_time,
      desks: patch.desks ?? before.desks,
      kitId: patch.kitId !== undefined ? patch.kitId : before.kit_id,
      slotMinutes: patch.slotMinutes ?? before.slot_minutes,
      changeoverMinutes: patch.changeoverMinutes ?? before.changeover_minutes,
      setupMinutes: patch.setupMinutes ?? before.setup_minutes,
      teardownMinutes: patch.teardownMinutes ?? before.teardown_minutes,
      travelBeforeMinutes: patch.travelBeforeMinutes ?? before.travel_before_minutes,
      travelAfterMinutes: patch.travelAfterMinutes ?? before.travel_after_minutes,
      serviceIds: patch.serviceIds !== undefined ? patch.serviceIds : before.service_ids,
      note: patch.note !== undefined ? patch.note : before.note,
    };
    const date = patch.date ?? before.date;
    checkWindow(settings);
    if (date < today) throw new AppError('OFFICE_DAY_IN_PAST', {}, [{ path: '/date', code: 'dateInPast' }]);
    const holiday = saxonHoliday(date);
    if (holiday) {
      throw new AppError('OFFICE_DAY_ON_HOLIDAY', { date, holiday }, [{ path: '/date', code: 'holiday' }]);
    }
    await checkServices(trx, authorityId, patch.serviceIds);
    const afterPlan = settingsPlan(date, settings);
    serviceWindow(afterPlan);
    if (
      date !== before.date ||
      settings.startTime !== before.start_time ||
      settings.endTime !== before.end_time
    ) {
      const clashes = await lockAndFindClashes(trx, {
        authorityId,
        locationId: before.location_id,
        windows: [{ date, startTime: settings.startTime, endTime: settings.endTime }],
        exceptOfficeDayId: id,
      });
      const name = (await loadLocations(trx, [before.location_id])).get(before.location_id)?.name ?? '';
      const identical = clashes.filter((c) => c.kind === 'identical');
      if (identical.length > 0) throw clashError('OFFICE_DAY_DUPLICATE', identical, name);
      if (clashes.length > 0 && !patch.allowOverlap) throw clashError('OFFICE_DAY_CLASH', clashes, name);
    }
    if (settings.kitId) {
      await assertKitFree(trx, {
        authorityId,
        kitId: settings.kitId,
        date,
        busy: kitOccupancy(afterPlan),
        exceptOfficeDayId: id,
      });
    }
    const impact = await previewOfficeDayImpact(
      trx,
      planOf(before),
      afterPlan,
      id,
      settings.serviceIds ?? null,
      before.service_ids,
    );
    const location = (await loadLocations(trx, [before.location_id])).get(before.location_id)!;
    if (!options.apply) {
      const preview = toOfficeDayView(
        { ...before, ...rowValues(authorityId, before.location_id, date, settings) } as OfficeDayRow,
        location,
      );
      return { officeDay: preview, affected: impact.affected, applied: false };
    }
    const row = await trx
      .updateTable('office_days')
      .set({
        ...rowValues(authorityId, before.location_id, date, settings),
        version: before.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow()
      .catch((error) =>
        duplicateFromIndex(error, location.name, {
          kind: 'identical',
          date,
          officeDayId: '',
          startTime: settings.startTime,
          endTime: settings.endTime,
          seriesId: null,
        }),
      );
    const view = toOfficeDayView(row, location);
    await applyOfficeDayImpact(trx, actor, {
      officeDay: view,
      before: { date: before.date, startTime: before.start_time, endTime: before.end_time },
      impact,
      reason: 'office_day_moved',
      publicUrl: options.publicUrl,
    });
    await recordAudit(trx, actor, {
      action: 'office_day.change',
      resourceType: 'office_day',
      resourceId: id,
      before: toOfficeDayView(before, location),
      after: view,
      details: { affected: impact.affected.map((a) => a.id) },
    });
    return { officeDay: view, affected: impact.affected, applied: true };
  });
}

/**
 * Cancels an office day: every appointment on it is cancelled and its citizen told, with a link
 * to book another day. A day of a series is recorded as the series' exception (EXDATE).
 */
export async function cancelOfficeDay(
  db: Db,
  actor: AuditActor,
  authorityId: string,
  id: string,
  input: { reason: string; scope?: 'day' | 'following' },
  options: { apply: boolean; publicUrl: string },
): Promise<ChangeResult> {
  return inTransaction(db, async (trx) => {
    const first = await lockOfficeDay(trx, id);
    if (first.authority_id !== authorityId) throw new AppError('OFFICE_DAY_NOT_FOUND');
    if (first.status === 'cancelled') throw new AppError('OFFICE_DAY_CANCELLED');
    // "This and all following days" of a series: the planned days from this one on, in date order.
    const following =
      input.scope === 'following' && first.series_id
        ? await trx
            .selectFrom('office_days')
            .select('id')
            .where('series_id', '=', first.series_id)
            .where('authority_id', '=', authorityId)
            .where('status', '=', 'planned')
            .where('date', '>', first.date)
            .orderBy('date')
            .execute()
        : [];
    const days = [first];
    for (const f of following) days.push(await lockOfficeDay(trx, f.id));
    let result: ChangeResult | undefined;
    const affected: ImpactedAppointment[] = [];
    for (const before of days) {
      const one = await cancelLockedDay(trx, actor, before, input.reason, options);
      result ??= one;
      affected.push(...one.affected);
    }
    if (options.apply && input.scope === 'following' && first.series_id) {
      // The series ends before this day, so it plans no more days after it.
      await sql`update office_day_series set last_date = greatest(first_date, ${first.date}::date - 1)
        where id = ${first.series_id}`.execute(trx);
    }
    return { ...result!, affected, cancelledDays: days.length };
  });
}

/** Cancels one locked office day (or previews it): its appointments are cancelled and notified. */
async function cancelLockedDay(
  trx: Executor,
  actor: AuditActor,
  before: OfficeDayRow,
  reason: string,
  options: { apply: boolean; publicUrl: string },
): Promise<ChangeResult> {
  const id = before.id;
  const impact = await previewOfficeDayImpact(trx, planOf(before), null, id, null, null);
  const location = (await loadLocations(trx, [before.location_id])).get(before.location_id)!;
  if (!options.apply) {
    return {
      officeDay: toOfficeDayView({ ...before, status: 'cancelled', cancel_reason: reason }, location),
      affected: impact.affected,
      applied: false,
    };
  }
  const row = await trx
    .updateTable('office_days')
    .set({
      status: 'cancelled',
      cancel_reason: reason,
      version: before.version + 1,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  if (before.series_id) {
    await sql`update office_day_series set exdates = array_append(exdates, ${before.date}::date) where id = ${before.series_id}`.execute(
      trx,
    );
  }
  const view = toOfficeDayView(row, location);
  await applyOfficeDayImpact(trx, actor, {
    officeDay: view,
    before: { date: before.date, startTime: before.start_time, endTime: before.end_time },
    impact,
    reason: 'office_day_cancelled',
    publicUrl: options.publicUrl,
  });
  await recordAudit(trx, actor, {
    action: 'office_day.cancel',
    resourceType: 'office_day',
    resourceId: id,
    before: toOfficeDayView(before, location),
    after: view,
    details: { reason, affected: impact.affected.map((a) => a.id) },
  });
  return { officeDay: view, affected: impact.affected, applied: true };
}

// ---------------------------------------------------------------------------------------------
// Public schedule
// ---------------------------------------------------------------------------------------------

export interface VillageSchedule {
  id: string;
  name: string;
  kind: string;
  parentVillageId: string | null;
  municipalityId: string;
  municipalityName: string;
  /** The next planned office day in the village (or its Ortsteil / Ortslagen). */
  nextOfficeDay: string | null;
  upcoming: number;
}

/** Every village with its next office day: the choice on "Wann kommt das Bürgerbüro zu mir?". */
/** Villages of the scope's authority with their next office days. */
export async function listVillageSchedule(db: Executor, now = new Date()): Promise<VillageSchedule[]> {
  const authority = filterAuthorityId();
  const rows = await db
    .selectFrom('villages as v')
    .innerJoin('municipalities as m', 'm.id', 'v.municipality_id')
    .select([
      'v.id',
      'v.name',
      'v.kind',
      'v.parent_village_id',
      'v.municipality_id',
      'm.name as municipality_name',
    ])
    .$if(!!authority, (q) => q.where('v.authority_id', '=', authority!))
    .execute();
  // German order (Ü with U) in JavaScript: database collations differ between PGlite and servers (#10).
  const villages = [...rows].sort(
    (a, b) => compareText(a.municipality_name, b.municipality_name) || compareText(a.name, b.name),
  );
  const days = await db
    .selectFrom('office_days as o')
    .innerJoin('locations as l', 'l.id', 'o.location_id')
    .select(['l.village_id', 'o.date'])
    .$if(!!authority, (q) => q.where('o.authority_id', '=', authority!))
    .where('o.status', '=', 'planned')
    .where('o.date', '>=', todayInBerlin(now))
    .where('o.ends_at', '>', now)
    .orderBy('o.date')
    .execute();
  return villages.map((v) => {
    const related = new Set([v.id, ...(v.parent_village_id ? [v.parent_village_id] : [])]);
    for (const c of villages) if (c.parent_village_id === v.id) related.add(c.id);
    const mine = days.filter((d) => d.village_id && related.has(d.village_id));
    return {
      id: v.id,
      name: v.name,
      kind: v.kind,
      parentVillageId: v.parent_village_id,
      municipalityId: v.municipality_id,
      municipalityName: v.municipality_name,
      nextOfficeDay: mine[0]?.date ?? null,
      upcoming: mine.length,
    };
  });
}
