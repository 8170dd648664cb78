import type { Selectable } from 'kysely';
import { renderCalendar } from '../../../core/calendar/ics';
import type { CatalogServiceSummary } from '../../../core/catalog/types';
import type { Locale } from '../../../core/locale';
import { localDate, localTime } from '../../../core/time';
import type { Executor } from '../../db/database';
import type { OfficeDayLocation } from '../schedule/service';
import { type ServiceRef, serviceRef } from './availability';
import { bookingCaches } from './caches';
import type { AppointmentMailData } from './mail-templates';
import type { BookingSettings } from './settings';
import type { AppointmentsTable, BookingChannel } from './tables';

/** An appointment as the API shows it: with its place and services, never its token. */
export interface AppointmentView {
  id: string;
  bookingNumber: string;
  status: AppointmentsTable['status'];
  officeDayId: string;
  date: string;
  startsAt: string;
  endsAt: string;
  durationMinutes: number;
  services: ServiceRef[];
  location: OfficeDayLocation;
  name: string | null;
  email: string | null;
  phone: string | null;
  locale: Locale;
  channel: BookingChannel;
  holdExpiresAt: string | null;
  cancelReason: AppointmentsTable['cancel_reason'];
  createdAt: string;
}

export type AppointmentRow = Selectable<AppointmentsTable>;

export function appointmentView(
  r: AppointmentRow,
  location: OfficeDayLocation,
  services: ReadonlyMap<string, CatalogServiceSummary>,
): AppointmentView {
  return {
    id: r.id,
    bookingNumber: r.booking_number,
    status: r.status,
    officeDayId: r.office_day_id,
    date: r.service_date,
    startsAt: r.starts_at.toISOString(),
    endsAt: r.ends_at.toISOString(),
    durationMinutes: r.duration_minutes,
    services: r.service_ids
      .map((id) => services.get(id))
      .filter((s): s is CatalogServiceSummary => !!s)
      .map(serviceRef),
    location,
    name: r.name,
    email: r.email,
    phone: r.phone,
    locale: r.locale,
    channel: r.channel,
    holdExpiresAt: r.hold_expires_at?.toISOString() ?? null,
    cancelReason: r.cancel_reason,
    createdAt: r.created_at.toISOString(),
  };
}

/** Views of appointments, their places and services from the process caches. */
export async function toViews(db: Executor, rows: AppointmentRow[]): Promise<AppointmentView[]> {
  const caches = bookingCaches(db);
  const locations = await caches.locations(
    db,
    rows.map((r) => r.location_id),
  );
  const services = await caches.services(db, [...new Set(rows.flatMap((r) => r.service_ids))]);
  return rows.map((r) => appointmentView(r, locations.get(r.location_id)!, services));
}

export async function toView(db: Executor, row: AppointmentRow): Promise<AppointmentView> {
  return (await toViews(db, [row]))[0]!;
}

const timestamp = (v: unknown): Date => new Date(v as string);
const optionalTimestamp = (v: unknown): Date | null => (v === null || v === undefined ? null : timestamp(v));

/** An appointment row as a database function returns it (to_jsonb). */
export function appointmentFromJson(json: Record<string, unknown>): AppointmentRow {
  return {
    ...(json as unknown as AppointmentRow),
    starts_at: timestamp(json.starts_at),
    ends_at: timestamp(json.ends_at),
    block_end: timestamp(json.block_end),
    hold_expires_at: optionalTimestamp(json.hold_expires_at),
    created_at: timestamp(json.created_at),
    confirmed_at: optionalTimestamp(json.confirmed_at),
    cancelled_at: optionalTimestamp(json.cancelled_at),
    updated_at: timestamp(json.updated_at),
    anonymised_at: optionalTimestamp(json.anonymised_at),
  };
}

export function manageUrlFor(settings: Pick<BookingSettings, 'publicUrl'>, token: string): string {
  return `${settings.publicUrl}/termin/verwalten/${token}`;
}

export function mailData(view: AppointmentView, manageUrl: string): AppointmentMailData {
  const l = view.location;
  return {
    bookingNumber: view.bookingNumber,
    name: view.name,
    startsAt: view.startsAt,
    endsAt: view.endsAt,
    locationName: l.name,
    address: `${l.street}, ${l.postalCode} ${l.city}`,
    services: view.services.map((s) => s.name),
    manageUrl,
    accessibilityNotes: l.accessibilityNotes,
  };
}

/** The appointment as an iCalendar file (attachment of the confirmation, download on the manage page). */
export function appointmentIcs(
  view: Pick<
    AppointmentView,
    'id' | 'locale' | 'startsAt' | 'endsAt' | 'services' | 'bookingNumber' | 'location' | 'status'
  >,
  manageUrl: string | null,
  sequence: number,
): string {
  const l = view.location;
  const de = view.locale === 'de';
  return renderCalendar({
    name: de ? 'Termin Bürgerbüro' : 'Citizens\u2019 office appointment',
    prodId: '-//Buergerkoffer//Termin//DE',
    events: [
      {
        uid: `${view.id}@buergerkoffer`,
        date: localDate(new Date(view.startsAt)),
        startTime: localTime(new Date(view.startsAt)),
        endDate: localDate(new Date(view.endsAt)),
        endTime: localTime(new Date(view.endsAt)),
        summary: `${de ? 'Bürgerbüro' : 'Citizens\u2019 office'}: ${view.services.map((s) => s.name[view.locale]).join(', ')}`,
        description: [
          `${de ? 'Buchungsnummer' : 'Booking number'}: ${view.bookingNumber}`,
          ...(manageUrl ? [`${de ? 'Ändern oder absagen' : 'Change or cancel'}: ${manageUrl}`] : []),
        ].join('\n'),
        location: `${l.name}, ${l.street}, ${l.postalCode} ${l.city}`,
        geo:
          l.latitude !== null && l.longitude !== null
            ? { latitude: l.latitude, longitude: l.longitude }
            : null,
        status: view.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
        sequence,
      },
    ],
  });
}
