import { sql } from 'kysely';
import type { CatalogServiceSummary } from '../../../core/catalog/types';
import type { Locale } from '../../../core/locale';
import type { Executor } from '../../db/database';
import { filterAuthorityId, SCOPE_FENCE } from '../../db/scope';
import { isRetryable, pgConstraint, pgErrorCode } from '../../db/transaction';
import { AppError } from '../../http/errors';
import type { UsedChallenge } from '../antibot/service';
import type { AuditActor } from '../audit/service';
import type { OfficeDayLocation } from '../schedule/service';
import { minutesAt } from './availability';
import { bookingCaches } from './caches';

/**
 * The booking write path's way into the database (ADR 14): what the server knows from its caches
 * (the office day's place, the services and their durations) goes into one call of a PL/pgSQL
 * function (migration 0251) that does the rest under the office day's lock — one round trip.
 */

export interface SlotRequest {
  officeDayId: string;
  startsAt: string;
  serviceIds: string[];
}

/** A slot request with what the caches know about it. */
export interface PlannedSlot {
  officeDayId: string;
  authorityId: string;
  location: OfficeDayLocation;
  services: CatalogServiceSummary[];
  minutes: number;
  startsAt: Date;
}

/**
 * The place, the services and the appointment's length, from the process caches (no round trip
 * once they are warm). Unknown office day or service → the usual errors; whether the day offers
 * the services, is open and has room is decided by the database function.
 */
export async function planSlot(db: Executor, request: SlotRequest): Promise<PlannedSlot> {
  const start = new Date(request.startsAt);
  if (Number.isNaN(start.getTime())) {
    throw new AppError('VALIDATION_FAILED', {}, [{ path: '/startsAt', code: 'format' }]);
  }
  const caches = bookingCaches(db);
  const day = await caches.officeDay(db, request.officeDayId);
  // The caches serve every authority of the process: an office day of another authority than the
  // work's is unknown here (ADR 27; row-level security refuses it again in the function).
  const scoped = filterAuthorityId();
  if (!day || (scoped && day.authorityId !== scoped)) throw new AppError('OFFICE_DAY_NOT_FOUND');
  const unique = [...new Set(request.serviceIds)];
  const found = await caches.services(db, unique);
  if (found.size !== unique.length) {
    throw new AppError('SERVICE_UNKNOWN', {}, [{ path: '/serviceIds', code: 'unknown' }]);
  }
  const services = unique.map((id) => found.get(id)!);
  const location = (await caches.locations(db, [day.locationId])).get(day.locationId)!;
  return {
    officeDayId: request.officeDayId,
    authorityId: day.authorityId,
    location,
    services,
    minutes: minutesAt(services, location),
    startsAt: start,
  };
}

/** The office day's place is not the one the cache knew (it never changes once planned). */
export class StaleOfficeDay extends Error {}

/** Plans the slot from the caches and runs `write`; a stale cache entry is dropped and tried once more. */
export async function withPlannedSlot<T>(
  db: Executor,
  request: SlotRequest,
  write: (plan: PlannedSlot) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const plan = await planSlot(db, request);
    try {
      return await write(plan);
    } catch (error) {
      if (!(error instanceof StaleOfficeDay)) throw error;
      bookingCaches(db).forgetOfficeDay(request.officeDayId);
      if (attempt >= 2) throw new AppError('OFFICE_DAY_NOT_FOUND');
    }
  }
}

/** The services as the database function checks them against the office day's offer. */
export function servicesArgument(services: CatalogServiceSummary[]) {
  return services.map((s) => ({
    id: s.id,
    authorityId: s.authorityId,
    mobile: s.channels.includes('mobile'),
    terminal: s.channels.includes('terminal'),
  }));
}

/** A verified challenge as the booking functions mark it used (migration 0640). */
export function challengeArgument(challenge: UsedChallenge) {
  return { nonce: challenge.nonce, expiresAt: challenge.expiresAt.toISOString() };
}

/** The actor as audit_record() takes it. */
export function actorArgument(actor: AuditActor) {
  return {
    userId: actor.userId,
    username: actor.username,
    role: actor.role,
    kitId: actor.kitId,
    reason: actor.reason,
    requestId: actor.requestId,
  };
}

