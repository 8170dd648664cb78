import type { Selectable, Transaction } from 'kysely';
import { isEmail, newReference, normalisePhone } from '../../../core/booking/contact';
import { uuidv7 } from '../../../core/ids';
import type { Locale } from '../../../core/locale';
import { type IsoDate, zonedDateTimeToInstant } from '../../../core/time';
import type { Database, Db, Executor } from '../../db/database';
import { filterAuthorityId } from '../../db/scope';
import { inTransaction } from '../../db/transaction';
import { AppError, type FieldError } from '../../http/errors';
import { type AuditActor, recordAudit } from '../audit/service';
import { getPublishedServicesByIds } from '../catalog/service';
import { notifyContact } from '../notify/service';
import { HOME_VISIT_RECEIVED, HOME_VISIT_SCHEDULED, HOME_VISIT_UPDATE } from './mail-templates';
import { assertKitFree, todayInBerlin } from './service';
import type { HomeVisitStatus, HomeVisitsTable, RequesterKind } from './tables';

/**
 * Home visits (Hausbesuche): someone who cannot travel — or a relative, a care home, a hotline
 * agent on their behalf — asks for a visit and says why; the coordinator fits it into a kit's
 * tour; the citizen is told the time window.
 */
export interface HomeVisitInput {
  serviceIds: string[];
  requesterKind: RequesterKind;
  requesterName?: string | null;
  personName: string;
  street: string;
  postalCode: string;
  city: string;
  villageId?: string | null;
  email?: string | null;
  phone?: string | null;
  reason: string;
  locale: Locale;
}

export interface HomeVisitView {
  id: string;
  reference: string;
  status: HomeVisitStatus;
  services: { id: string; name: { de: string; en: string } }[];
  requesterKind: RequesterKind;
  requesterName: string | null;
  personName: string;
  street: string;
  postalCode: string;
  city: string;
  municipalityId: string;
  villageId: string | null;
  email: string | null;
  phone: string | null;
  locale: Locale;
  reason: string;
  kitId: string | null;
  scheduledDate: string | null;
  windowStart: string | null;
  windowEnd: string | null;
  travelBeforeMinutes: number;
  travelAfterMinutes: number;
  coordinatorNote: string | null;
  createdAt: string;
}

type Row = Selectable<HomeVisitsTable>;

async function toViews(db: Executor, rows: Row[]): Promise<HomeVisitView[]> {
  const services = new Map(
    (await getPublishedServicesByIds(db, [...new Set(rows.flatMap((r) => r.service_ids))])).map((s) => [
      s.id,
      s,
    ]),
  );
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    status: r.status,
    services: r.service_ids
      .map((id) => services.get(id))
      .filter((s) => !!s)
      .map((s) => ({ id: s!.id, name: s!.name })),
    requesterKind: r.requester_kind,
    requesterName: r.requester_name,
    personName: r.person_name,
    street: r.street,
    postalCode: r.postal_code,
    city: r.city,
    municipalityId: r.municipality_id,
    villageId: r.village_id,
    email: r.email,
    phone: r.phone,
    locale: r.locale,
    reason: r.reason,
    kitId: r.kit_id,
    scheduledDate: r.scheduled_date,
    windowStart: r.window_start?.toISOString() ?? null,
    windowEnd: r.window_end?.toISOString() ?? null,
    travelBeforeMinutes: r.travel_before_minutes,
    travelAfterMinutes: r.travel_after_minutes,
    coordinatorNote: r.coordinator_note,
    createdAt: r.created_at.toISOString(),
  }));
}

