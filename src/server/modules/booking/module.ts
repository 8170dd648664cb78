import type { ModuleDefinition } from '../module';
import { runConfirmationRound } from './confirmation';
import { confirmationRoutes } from './confirmation-routes';
import { purgeNoShows } from './no-shows';
import { applyBookingRetention } from './retention';
import { bookingRoutes, bookingSettings } from './routes';
import { seedBookingDemo } from './seed';
import './deferred-mail';
import { expireHolds } from './holds';
import { announceToDemand, purgeIdempotency, sendReminder, wakeWaitlist } from './service';
import { DEMAND_JOB, forAuthority, REMINDER_JOB, WAITLIST_JOB } from './settings';

export const bookingModule: ModuleDefinition = {
  name: 'booking',
  routes: async (app, ctx) => {
    await app.register(bookingRoutes, { db: ctx.db, config: ctx.config });
    await app.register(confirmationRoutes, { db: ctx.db, config: ctx.config });
  },
  registerJobs({ db, config, jobs, authorities }) {
    // Jobs run in their authority's scope: links in their mails lead to that authority's portal.
    const settings = () => forAuthority(bookingSettings(config, authorities));
    jobs.register(REMINDER_JOB, async (payload) => sendReminder(db, await settings(), payload));
    jobs.register(WAITLIST_JOB, async (payload: { officeDayId: string }) => {
      await wakeWaitlist(db, await settings(), payload.officeDayId);
    });
    jobs.register(DEMAND_JOB, async (payload: { villageId: string }) => {
      await announceToDemand(db, await settings(), payload.villageId);
    });
    // "Kommen Sie?" (#14): requests out, unconfirmed appointments released (runs once installation-wide).
    jobs.every('booking.confirmation-round', 5 * 60_000, async () => {
      await runConfirmationRound(db, bookingSettings(config, authorities));
    });
    jobs.every('booking.expire-holds', 60_000, async () => {
      await expireHolds(db);
    });
    jobs.every('booking.purge-idempotency', 3_600_000, async () => {
      await purgeIdempotency(db);
    });
    jobs.every('booking.retention', 24 * 3_600_000, async () => {
      await applyBookingRetention(db, config.appointmentRetentionDays);
      await purgeNoShows(db);
    });
  },
  seedDemo: (db, { config }) => seedBookingDemo(db, config),
};
