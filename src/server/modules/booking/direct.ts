import { newReference } from '../../../core/booking/contact';
import { uuidv7 } from '../../../core/ids';
import type { Db } from '../../db/database';
import { hashToken, newToken } from '../../http/auth';
import type { UsedChallenge } from '../antibot/service';
import type { AuditActor } from '../audit/service';
import type { BookingOutcome, BookingRequest } from './book';
import { officeDayGate } from './day-gate';
import type { BookingSettings } from './settings';
import { manageUrlFor } from './views';
import {
  actorArgument,
  callBookingFunction,
  challengeArgument,
  type SlotRequest,
  servicesArgument,
  withPlannedSlot,
} from './write-path';

/**
 * Books a slot without a hold (hotline, desk) in one call of booking_book_direct(): the office day
 * locked, expired holds dropped, day, services and window checked, a desk picked, the contact's
 * daily limit checked, the appointment inserted with its mail, reminder, idempotency record and
 * audit row — one round trip.
 */
export async function bookDirectly(
  db: Db,
  settings: BookingSettings,
  actor: AuditActor,
  slot: SlotRequest,
  request: BookingRequest & { challenge?: UsedChallenge },
  now: Date,
): Promise<BookingOutcome> {
  const token = newToken();
  return withPlannedSlot(db, slot, (plan) =>
    officeDayGate.run(plan.officeDayId, () =>
      callBookingFunction<BookingOutcome>(
        db,
        'booking_book_direct',
        {
          now: now.toISOString(),
          cutoffHours: settings.cutoffHours,
          reminderHours: settings.reminderHours,
          maxPerContactPerDay: settings.maxPerContactPerDay,
          officeDayId: plan.officeDayId,
          locationId: plan.location.id,
          startsAt: plan.startsAt.toISOString(),
          minutes: plan.minutes,
          services: servicesArgument(plan.services),
          id: uuidv7(),
          bookingNumber: newReference('T'),
          tokenHash: hashToken(token),
          token,
          manageUrl: manageUrlFor(settings, token),
          contact: request.contact,
          locale: request.locale,
          channel: request.channel,
          note: request.note,
          createdBy: actor.userId,
          idempotencyKey: request.idempotencyKey,
          requestHash: request.requestHash,
          ...(request.noShow ? { noShow: request.noShow } : {}),
          actor: actorArgument(actor),
          ...(request.challenge ? { challenge: challengeArgument(request.challenge) } : {}),
        },
        { services: plan.services, locale: request.locale },
      ),
    ),
  );
}