/** A request for a home visit. The place must lie in one of the authority's municipalities (by postcode or village). */
export async function requestHomeVisit(
  db: Db,
  actor: AuditActor,
  input: HomeVisitInput,
): Promise<{ reference: string; id: string }> {
  const errors: FieldError[] = [];
  const email = input.email?.trim() || null;
  const phone = input.phone?.trim() || null;
  if (email && !isEmail(email)) errors.push({ path: '/email', code: 'format:email' });
  if (phone && !normalisePhone(phone)) errors.push({ path: '/phone', code: 'format:phone' });
  if (!email && !phone) errors.push({ path: '/phone', code: 'contactRequired' });
  if (input.requesterKind !== 'self' && !input.requesterName?.trim()) {
    errors.push({ path: '/requesterName', code: 'required' });
  }
  if (input.requesterKind === 'hotline' && !actor.userId)
    errors.push({ path: '/requesterKind', code: 'enum' });
  if (errors.length) throw new AppError('VALIDATION_FAILED', {}, errors);
  return inTransaction(db, async (trx) => {
    const services = await getPublishedServicesByIds(trx, input.serviceIds);
    if (services.length !== new Set(input.serviceIds).size) {
      throw new AppError('SERVICE_UNKNOWN', {}, [{ path: '/serviceIds', code: 'unknown' }]);
    }
    const notHome = services.find(
      (s) => !s.channels.includes('home_visit') && !s.channels.includes('mobile'),
    );
    if (notHome) {
      throw new AppError('SERVICE_NOT_OFFERED', { service: notHome.name[input.locale] }, [
        { path: '/serviceIds', code: 'notOffered' },
      ]);
    }
    let municipality: { id: string; authority_id: string } | undefined;
    // A village or postcode of the portal's authority only (ADR 27).
    const authority = filterAuthorityId();
    if (input.villageId) {
      const v = await trx
        .selectFrom('villages')
        .select(['municipality_id as id', 'authority_id'])
        .where('id', '=', input.villageId)
        .$if(!!authority, (q) => q.where('authority_id', '=', authority!))
        .executeTakeFirst();
      if (!v) throw new AppError('VILLAGE_UNKNOWN', {}, [{ path: '/villageId', code: 'unknown' }]);
      municipality = v;
    } else {
      municipality = await trx
        .selectFrom('municipalities')
        .select(['id', 'authority_id'])
        .where('postal_code', '=', input.postalCode)
        .$if(!!authority, (q) => q.where('authority_id', '=', authority!))
        .orderBy('population')
        .executeTakeFirst();
      if (!municipality)
        throw new AppError('VILLAGE_UNKNOWN', {}, [{ path: '/postalCode', code: 'unknown' }]);
    }
    const id = uuidv7();
    const reference = newReference('H');
    await trx
      .insertInto('home_visits')
      .values({
        id,
        authority_id: municipality.authority_id,
        municipality_id: municipality.id,
        village_id: input.villageId ?? null,
        reference,
        service_ids: services.map((s) => s.id),
        requester_kind: input.requesterKind,
        requester_name: input.requesterName?.trim() || null,
        person_name: input.personName.trim(),
        street: input.street.trim(),
        postal_code: input.postalCode.trim(),
        city: input.city.trim(),
        email,
        phone,
        locale: input.locale,
        reason: input.reason.trim(),
        kit_id: null,
        scheduled_date: null,
        window_start: null,
        window_end: null,
        coordinator_note: null,
        created_by: actor.userId,
      })
      .execute();
    await notifyContact(
      trx,
      { email, phone },
      {
        template: HOME_VISIT_RECEIVED,
        locale: input.locale,
        data: { reference, personName: input.personName.trim(), services: services.map((s) => s.name) },
        authorityId: municipality.authority_id,
        related: { type: 'home_visit', id },
      },
    );
    await recordAudit(
      trx,
      { ...actor, authorityId: municipality.authority_id },
      {
        action: 'home_visit.request',
        resourceType: 'home_visit',
        resourceId: id,
        details: { requesterKind: input.requesterKind, services: services.map((s) => s.id) },
      },
    );
    return { reference, id };
  });
}

export async function listHomeVisits(
  db: Executor,
  actor: AuditActor,
  authorityId: string,
  q: { status?: HomeVisitStatus },
): Promise<HomeVisitView[]> {
  let query = db
    .selectFrom('home_visits')
    .selectAll()
    .where('authority_id', '=', authorityId)
    .orderBy('created_at', 'desc')
    .limit(200);
  if (q.status) query = query.where('status', '=', q.status);
  const rows = await query.execute();
  await recordAudit(db, actor, {
    action: 'home_visit.list',
    resourceType: 'home_visit',
    details: { status: q.status ?? null, results: rows.length },
  });
  return toViews(db, rows);
}

export interface ScheduleVisitInput {
  kitId: string;
  date: IsoDate;
  windowStart: string;
  windowEnd: string;
  travelBeforeMinutes?: number;
  travelAfterMinutes?: number;
  note?: string | null;
}

/** Fits a requested visit into a kit's tour (no overlap with its office days and visits) and tells the citizen the window. */
export async function scheduleHomeVisit(
  db: Db,
  actor: AuditActor,
  authorityId: string,
  id: string,
  input: ScheduleVisitInput,
): Promise<HomeVisitView> {
  return inTransaction(db, (trx) => scheduleHomeVisitIn(trx, actor, authorityId, id, input));
}

