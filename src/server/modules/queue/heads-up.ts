import { sql } from 'kysely';
import { isEmail, normalisePhone } from '../../../core/booking/contact';
import { sortByText } from '../../../core/collation';
import type { Locale } from '../../../core/locale';
import {
  announcedMinutes,
  estimateWaitMinutes,
  headsUpDue,
  SERVICE_SAMPLE_SIZE,
  typicalServiceMinutes,
} from '../../../core/queue/wait-estimate';
import type { IsoDate } from '../../../core/time';
import type { Db, Executor } from '../../db/database';
import { filterAuthorityId } from '../../db/scope';
import { inTransaction } from '../../db/transaction';
import { AppError, type FieldError } from '../../http/errors';
import { queueMail, queueSms } from '../notify/service';
import { defineMailTemplate } from '../notify/templates';
import { todayInBerlin } from '../schedule/service';

/**
 * Queue heads-up and waiting times (#14, "nobody waits in vain"). A citizen who draws a ticket may
 * leave an e-mail address or a mobile number (with consent, for this ticket only); when the
 * estimate from the live service times comes down to QUEUE_HEADS_UP_MINUTES they are told once.
 * The address is deleted when the ticket closes.
 */

/** Durations older than this do not describe today's pace. */
const SAMPLE_DAYS = 14;
/** A desk that called someone within this time counts as open. */
const OPEN_DESK_MINUTES = 30;

export interface HeadsUpInput {
  email?: string | null | undefined;
  phone?: string | null | undefined;
  consent: boolean;
  locale?: Locale | undefined;
}

export interface HeadsUpMailData {
  code: string;
  minutes: number;
  locationName: string;
}

export const HEADS_UP_TEMPLATE = defineMailTemplate<HeadsUpMailData>('queue.heads-up', (d, locale) =>
  locale === 'de'
    ? {
        subject: `Sie sind in etwa ${d.minutes} ${d.minutes === 1 ? 'Minute' : 'Minuten'} dran (Nummer ${d.code})`,
        greeting: 'Guten Tag,',
        paragraphs: [
          `Sie sind in etwa ${d.minutes} ${d.minutes === 1 ? 'Minute' : 'Minuten'} dran. Bitte kommen Sie zurück in den Wartebereich, damit Sie Ihren Aufruf nicht verpassen.`,
        ],
        facts: [
          ['Ihre Nummer', d.code],
          ['Ort', d.locationName],
        ],
        after: ['Ihre Adresse wird gelöscht, sobald Ihre Nummer abgeschlossen ist.'],
      }
    : {
        subject: `Your turn comes in about ${d.minutes} ${d.minutes === 1 ? 'minute' : 'minutes'} (number ${d.code})`,
        greeting: 'Hello,',
        paragraphs: [
          `Your turn comes in about ${d.minutes} ${d.minutes === 1 ? 'minute' : 'minutes'}. Please come back to the waiting area so that you do not miss your call.`,
        ],
        facts: [
          ['Your number', d.code],
          ['Place', d.locationName],
        ],
        after: ['Your address is deleted as soon as your number is closed.'],
      },
);

/** Checks the citizen's address and consent; null when none was given. */
export function checkHeadsUp(
  input: HeadsUpInput | undefined,
): { email: string | null; phone: string | null; locale: Locale } | null {
  if (!input) return null;
  const errors: FieldError[] = [];
  const email = input.email?.trim() || null;
  const phoneRaw = input.phone?.trim() || null;
  const phone = phoneRaw ? normalisePhone(phoneRaw) : null;
  if (email && !isEmail(email)) errors.push({ path: '/headsUp/email', code: 'format' });
  if (phoneRaw && !phone) errors.push({ path: '/headsUp/phone', code: 'format' });
  if (!email && !phoneRaw) errors.push({ path: '/headsUp/email', code: 'required' });
  if (!input.consent) errors.push({ path: '/headsUp/consent', code: 'required' });
  if (errors.length) throw new AppError('VALIDATION_FAILED', {}, errors);
  return { email, phone: email ? null : phone, locale: input.locale ?? 'de' };
}

