import type { Db } from '../../db/database';
import { hashToken } from '../../http/auth';
import type { AuditActor } from '../audit/service';
import type { BookingOutcome, BookingRequest } from './book';
import type { BookingSettings } from './settings';
import { manageUrlFor } from './views';
import { actorArgument, callBookingFunction } from './write-path';

/**
 * Confirms a hold (DESIGN.md §4 step 2) in one call of booking_confirm(): the office day and the
 * held appointment locked, the hold still valid, the day still open, the contact's daily limit,
 * the appointment booked, its confirmation mail and reminder queued, the Idempotency-Key's answer
 * stored and the audit row written — one round trip. A hold confirmed before gives the same
 * booking again, without a second mail.
 */
export async function confirmHold(
  db: Db,
  settings: BookingSettings,
  actor: AuditActor,
  hold: { holdId: string; holdToken: string },
  request: BookingRequest,
  now: Date,
): Promise<BookingOutcome> {
  return callBookingFunction<BookingOutcome>(
    db,
    'booking_confirm',
    {
      now: now.toISOString(),
      cutoffHours: settings.cutoffHours,
      reminderHours: settings.reminderHours,
      maxPerContactPerDay: settings.maxPerContactPerDay,
      holdId: hold.holdId,
      tokenHash: hashToken(hold.holdToken),
      token: hold.holdToken,
      manageUrl: manageUrlFor(settings, hold.holdToken),
      contact: request.contact,
      locale: request.locale,
      channel: request.channel,
      note: request.note,
      createdBy: actor.userId,
      idempotencyKey: request.idempotencyKey,
      requestHash: request.requestHash,
      ...(request.noShow ? { noShow: request.noShow } : {}),
      actor: actorArgument(actor),
    },
    { locale: request.locale },
  );
}