/** The same inside the caller's transaction (the tour planner fits visits into accepted tours). */
export async function scheduleHomeVisitIn(
  trx: Transaction<Database>,
  actor: AuditActor,
  authorityId: string,
  id: string,
  input: ScheduleVisitInput,
): Promise<HomeVisitView> {
  if (input.date < todayInBerlin()) {
    throw new AppError('OFFICE_DAY_IN_PAST', {}, [{ path: '/date', code: 'dateInPast' }]);
  }
  const start = zonedDateTimeToInstant(input.date, input.windowStart);
  const end = zonedDateTimeToInstant(input.date, input.windowEnd);
  if (end.getTime() <= start.getTime()) {
    throw new AppError('OFFICE_DAY_WINDOW_INVALID', {}, [{ path: '/windowEnd', code: 'timeOrder' }]);
  }
  {
    const before = await trx
      .selectFrom('home_visits')
      .selectAll()
      .where('id', '=', id)
      .where('authority_id', '=', authorityId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw new AppError('HOME_VISIT_NOT_FOUND');
    if (before.status !== 'requested' && before.status !== 'scheduled') {
      throw new AppError('HOME_VISIT_STATE', { status: before.status });
    }
    const travelBefore = input.travelBeforeMinutes ?? 0;
    const travelAfter = input.travelAfterMinutes ?? 0;
    await assertKitFree(trx, {
      authorityId,
      kitId: input.kitId,
      date: input.date,
      busy: {
        start: new Date(start.getTime() - travelBefore * 60_000),
        end: new Date(end.getTime() + travelAfter * 60_000),
      },
      exceptHomeVisitId: id,
    });
    const row = await trx
      .updateTable('home_visits')
      .set({
        status: 'scheduled',
        kit_id: input.kitId,
        scheduled_date: input.date,
        window_start: start,
        window_end: end,
        travel_before_minutes: travelBefore,
        travel_after_minutes: travelAfter,
        coordinator_note: input.note ?? before.coordinator_note,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const [view] = await toViews(trx, [row]);
    await notifyContact(
      trx,
      { email: row.email, phone: row.phone },
      {
        template: HOME_VISIT_SCHEDULED,
        locale: row.locale,
        data: {
          reference: row.reference,
          personName: row.person_name,
          date: input.date,
          windowStart: start.toISOString(),
          windowEnd: end.toISOString(),
          address: `${row.street}, ${row.postal_code} ${row.city}`,
          services: view!.services.map((s) => s.name),
          rescheduled: before.status === 'scheduled',
        },
        authorityId,
        related: { type: 'home_visit', id },
      },
    );
    await recordAudit(trx, actor, {
      action: 'home_visit.schedule',
      resourceType: 'home_visit',
      resourceId: id,
      before: { status: before.status, kitId: before.kit_id, date: before.scheduled_date },
      after: {
        status: 'scheduled',
        kitId: input.kitId,
        date: input.date,
        windowStart: start,
        windowEnd: end,
      },
    });
    return view!;
  }
}

/** Done, declined or cancelled; the citizen hears of a refusal or cancellation. */
export async function closeHomeVisit(
  db: Db,
  actor: AuditActor,
  authorityId: string,
  id: string,
  input: { status: 'done' | 'declined' | 'cancelled'; note?: string | null },
): Promise<HomeVisitView> {
  return inTransaction(db, async (trx) => {
    const before = await trx
      .selectFrom('home_visits')
      .selectAll()
      .where('id', '=', id)
      .where('authority_id', '=', authorityId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw new AppError('HOME_VISIT_NOT_FOUND');
    const allowed: Record<string, HomeVisitStatus[]> = {
      done: ['scheduled'],
      declined: ['requested'],
      cancelled: ['requested', 'scheduled'],
    };
    if (!allowed[input.status]!.includes(before.status)) {
      throw new AppError('HOME_VISIT_STATE', { status: before.status });
    }
    const row = await trx
      .updateTable('home_visits')
      .set({
        status: input.status,
        coordinator_note: input.note ?? before.coordinator_note,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (input.status !== 'done') {
      await notifyContact(
        trx,
        { email: row.email, phone: row.phone },
        {
          template: HOME_VISIT_UPDATE,
          locale: row.locale,
          data: {
            reference: row.reference,
            personName: row.person_name,
            status: input.status,
            note: input.note ?? null,
          },
          authorityId,
          related: { type: 'home_visit', id },
        },
      );
    }
    await recordAudit(trx, actor, {
      action: `home_visit.${input.status}`,
      resourceType: 'home_visit',
      resourceId: id,
      before: { status: before.status },
      after: { status: input.status },
    });
    return (await toViews(trx, [row]))[0]!;
  });
}
