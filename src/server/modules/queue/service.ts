import { type Selectable, sql } from 'kysely';
import { normaliseReference } from '../../../core/booking/contact';
import { uuidv7 } from '../../../core/ids';
import type { IsoDate } from '../../../core/time';
import type { Db, Executor } from '../../db/database';
import { filterAuthorityId } from '../../db/scope';
import { inTransaction, pgConstraint, pgErrorCode } from '../../db/transaction';
import { AppError } from '../../http/errors';
import { type AuditActor, recordAudit } from '../audit/service';
import { listOfficeDayAppointments, markAttendance } from '../booking/service';
import { getPublishedServicesByIds } from '../catalog/service';
import { todayInBerlin } from '../schedule/service';
import { forgetHeadsUp } from './heads-up';
import type { QueueCallsTable, TicketKind, TicketStatus, TicketsTable } from './tables';
import { casesOfTickets, type TicketCase } from './ticket-cases';

/**
 * The queue on an office day at one location: booked citizens check in, walk-ins draw a ticket,
 * clerks call the next one (FOR UPDATE SKIP LOCKED: two clerks never get the same person), recall,
 * serve and finish; after N calls without anyone coming forward a ticket is a no-show.
 * Every function takes an executor and an actor, so the field kit can record the same steps
 * it made offline inside its own sync transaction.
 */
export interface QueueSettings {
  noShowAfterCalls: number;
}

export interface TicketView {
  id: string;
  code: string;
  kind: TicketKind;
  status: TicketStatus;
  locationId: string;
  officeDayId: string | null;
  date: IsoDate;
  appointmentId: string | null;
  /** For staff only: the booked citizen's name (never shown on the display). */
  name: string | null;
  bookingNumber: string | null;
  appointmentStartsAt: string | null;
  services: { id: string; name: { de: string; en: string } }[];
  callCount: number;
  deskLabel: string | null;
  arrivedAt: string;
  firstCalledAt: string | null;
  lastCalledAt: string | null;
  servedAt: string | null;
  finishedAt: string | null;
  /** Minutes from arrival to the first call, and from start to finish of the service. */
  waitingMinutes: number | null;
  serviceMinutes: number | null;
  /** Cases captured while serving this ticket. */
  cases: TicketCase[];
}

type TicketRow = Selectable<TicketsTable>;

const minutesBetween = (a: Date | null, b: Date | null) =>
  a && b ? Math.max(0, Math.round((b.getTime() - a.getTime()) / 60_000)) : null;

async function toViews(db: Executor, rows: TicketRow[]): Promise<TicketView[]> {
  const appointmentIds = rows.map((r) => r.appointment_id).filter((id): id is string => !!id);
  const appointments = appointmentIds.length
    ? await db
        .selectFrom('appointments')
        .select(['id', 'name', 'booking_number', 'starts_at'])
        .where('id', 'in', appointmentIds)
        .execute()
    : [];
  const byId = new Map(appointments.map((a) => [a.id, a]));
  const cases = await casesOfTickets(
    db,
    rows.map((r) => r.id),
  );
  const services = new Map(
    (await getPublishedServicesByIds(db, [...new Set(rows.flatMap((r) => r.service_ids))])).map((s) => [
      s.id,
      s,
    ]),
  );
  return rows.map((r) => {
    const a = r.appointment_id ? byId.get(r.appointment_id) : undefined;
    return {
      id: r.id,
      code: r.code,
      kind: r.kind,
      status: r.status,
      locationId: r.location_id,
      officeDayId: r.office_day_id,
      date: r.service_date,
      appointmentId: r.appointment_id,
      name: a?.name ?? null,
      bookingNumber: a?.booking_number ?? null,
      appointmentStartsAt: a?.starts_at.toISOString() ?? null,
      services: r.service_ids
        .map((id) => services.get(id))
        .filter((s) => !!s)
        .map((s) => ({ id: s!.id, name: s!.name })),
      callCount: r.call_count,
      deskLabel: r.desk_label,
      arrivedAt: r.arrived_at.toISOString(),
      firstCalledAt: r.first_called_at?.toISOString() ?? null,
      lastCalledAt: r.last_called_at?.toISOString() ?? null,
      servedAt: r.served_at?.toISOString() ?? null,
      finishedAt: r.finished_at?.toISOString() ?? null,
      waitingMinutes: minutesBetween(r.arrived_at, r.first_called_at),
      serviceMinutes: minutesBetween(r.served_at, r.finished_at),
      cases: cases.get(r.id) ?? [],
    };
  });
}