/** Keeps the address for this ticket (inside the transaction that issues the ticket). */
export async function saveHeadsUp(
  trx: Executor,
  ticket: { id: string; authority_id: string; location_id: string; service_date: string },
  contact: { email: string | null; phone: string | null; locale: Locale },
): Promise<void> {
  await trx
    .insertInto('ticket_heads_up')
    .values({
      ticket_id: ticket.id,
      authority_id: ticket.authority_id,
      location_id: ticket.location_id,
      service_date: ticket.service_date,
      email: contact.email,
      phone: contact.phone,
      locale: contact.locale,
    })
    .onConflict((oc) =>
      oc
        .column('ticket_id')
        .doUpdateSet({ email: contact.email, phone: contact.phone, locale: contact.locale }),
    )
    .execute();
}

/** Deletes the address once the ticket is closed (data minimisation). */
export async function forgetHeadsUp(trx: Executor, ticketId: string): Promise<void> {
  await trx.deleteFrom('ticket_heads_up').where('ticket_id', '=', ticketId).execute();
}

export interface LiveWait {
  waiting: number;
  openDesks: number;
  serviceMinutes: number;
  /** For someone drawing a ticket now (everyone waiting is ahead). */
  estimatedMinutes: number;
}

/** The queue's live figures at a location on a day: counts and durations only. */
export async function liveWait(
  db: Executor,
  authorityId: string,
  locationId: string,
  date: IsoDate,
  now = new Date(),
): Promise<LiveWait> {
  const recent = await db
    .selectFrom('tickets')
    .select(['served_at', 'finished_at'])
    .where('authority_id', '=', authorityId)
    .where('location_id', '=', locationId)
    .where('status', '=', 'done')
    .where('served_at', 'is not', null)
    .where('finished_at', '>=', new Date(now.getTime() - SAMPLE_DAYS * 86_400_000))
    .orderBy('finished_at', 'desc')
    .limit(SERVICE_SAMPLE_SIZE)
    .execute();
  const durations = recent.map((r) => (r.finished_at!.getTime() - r.served_at!.getTime()) / 60_000);
  const counts = await db
    .selectFrom('tickets')
    .select([
      sql<number>`count(*) filter (where status = 'waiting')`.as('waiting'),
      sql<number>`count(distinct desk_label) filter (where status in ('called', 'serving') or last_called_at >= ${new Date(now.getTime() - OPEN_DESK_MINUTES * 60_000)})`.as(
        'desks',
      ),
    ])
    .where('authority_id', '=', authorityId)
    .where('location_id', '=', locationId)
    .where('service_date', '=', date)
    .executeTakeFirstOrThrow();
  const waiting = Number(counts.waiting);
  const openDesks = Math.max(1, Number(counts.desks));
  const serviceMinutes = typicalServiceMinutes(durations);
  return {
    waiting,
    openDesks,
    serviceMinutes,
    estimatedMinutes: estimateWaitMinutes({ ahead: waiting, serviceMinutes, openDesks }),
  };
}

/**
 * Sends the heads-ups that are due at a location today, each once: the mark (`sent_at`) and the
 * message are written in one transaction. Returns how many went out.
 */