export function isOverlapViolation(error: unknown): boolean {
  return pgErrorCode(error) === '23P01' && (pgConstraint(error) ?? '').includes('no_overlap');
}

/** A rule a database function refused ('bk:CODE', parameters in DETAIL), or null. */
export function refusal(error: unknown): { code: string; params: Record<string, unknown> } | null {
  const e = error as { code?: unknown; message?: unknown; detail?: unknown } | null;
  if (pgErrorCode(error) !== 'P0001' || typeof e?.message !== 'string' || !e.message.startsWith('bk:'))
    return null;
  let params: Record<string, unknown> = {};
  try {
    params = typeof e.detail === 'string' && e.detail ? JSON.parse(e.detail) : {};
  } catch {
    params = {};
  }
  return { code: e.message.slice(3), params };
}

/** The registered error for a refusal, with the fields it concerns. */
export function bookingError(
  error: unknown,
  context: { services?: CatalogServiceSummary[]; locale: Locale },
): unknown {
  if (isOverlapViolation(error)) return new AppError('SLOT_TAKEN');
  const r = refusal(error);
  if (!r) return error;
  switch (r.code) {
    case 'SERVICE_NOT_OFFERED': {
      const service = context.services?.find((s) => s.id === r.params.serviceId);
      return new AppError('SERVICE_NOT_OFFERED', { service: service?.name[context.locale] ?? '' }, [
        { path: '/serviceIds', code: 'notOffered' },
      ]);
    }
    case 'SLOT_OUTSIDE_WINDOW':
      return new AppError('SLOT_OUTSIDE_WINDOW', {}, [{ path: '/startsAt', code: 'outsideWindow' }]);
    case 'STALE_LOCATION':
      return new StaleOfficeDay();
    default:
      return new AppError(r.code as never, r.params as never);
  }
}

/** What a booking function answers instead of raising once a challenge is marked used (0640). */
interface RefusedAnswer {
  code: string;
  message: string;
  detail: string | null;
  constraint: string | null;
}

/** The database error the answer stands for (code, message, detail, constraint as pg gives them). */
function refusedError(r: RefusedAnswer): Error {
  return Object.assign(new Error(r.message), {
    code: r.code,
    detail: r.detail || undefined,
    constraint: r.constraint || undefined,
  });
}

/**
 * Calls one of the booking functions with its argument as JSON: one statement, so one round trip
 * and one transaction. A deadlock or serialization failure is retried like inTransaction does.
 */
export async function callBookingFunction<T>(
  db: Executor,
  fn: 'booking_hold' | 'booking_confirm' | 'booking_book_direct',
  argument: Record<string, unknown>,
  context: { services?: CatalogServiceSummary[]; locale: Locale },
): Promise<T> {
  // The application's wall (ADR 27): the functions refuse an office day or a hold of another
  // authority than the work's, as row-level security does on a server (migration 0640).
  const scoped = filterAuthorityId();
  const json = JSON.stringify(scoped ? { ...argument, scopeAuthorityId: scoped } : argument);
  for (let attempt = 1; ; attempt++) {
    try {
      // The scope fence: outside a transaction the statement sets its scope (app.authority_id …)
      // itself, so the function runs under row-level security in one round trip (ADR 27).
      const result = await sql<{
        r: T | string;
      }>`select ${sql.raw(fn)}(${json}::jsonb) as r from ${sql.raw(SCOPE_FENCE)}`.execute(db);
      const raw = result.rows[0]!.r;
      const r = (typeof raw === 'string' ? JSON.parse(raw) : raw) as T & { refused?: RefusedAnswer };
      // A refusal after the challenge was marked used (migration 0640): answered, not raised, so
      // that the mark stays; the same error as a raised one.
      if (r && typeof r === 'object' && r.refused) throw refusedError(r.refused);
      return r;
    } catch (error) {
      if (isRetryable(error) && attempt < 5) {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
        continue;
      }
      throw bookingError(error, context);
    }
  }
}
