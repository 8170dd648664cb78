import { defineMailPreparer } from '../notify/templates';
import { bookingCaches } from './caches';
import { CONFIRMATION, RESCHEDULED } from './mail-templates';
import type { AppointmentsTable } from './tables';
import { type AppointmentView, appointmentIcs, mailData } from './views';

/**
 * The confirmation and the "moved" mail are queued by the booking functions in the database with
 * the appointment's facts only (booking_notify, migration 0251); the send job renders them with
 * the place and the services from the caches, and attaches the calendar file (ADR 14).
 */
interface StoredAppointmentMail {
  appointmentId: string;
  bookingNumber: string;
  name: string | null;
  status: AppointmentsTable['status'];
  startsAt: string;
  endsAt: string;
  locationId: string;
  serviceIds: string[];
  locale: 'de' | 'en';
  manageUrl: string;
  sequence: number;
}

for (const template of [CONFIRMATION, RESCHEDULED]) {
  defineMailPreparer<StoredAppointmentMail>(template, async (db, stored) => {
    const caches = bookingCaches(db);
    const location = (await caches.locations(db, [stored.locationId])).get(stored.locationId);
    if (!location) throw new Error(`location ${stored.locationId} of a queued mail is gone`);
    const services = await caches.services(db, stored.serviceIds);
    const view = {
      id: stored.appointmentId,
      bookingNumber: stored.bookingNumber,
      status: stored.status,
      startsAt: stored.startsAt,
      endsAt: stored.endsAt,
      locale: stored.locale,
      name: stored.name,
      location,
      services: stored.serviceIds
        .map((id) => services.get(id))
        .filter((s) => !!s)
        .map((s) => ({ id: s!.id, slug: s!.slug, name: s!.name })),
    } satisfies Partial<AppointmentView>;
    return {
      data: mailData(view as AppointmentView, stored.manageUrl),
      attachments: [
        {
          filename: 'termin.ics',
          contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
          content: appointmentIcs(view, stored.manageUrl, stored.sequence),
        },
      ],
    };
  });
}