export async function sendDueHeadsUps(
  db: Db,
  leadMinutes: number,
  authorityId: string,
  locationId: string,
  date: IsoDate = todayInBerlin(),
): Promise<number> {
  return inTransaction(db, async (trx) => {
    const pending = await trx
      .selectFrom('ticket_heads_up')
      .select('ticket_id')
      .where('authority_id', '=', authorityId)
      .where('location_id', '=', locationId)
      .where('service_date', '=', date)
      .where('sent_at', 'is', null)
      .execute();
    if (pending.length === 0) return 0;
    const live = await liveWait(trx, authorityId, locationId, date);
    const queue = await trx
      .selectFrom('tickets')
      .select(['id', 'code'])
      .where('authority_id', '=', authorityId)
      .where('location_id', '=', locationId)
      .where('service_date', '=', date)
      .where('status', '=', 'waiting')
      .orderBy('sort_at')
      .orderBy('number')
      .execute();
    const location = await trx
      .selectFrom('locations')
      .select('name')
      .where('id', '=', locationId)
      .executeTakeFirstOrThrow();
    const wanted = new Set(pending.map((p) => p.ticket_id));
    let sent = 0;
    for (const [ahead, ticket] of queue.entries()) {
      if (!wanted.has(ticket.id)) continue;
      const input = { ahead, serviceMinutes: live.serviceMinutes, openDesks: live.openDesks };
      if (!headsUpDue(input, leadMinutes)) continue;
      // Once: only the request that sets sent_at sends.
      const row = await trx
        .updateTable('ticket_heads_up')
        .set({ sent_at: new Date() })
        .where('ticket_id', '=', ticket.id)
        .where('sent_at', 'is', null)
        .returning(['email', 'phone', 'locale'])
        .executeTakeFirst();
      if (!row) continue;
      const data: HeadsUpMailData = {
        code: ticket.code,
        minutes: announcedMinutes(estimateWaitMinutes(input)),
        locationName: location.name,
      };
      const message = {
        template: HEADS_UP_TEMPLATE,
        locale: (row.locale === 'en' ? 'en' : 'de') as Locale,
        data,
        authorityId,
        related: { type: 'ticket', id: ticket.id },
      };
      if (row.email) await queueMail(trx, { ...message, to: row.email });
      else if (row.phone) await queueSms(trx, { ...message, to: row.phone });
      sent++;
    }
    return sent;
  });
}

/** The periodic catch-up (a crash between a call and its heads-up, a slow queue): every location with pending heads-ups today. */
export async function sendAllDueHeadsUps(db: Db, leadMinutes: number, date: IsoDate = todayInBerlin()) {
  const places = await db
    .selectFrom('ticket_heads_up')
    .select(['authority_id', 'location_id'])
    .distinct()
    .where('service_date', '=', date)
    .where('sent_at', 'is', null)
    .execute();
  let sent = 0;
  for (const p of places) sent += await sendDueHeadsUps(db, leadMinutes, p.authority_id, p.location_id, date);
  return sent;
}

/** Addresses of tickets from past days (never closed) are deleted too. */
export async function deleteStaleHeadsUps(db: Executor, today: IsoDate = todayInBerlin()): Promise<number> {
  const result = await db.deleteFrom('ticket_heads_up').where('service_date', '<', today).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The public figures are cached this long (many portals and terminals ask; counts change slowly). */
export const WAITING_TIMES_CACHE_MS = 30_000;

/**
 * Waiting times for the portal and the terminal: every location with an office day or a ticket
 * today, with counts only (no ticket numbers, no names).
 */
export async function publicWaitingTimes(db: Executor, date: IsoDate = todayInBerlin()) {
  const places = await db
    .selectFrom('locations as l')
    .select(['l.id', 'l.slug', 'l.name', 'l.authority_id'])
    // The portal's authority only (on a server row-level security holds it too, ADR 27).
    .$if(!!filterAuthorityId(), (q) => q.where('l.authority_id', '=', filterAuthorityId()!))
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('office_days as d')
            .select('d.id')
            .whereRef('d.location_id', '=', 'l.id')
            .where('d.date', '=', date)
            .where('d.status', '=', 'planned'),
        ),
        eb.exists(
          eb
            .selectFrom('tickets as t')
            .select('t.id')
            .whereRef('t.location_id', '=', 'l.id')
            .where('t.service_date', '=', date),
        ),
      ]),
    )
    .execute();
  const locations = [];
  for (const p of places) {
    const live = await liveWait(db, p.authority_id, p.id, date);
    locations.push({
      id: p.id,
      slug: p.slug,
      name: p.name,
      waiting: live.waiting,
      openDesks: live.openDesks,
      estimatedMinutes: live.estimatedMinutes,
    });
  }
  return { date, locations: sortByText(locations, (l) => l.name) };
}
