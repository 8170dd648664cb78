import { newReference } from '../../../core/booking/contact';
import { uuidv7 } from '../../../core/ids';
import type { Locale } from '../../../core/locale';
import type { Db } from '../../db/database';
import { filterAuthorityId } from '../../db/scope';
import { hashToken, newToken } from '../../http/auth';
import type { UsedChallenge } from '../antibot/service';
import { officeDayGate } from './day-gate';
import type { BookingSettings } from './settings';
import type { BookingChannel } from './tables';
import {
  callBookingFunction,
  challengeArgument,
  type SlotRequest,
  servicesArgument,
  withPlannedSlot,
} from './write-path';

export interface HoldResult {
  holdId: string;
  holdToken: string;
  expiresAt: string;
  startsAt: string;
  endsAt: string;
  durationMinutes: number;
}

/**
 * A short-lived claim on a slot while the citizen types their details (BOOKING_HOLD_MINUTES): one
 * call of booking_hold(), which marks the citizen's solved challenge used (ADR 33, migration 0640),
 * locks the office day, drops its expired holds, checks the day, the services and the window,
 * picks a desk and inserts the hold.
 */
export async function createHold(
  db: Db,
  settings: BookingSettings,
  input: SlotRequest & { channel: BookingChannel; locale: Locale; challenge?: UsedChallenge },
  now = new Date(),
): Promise<HoldResult> {
  const token = newToken();
  return withPlannedSlot(db, input, async (plan) => {
    const row = await officeDayGate.run(plan.officeDayId, () =>
      callBookingFunction<{
        id: string;
        starts_at: string;
        ends_at: string;
        hold_expires_at: string;
        duration_minutes: number;
      }>(
        db,
        'booking_hold',
        {
          now: now.toISOString(),
          cutoffHours: settings.cutoffHours,
          holdMinutes: settings.holdMinutes,
          officeDayId: plan.officeDayId,
          locationId: plan.location.id,
          startsAt: plan.startsAt.toISOString(),
          minutes: plan.minutes,
          services: servicesArgument(plan.services),
          id: uuidv7(),
          bookingNumber: newReference('T'),
          tokenHash: hashToken(token),
          locale: input.locale,
          channel: input.channel,
          ...(input.challenge ? { challenge: challengeArgument(input.challenge) } : {}),
        },
        { services: plan.services, locale: input.locale },
      ),
    );
    return {
      holdId: row.id,
      holdToken: token,
      expiresAt: new Date(row.hold_expires_at).toISOString(),
      startsAt: new Date(row.starts_at).toISOString(),
      endsAt: new Date(row.ends_at).toISOString(),
      durationMinutes: row.duration_minutes,
    };
  });
}

/** Gives a hold back (the citizen went back to choose another time). */
export async function releaseHold(db: Db, holdId: string, holdToken: string): Promise<void> {
  await db
    .updateTable('appointments')
    .set({ status: 'expired', updated_at: new Date() })
    .where('id', '=', holdId)
    .where('manage_token_hash', '=', hashToken(holdToken))
    .where('status', '=', 'held')
    .$if(!!filterAuthorityId(), (q) => q.where('authority_id', '=', filterAuthorityId()!))
    .execute();
}

/** The periodic sweep: holds past their expiry free their slots (booking also drops them itself). */
export async function expireHolds(db: Db, now = new Date()): Promise<number> {
  const result = await db
    .updateTable('appointments')
    .set({ status: 'expired', updated_at: now })
    .where('status', '=', 'held')
    .where('hold_expires_at', '<=', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows ?? 0);
}