async function assertLocation(db: Executor, authorityId: string, locationId: string) {
  const location = await db
    .selectFrom('locations')
    .select(['id', 'slug', 'name'])
    .where('id', '=', locationId)
    .where('authority_id', '=', authorityId)
    .executeTakeFirst();
  if (!location) throw new AppError('LOCATION_UNKNOWN');
  return location;
}

async function officeDayAt(db: Executor, locationId: string, date: IsoDate): Promise<string | null> {
  const row = await db
    .selectFrom('office_days')
    .select('id')
    .where('location_id', '=', locationId)
    .where('date', '=', date)
    .where('status', '=', 'planned')
    .orderBy('starts_at')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** The next number of the day for a prefix at a location (atomic: one statement, no gaps between clerks). */
async function nextNumber(trx: Executor, locationId: string, date: IsoDate, prefix: string): Promise<number> {
  const row = await sql<{ last_number: number }>`
    insert into ticket_counters (location_id, service_date, prefix, last_number)
    values (${locationId}, ${date}, ${prefix}, 1)
    on conflict (location_id, service_date, prefix)
    do update set last_number = ticket_counters.last_number + 1
    returning last_number`.execute(trx);
  return row.rows[0]!.last_number;
}

export function ticketCode(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(3, '0')}`;
}

export interface WalkInInput {
  locationId: string;
  date?: IsoDate;
  serviceIds?: string[];
}

/** A walk-in draws a ticket: A001, A002, … per location and day. */
export async function issueWalkIn(
  trx: Executor,
  actor: AuditActor,
  authorityId: string,
  input: WalkInInput,
): Promise<TicketView> {
  await assertLocation(trx, authorityId, input.locationId);
  const date = input.date ?? todayInBerlin();
  if (input.serviceIds?.length) {
    const found = await getPublishedServicesByIds(trx, input.serviceIds);
    if (found.length !== new Set(input.serviceIds).size) {
      throw new AppError('SERVICE_UNKNOWN', {}, [{ path: '/serviceIds', code: 'unknown' }]);
    }
  }
  const number = await nextNumber(trx, input.locationId, date, 'A');
  const now = new Date();
  const row = await trx
    .insertInto('tickets')
    .values({
      id: uuidv7(),
      authority_id: authorityId,
      location_id: input.locationId,
      office_day_id: await officeDayAt(trx, input.locationId, date),
      service_date: date,
      prefix: 'A',
      number,
      code: ticketCode('A', number),
      kind: 'walk_in',
      appointment_id: null,
      service_ids: input.serviceIds ?? [],
      sort_at: now,
      desk_label: null,
      clerk_id: null,
      first_called_at: null,
      last_called_at: null,
      served_at: null,
      finished_at: null,
      kit_id: actor.kitId,
      kit_ref: null,
      created_by: actor.userId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(trx, actor, {
    action: 'ticket.walk_in',
    resourceType: 'ticket',
    resourceId: row.id,
    details: { code: row.code, locationId: row.location_id },
  });
  return (await toViews(trx, [row]))[0]!;
}

/**
 * A booked citizen arrives: by appointment id or booking number (typed or read out: spaces and
 * case do not matter). Their ticket is ordered by the appointment time.
 */
export async function checkIn(
  trx: Executor,
  actor: AuditActor,
  authorityId: string,
  input: { locationId: string; appointmentId?: string; bookingNumber?: string; date?: IsoDate },
): Promise<TicketView> {
  await assertLocation(trx, authorityId, input.locationId);
  const date = input.date ?? todayInBerlin();
  let q = trx
    .selectFrom('appointments')
    .select(['id', 'location_id', 'service_date', 'status', 'service_ids', 'starts_at', 'office_day_id'])
    .where('authority_id', '=', authorityId);
  if (input.appointmentId) q = q.where('id', '=', input.appointmentId);
  else {
    const number = normaliseReference(input.bookingNumber ?? '', 'T');
    if (!number) throw new AppError('VALIDATION_FAILED', {}, [{ path: '/bookingNumber', code: 'pattern' }]);
    q = q.where('booking_number', '=', number);
  }
  const appointment = await q.executeTakeFirst();
  if (!appointment || appointment.status === 'held' || appointment.status === 'expired') {
    throw new AppError('APPOINTMENT_NOT_FOUND');
  }
  if (appointment.location_id !== input.locationId || appointment.service_date !== date) {
    throw new AppError('CHECKIN_WRONG_DAY');
  }
  if (appointment.status !== 'booked')
    throw new AppError('BOOKING_NOT_ACTIVE', { status: appointment.status });
  const existing = await trx
    .selectFrom('tickets')
    .select('code')
    .where('appointment_id', '=', appointment.id)
    .executeTakeFirst();
  if (existing) throw new AppError('ALREADY_CHECKED_IN', { code: existing.code });
  const number = await nextNumber(trx, input.locationId, date, 'T');
  let row: TicketRow;
  try {
    row = await trx
      .insertInto('tickets')
      .values({
        id: uuidv7(),
        authority_id: authorityId,
        location_id: input.locationId,
        office_day_id: appointment.office_day_id,
        service_date: date,
        prefix: 'T',
        number,
        code: ticketCode('T', number),
        kind: 'appointment',
        appointment_id: appointment.id,
        service_ids: appointment.service_ids,
        sort_at: appointment.starts_at,
        desk_label: null,
        clerk_id: null,
        first_called_at: null,
        last_called_at: null,
        served_at: null,
        finished_at: null,
        kit_id: actor.kitId,
        kit_ref: null,
        created_by: actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (error) {
    if (pgErrorCode(error) === '23505' && (pgConstraint(error) ?? '').includes('appointment')) {
      throw new AppError('ALREADY_CHECKED_IN', { code: '?' });
    }
    throw error;
  }
  await recordAudit(trx, actor, {
    action: 'ticket.check_in',
    resourceType: 'ticket',
    resourceId: row.id,
    details: { code: row.code, appointmentId: appointment.id },
  });
  return (await toViews(trx, [row]))[0]!;
}

export interface CallResult {
  ticket: TicketView;
  call: { id: string; code: string; deskLabel: string; kind: 'call' | 'recall'; calledAt: string } | null;
  /**
   * True when the desk already had an active call: "call next" then answers with that ticket and
   * its last call instead of calling someone else (a double click, a second tab, a retry).
   */
  alreadyActive?: boolean;
}

/** A desk's label as stored and compared: surrounding and repeated spaces removed. */
export function normaliseDeskLabel(label: string): string {
  return label.trim().replace(/\s+/g, ' ');
}

/**
 * Serialises everything that calls to one desk (location, day, desk label without case), so a
 * double click or two tabs of the same desk cannot both call someone. The partial unique index
 * tickets_one_active_call_per_desk is the database's guarantee behind this lock.
 */
async function lockDesk(trx: Executor, locationId: string, date: IsoDate, deskLabel: string): Promise<void> {
  const key = `desk:${locationId}:${date}:${deskLabel.toLowerCase()}`;
  await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
}

/** The ticket a desk has called or is serving (at most one: see lockDesk). */
async function activeAtDesk(
  trx: Executor,
  locationId: string,
  date: IsoDate,
  deskLabel: string,
): Promise<TicketRow | undefined> {
  return trx
    .selectFrom('tickets')
    .selectAll()
    .where('location_id', '=', locationId)
    .where('service_date', '=', date)
    .where('status', 'in', ['called', 'serving'])
    .where('kit_ref', 'is', null)
    .where(sql<string>`lower(desk_label)`, '=', deskLabel.toLowerCase())
    .orderBy('last_called_at', 'desc')
    .executeTakeFirst();
}

function isDeskTaken(error: unknown): boolean {
  return pgErrorCode(error) === '23505' && pgConstraint(error) === 'tickets_one_active_call_per_desk';
}

async function recordCall(
  trx: Executor,
  actor: AuditActor,
  row: TicketRow,
  deskLabel: string,
  kind: 'call' | 'recall',
): Promise<NonNullable<CallResult['call']>> {
  const call = await trx
    .insertInto('queue_calls')
    .values({
      id: uuidv7(),
      authority_id: row.authority_id,
      location_id: row.location_id,
      service_date: row.service_date,
      ticket_id: row.id,
      code: row.code,
      desk_label: deskLabel,
      kind,
      called_by: actor.userId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toDisplayCall(call);
}

/**
 * Calls the next waiting citizen to this desk. A desk has at most one active call: when it has
 * called someone (or is serving them), a second "call next" answers with that ticket and calls
 * nobody else. The next ticket is claimed with FOR UPDATE SKIP LOCKED, so a second clerk calling
 * at the same moment skips it and gets the one after.
 */
export async function callNext(
  db: Db,
  actor: AuditActor,
  authorityId: string,
  input: { locationId: string; deskLabel: string; date?: IsoDate },
): Promise<CallResult> {
  const deskLabel = normaliseDeskLabel(input.deskLabel);
  if (!deskLabel) throw new AppError('VALIDATION_FAILED', {}, [{ path: '/deskLabel', code: 'required' }]);
  const attempt = () =>
    inTransaction(db, async (trx) => {
      await assertLocation(trx, authorityId, input.locationId);
      const date = input.date ?? todayInBerlin();
      await lockDesk(trx, input.locationId, date, deskLabel);
      const active = await activeAtDesk(trx, input.locationId, date, deskLabel);
      if (active) {
        const last = await trx
          .selectFrom('queue_calls')
          .selectAll()
          .where('ticket_id', '=', active.id)
          .orderBy('called_at', 'desc')
          .orderBy('id', 'desc')
          .executeTakeFirst();
        return {
          ticket: (await toViews(trx, [active]))[0]!,
          call: last ? toDisplayCall(last) : null,
          alreadyActive: true,
        };
      }
      const next = await trx
        .selectFrom('tickets')
        .selectAll()
        .where('location_id', '=', input.locationId)
        .where('service_date', '=', date)
        .where('status', '=', 'waiting')
        .orderBy('sort_at')
        .orderBy('number')
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!next) throw new AppError('QUEUE_EMPTY');
      const now = new Date();
      const row = await trx
        .updateTable('tickets')
        .set({
          status: 'called',
          call_count: 1,
          desk_label: deskLabel,
          clerk_id: actor.userId,
          first_called_at: now,
          last_called_at: now,
        })
        .where('id', '=', next.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const call = await recordCall(trx, actor, row, deskLabel, 'call');
      await recordAudit(trx, actor, {
        action: 'ticket.call',
        resourceType: 'ticket',
        resourceId: row.id,
        details: { code: row.code, desk: deskLabel },
      });
      return { ticket: (await toViews(trx, [row]))[0]!, call, alreadyActive: false };
    });
  try {
    return await attempt();
  } catch (error) {
    // Only reachable if a call bypassed the desk lock: the index refused it; the retry answers
    // with the call that won.
    if (isDeskTaken(error)) return attempt();
    throw error;
  }
}

async function lockTicket(trx: Executor, authorityId: string, id: string): Promise<TicketRow> {
  const row = await trx
    .selectFrom('tickets')
    .selectAll()
    .where('id', '=', id)
    .where('authority_id', '=', authorityId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new AppError('TICKET_NOT_FOUND');
  return row;
}

/**
 * Calls the same ticket again. When it has been called the configured number of times
 * (QUEUE_NO_SHOW_AFTER_CALLS) without the citizen coming forward, it becomes a no-show instead.
 */
export async function recall(
  db: Db,
  settings: QueueSettings,
  actor: AuditActor,
  authorityId: string,
  id: string,
  input: { deskLabel: string },
): Promise<CallResult> {
  return inTransaction(db, async (trx) => {
    const before = await lockTicket(trx, authorityId, id);
    if (before.status !== 'called') throw new AppError('TICKET_STATE', { status: before.status });
    if (before.call_count >= settings.noShowAfterCalls) {
      const row = await setStatus(trx, actor, before, 'no_show');
      return { ticket: (await toViews(trx, [row]))[0]!, call: null };
    }
    const deskLabel = normaliseDeskLabel(input.deskLabel);
    if (!deskLabel) throw new AppError('VALIDATION_FAILED', {}, [{ path: '/deskLabel', code: 'required' }]);
    if (before.kit_ref === null && deskLabel.toLowerCase() !== (before.desk_label ?? '').toLowerCase()) {
      // Calling the ticket to another desk: that desk must be free.
      await lockDesk(trx, before.location_id, before.service_date, deskLabel);
      const other = await activeAtDesk(trx, before.location_id, before.service_date, deskLabel);
      if (other && other.id !== id) throw new AppError('DESK_BUSY', { desk: deskLabel, code: other.code });
    }
    const row = await trx
      .updateTable('tickets')
      .set({ call_count: before.call_count + 1, last_called_at: new Date(), desk_label: deskLabel })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const call = await recordCall(trx, actor, row, deskLabel, 'recall');
    await recordAudit(trx, actor, {
      action: 'ticket.recall',
      resourceType: 'ticket',
      resourceId: id,
      details: { code: row.code, calls: row.call_count },
    });
    return { ticket: (await toViews(trx, [row]))[0]!, call };
  });
}

const TRANSITIONS: Record<'serving' | 'done' | 'no_show' | 'cancelled' | 'waiting', TicketStatus[]> = {
  serving: ['called'],
  done: ['called', 'serving'],
  no_show: ['called'],
  cancelled: ['waiting', 'called'],
  waiting: ['called'],
};

async function setStatus(
  trx: Executor,
  actor: AuditActor,
  before: TicketRow,
  status: keyof typeof TRANSITIONS,
  at = new Date(),
): Promise<TicketRow> {
  if (!TRANSITIONS[status].includes(before.status))
    throw new AppError('TICKET_STATE', { status: before.status });
  const row = await trx
    .updateTable('tickets')
    .set({
      status,
      ...(status === 'serving' ? { served_at: at } : {}),
      ...(status === 'done'
        ? { finished_at: at, served_at: before.served_at ?? before.last_called_at ?? at }
        : {}),
      ...(status === 'no_show' || status === 'cancelled' ? { finished_at: at } : {}),
      ...(status === 'waiting' ? { desk_label: null, clerk_id: null } : {}),
    })
    .where('id', '=', before.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  // The heads-up address is needed only while the ticket is open (data minimisation, #14).
  if (status === 'done' || status === 'no_show' || status === 'cancelled')
    await forgetHeadsUp(trx, before.id);
  // A booked citizen who is being served has come: the appointment counts as attended from then
  // on (#10), not only once the clerk presses "Fertig".
  if (before.appointment_id && (status === 'serving' || status === 'done' || status === 'no_show')) {
    await markAttendance(trx, before.appointment_id, status === 'no_show' ? 'no_show' : 'attended');
  }
  await recordAudit(trx, actor, {
    action: `ticket.${status}`,
    resourceType: 'ticket',
    resourceId: before.id,
    details: { code: before.code, from: before.status },
  });
  return row;
}

/** Start serving (served_at), finish (finished_at), no-show, back to waiting, or cancel (the citizen left). */
export async function changeTicket(
  db: Db,
  actor: AuditActor,
  authorityId: string,
  id: string,
  status: keyof typeof TRANSITIONS,
): Promise<TicketView> {
  return inTransaction(db, async (trx) => {
    const before = await lockTicket(trx, authorityId, id);
    const row = await setStatus(trx, actor, before, status);
    return (await toViews(trx, [row]))[0]!;
  });
}

export interface QueueState {
  location: { id: string; slug: string; name: string };
  date: IsoDate;
  officeDayId: string | null;
  tickets: TicketView[];
  stats: {
    waiting: number;
    done: number;
    noShow: number;
    averageWaitingMinutes: number | null;
    averageServiceMinutes: number | null;
  };
}

/** Everything a clerk's queue screen shows (names of booked citizens included: staff only). */
export async function queueState(
  db: Executor,
  authorityId: string,
  input: { locationId: string; date?: IsoDate },
): Promise<QueueState> {
  const location = await assertLocation(db, authorityId, input.locationId);
  const date = input.date ?? todayInBerlin();
  const rows = await db
    .selectFrom('tickets')
    .selectAll()
    .where('location_id', '=', input.locationId)
    .where('service_date', '=', date)
    .orderBy('sort_at')
    .orderBy('number')
    .execute();
  const tickets = await toViews(db, rows);
  const avg = (values: (number | null)[]) => {
    const v = values.filter((x): x is number => x !== null);
    return v.length ? Math.round(v.reduce((a, b) => a + b, 0) / v.length) : null;
  };
  return {
    location,
    date,
    officeDayId: await officeDayAt(db, input.locationId, date),
    tickets,
    stats: {
      waiting: tickets.filter((t) => t.status === 'waiting').length,
      done: tickets.filter((t) => t.status === 'done').length,
      noShow: tickets.filter((t) => t.status === 'no_show').length,
      averageWaitingMinutes: avg(tickets.map((t) => t.waitingMinutes)),
      averageServiceMinutes: avg(tickets.map((t) => t.serviceMinutes)),
    },
  };
}

export interface DisplayCall {
  id: string;
  code: string;
  deskLabel: string;
  kind: 'call' | 'recall';
  calledAt: string;
}

export interface DisplayState {
  location: { slug: string; name: string };
  date: IsoDate;
  calls: DisplayCall[];
  waiting: number;
}

function toDisplayCall(c: Selectable<QueueCallsTable>): DisplayCall {
  return {
    id: c.id,
    code: c.code,
    deskLabel: c.desk_label,
    kind: c.kind,
    calledAt: c.called_at.toISOString(),
  };
}

/** What the waiting-room display shows: today's latest calls (ticket numbers and desks, never names). */
export async function displayState(
  db: Executor,
  slug: string,
): Promise<DisplayState & { locationId: string }> {
  // The display of a place of the portal's authority (ADR 27): /<portal>/aufruf/<place>.
  const authority = filterAuthorityId();
  const location = await db
    .selectFrom('locations')
    .select(['id', 'slug', 'name'])
    .where('slug', '=', slug)
    .$if(!!authority, (q) => q.where('authority_id', '=', authority!))
    .executeTakeFirst();
  if (!location) throw new AppError('NOT_FOUND');
  const date = todayInBerlin();
  const calls = await db
    .selectFrom('queue_calls')
    .selectAll()
    .where('location_id', '=', location.id)
    .where('service_date', '=', date)
    .orderBy('called_at', 'desc')
    .orderBy('id', 'desc')
    .limit(8)
    .execute();
  const waiting = await db
    .selectFrom('tickets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('location_id', '=', location.id)
    .where('service_date', '=', date)
    .where('status', '=', 'waiting')
    .executeTakeFirstOrThrow();
  return {
    locationId: location.id,
    location: { slug: location.slug, name: location.name },
    date,
    calls: calls.map(toDisplayCall),
    waiting: Number(waiting.n),
  };
}

export interface KitTicketInput {
  kitId: string;
  /** The kit's own id for the ticket (UUIDv7 minted offline). */
  kitRef: string;
  locationId: string;
  date: IsoDate;
  /** Number the kit printed, with its prefix (e.g. "K1-007"). */
  code: string;
  kind: TicketKind;
  appointmentId?: string | null;
  serviceIds?: string[];
  status: 'waiting' | 'called' | 'serving' | 'done' | 'no_show' | 'cancelled';
  callCount?: number;
  deskLabel?: string | null;
  arrivedAt: string;
  firstCalledAt?: string | null;
  servedAt?: string | null;
  finishedAt?: string | null;
}

/**
 * A ticket the field kit issued and served offline, recorded once (kit_ref): a repeat delivery
 * returns the stored ticket. Served appointments are marked attended (no-shows as no-show).
 */
export async function recordKitTicket(
  trx: Executor,
  actor: AuditActor,
  authorityId: string,
  input: KitTicketInput,
): Promise<TicketView> {
  const existing = await trx
    .selectFrom('tickets')
    .selectAll()
    .where('kit_ref', '=', input.kitRef)
    .executeTakeFirst();
  if (existing) return (await toViews(trx, [existing]))[0]!;
  await assertLocation(trx, authorityId, input.locationId);
  const prefix = input.code.replace(/[^A-Z0-9].*$/, '') || 'K';
  const number = Number(input.code.replace(/^\D*/, '').replace(/\D/g, '')) || 1;
  const date = (s: string | null | undefined) => (s ? new Date(s) : null);
  const row = await trx
    .insertInto('tickets')
    .values({
      id: uuidv7(),
      authority_id: authorityId,
      location_id: input.locationId,
      office_day_id: await officeDayAt(trx, input.locationId, input.date),
      service_date: input.date,
      prefix,
      number,
      code: input.code,
      kind: input.kind,
      appointment_id: input.appointmentId ?? null,
      service_ids: input.serviceIds ?? [],
      status: input.status,
      sort_at: new Date(input.arrivedAt),
      call_count: input.callCount ?? (input.firstCalledAt ? 1 : 0),
      desk_label: input.deskLabel ?? null,
      clerk_id: actor.userId,
      arrived_at: new Date(input.arrivedAt),
      first_called_at: date(input.firstCalledAt),
      last_called_at: date(input.firstCalledAt),
      served_at: date(input.servedAt),
      finished_at: date(input.finishedAt),
      kit_id: input.kitId,
      kit_ref: input.kitRef,
      created_by: actor.userId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (row.appointment_id && (row.status === 'done' || row.status === 'no_show')) {
    await markAttendance(trx, row.appointment_id, row.status === 'done' ? 'attended' : 'no_show');
  }
  await recordAudit(trx, actor, {
    action: 'ticket.kit_record',
    resourceType: 'ticket',
    resourceId: row.id,
    details: { code: row.code, kitId: input.kitId, status: row.status },
  });
  return (await toViews(trx, [row]))[0]!;
}

export interface CheckInItem {
  appointmentId: string;
  bookingNumber: string;
  name: string | null;
  startsAt: string;
  endsAt: string;
  services: { id: string; name: { de: string; en: string } }[];
  status: string;
  ticketCode: string | null;
}

/** Today's booked citizens at the location, with their ticket once checked in (staff only). */
export async function checkInList(
  db: Executor,
  actor: AuditActor,
  authorityId: string,
  input: { locationId: string; date?: IsoDate },
): Promise<CheckInItem[]> {
  await assertLocation(db, authorityId, input.locationId);
  const date = input.date ?? todayInBerlin();
  const days = await db
    .selectFrom('office_days')
    .select('id')
    .where('location_id', '=', input.locationId)
    .where('date', '=', date)
    .execute();
  const tickets = new Map(
    (
      await db
        .selectFrom('tickets')
        .select(['appointment_id', 'code'])
        .where('location_id', '=', input.locationId)
        .where('service_date', '=', date)
        .where('appointment_id', 'is not', null)
        .execute()
    ).map((t) => [t.appointment_id!, t.code]),
  );
  const items: CheckInItem[] = [];
  for (const d of days) {
    // The queue screen refreshes every few seconds; its view of the day's list is not audited
    // each time (the office day's appointment list is, when opened on its own).
    for (const a of await listOfficeDayAppointments(db, actor, authorityId, d.id, { audit: false })) {
      items.push({
        appointmentId: a.id,
        bookingNumber: a.bookingNumber,
        name: a.name,
        startsAt: a.startsAt,
        endsAt: a.endsAt,
        services: a.services.map((s) => ({ id: s.id, name: s.name })),
        status: a.status,
        ticketCode: tickets.get(a.id) ?? null,
      });
    }
  }
  return items.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
}

/** Locations for the clerk's queue screen, those with an office day on the date first. */
export async function queueLocations(db: Executor, authorityId: string, date = todayInBerlin()) {
  const locations = await db
    .selectFrom('locations')
    .select(['id', 'name', 'slug'])
    .where('authority_id', '=', authorityId)
    .where('active', '=', true)
    .orderBy('name')
    .execute();
  const withDay = new Set(
    (
      await db
        .selectFrom('office_days')
        .select('location_id')
        .where('authority_id', '=', authorityId)
        .where('date', '=', date)
        .where('status', '=', 'planned')
        .execute()
    ).map((r) => r.location_id),
  );
  return locations
    .map((l) => ({ ...l, officeDayToday: withDay.has(l.id) }))
    .sort(
      (a, b) => Number(b.officeDayToday) - Number(a.officeDayToday) || a.name.localeCompare(b.name, 'de'),
    );
}
