import { createHash } from 'node:crypto';
import type { Locale } from '../../../core/locale';
import type { Db } from '../../db/database';
import { AppError, type FieldError } from '../../http/errors';
import type { UsedChallenge } from '../antibot/service';
import type { AuditActor } from '../audit/service';
import { confirmHold } from './confirm';
import { DEFAULT_RULES } from './confirmation';
import { type Contact, type ContactInput, checkContact } from './contact';
import { bookDirectly } from './direct';
import { contactHash } from './no-shows';
import type { BookingSettings } from './settings';
import type { BookingChannel } from './tables';
import { type AppointmentView, appointmentFromJson, manageUrlFor, toView } from './views';

export interface BookInput {
  /** Confirm a hold … */
  holdId?: string;
  holdToken?: string;
  /** … or book a slot directly (hotline, desk, tests). */
  officeDayId?: string;
  startsAt?: string;
  serviceIds?: string[];
  contact: ContactInput;
  locale: Locale;
  channel: BookingChannel;
  note?: string | null;
  /** A citizen's direct booking: the verified challenge, marked used by the booking (ADR 33). */
  challenge?: UsedChallenge;
}

export interface BookingResult {
  appointment: AppointmentView;
  manageToken: string;
  manageUrl: string;
  /** True when this is the stored answer to an earlier request with the same Idempotency-Key. */
  replayed?: boolean;
}

/** What booking_confirm() and booking_book_direct() answer. */
export interface BookingOutcome {
  replayed: boolean;
  appointment?: Record<string, unknown>;
  manageToken?: string;
  /** The stored answer of a request made before the answers were kept as references. */
  legacy?: BookingResult;
}

/** What both ways of booking pass on to their database function. */
export interface BookingRequest {
  contact: Contact;
  locale: Locale;
  channel: BookingChannel;
  note: string | null;
  idempotencyKey: string | null;
  requestHash: string;
  /** The no-show rule's input for a citizen's own booking (#14), checked by the booking function. */
  noShow: { contactHash: string; defaultLimit: number; defaultMonths: number } | null;
}

function canonicalHash(value: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v as object)
              .sort()
              .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
          )
        : v;
  return createHash('sha256')
    .update(JSON.stringify(canonical(value)))
    .digest('hex');
}

/** The answer to the caller, with the appointment's place and services from the caches. */
export async function bookingResult(
  db: Db,
  settings: BookingSettings,
  outcome: BookingOutcome,
): Promise<BookingResult> {
  if (outcome.legacy) return { ...outcome.legacy, replayed: true };
  const row = appointmentFromJson(outcome.appointment!);
  const token = outcome.manageToken!;
  return {
    appointment: await toView(db, row),
    manageToken: token,
    manageUrl: manageUrlFor(settings, token),
    ...(outcome.replayed ? { replayed: true } : {}),
  };
}

/**
 * Books an appointment: confirms a hold (portal, terminal) or books a slot directly (hotline,
 * desk) — each one call of a database function (ADR 14). With an Idempotency-Key the same request
 * gives the same answer once more, and the key with another body is refused
 * (IDEMPOTENCY_KEY_REUSED); the key is claimed first, so a parallel repeat waits for the original
 * instead of competing for the slot.
 */
export async function book(
  db: Db,
  settings: BookingSettings,
  actor: AuditActor,
  input: BookInput,
  idempotencyKey?: string,
  now = new Date(),
): Promise<BookingResult> {
  // The challenge is not part of the request: a retry with the same Idempotency-Key carries none.
  const { challenge: _challenge, ...requested } = input;
  const requestHash = canonicalHash({ ...requested, createdBy: actor.userId });
  const byHold = input.holdId !== undefined || input.holdToken !== undefined;
  const missing: FieldError[] = [];
  if (byHold) {
    if (!input.holdId) missing.push({ path: '/holdId', code: 'required' });
    if (!input.holdToken) missing.push({ path: '/holdToken', code: 'required' });
  } else {
    if (!input.officeDayId) missing.push({ path: '/officeDayId', code: 'required' });
    if (!input.startsAt) missing.push({ path: '/startsAt', code: 'required' });
    if (!input.serviceIds?.length) missing.push({ path: '/serviceIds', code: 'required' });
  }
  const contact = (() => {
    try {
      return checkContact(input.contact);
    } catch (error) {
      if (error instanceof AppError) missing.push(...error.fieldErrors);
      return undefined;
    }
  })();
  if (missing.length || !contact) throw new AppError('VALIDATION_FAILED', {}, missing);
  const request: BookingRequest = {
    contact,
    locale: input.locale,
    channel: input.channel,
    note: input.note ?? null,
    idempotencyKey: idempotencyKey ?? null,
    requestHash,
    // The authority's no-show rule (#14) applies to what citizens book themselves; the booking
    // function checks it in its own statement (migration 0640).
    noShow:
      input.channel === 'portal' || input.channel === 'terminal'
        ? {
            contactHash: contactHash(contact.key),
            defaultLimit: DEFAULT_RULES.noShowLimit,
            defaultMonths: DEFAULT_RULES.noShowMonths,
          }
        : null,
  };
  const outcome = byHold
    ? await confirmHold(
        db,
        settings,
        actor,
        { holdId: input.holdId!, holdToken: input.holdToken! },
        request,
        now,
      )
    : await bookDirectly(
        db,
        settings,
        actor,
        { officeDayId: input.officeDayId!, startsAt: input.startsAt!, serviceIds: input.serviceIds! },
        { ...request, ...(input.challenge ? { challenge: input.challenge } : {}) },
        now,
      );
  return bookingResult(db, settings, outcome);
}
