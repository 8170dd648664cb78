/**
 * Types and calls of the schedule and booking API, shared by the portal, the terminal, the desk
 * and the admin pages (they all show office days and book appointments).
 */
import { get, post, type RequestOptions } from './api';

export interface Localized {
  de: string;
  en: string;
}

export interface ServiceRef {
  id: string;
  slug: string;
  name: Localized;
}

export interface BookableService extends ServiceRef {
  shortText: Localized;
  durationMinutes: number;
}

export interface OfficeDayLocation {
  id: string;
  name: string;
  slug: string;
  kind: string;
  street: string;
  postalCode: string;
  city: string;
  stepFree: boolean;
  accessibilityNotes: string | null;
  villageId: string | null;
  villageName: string | null;
  municipalityId: string;
  municipalityName: string;
}

export interface OfficeDay {
  id: string;
  locationId: string;
  seriesId: string | null;
  date: string;
  startTime: string;
  endTime: string;
  startsAt: string;
  endsAt: string;
  desks: number;
  kitId: string | null;
  slotMinutes: number;
  changeoverMinutes: number;
  setupMinutes: number;
  teardownMinutes: number;
  travelBeforeMinutes: number;
  travelAfterMinutes: number;
  serviceIds: string[] | null;
  /** 'video': video hours at a citizens' terminal (#11); the call starts there with the booking number. */
  mode?: 'in_person' | 'video';
  status: 'planned' | 'cancelled';
  cancelReason: string | null;
  note: string | null;
  version: number;
  location: OfficeDayLocation;
}

export interface PublicOfficeDay {
  id: string;
  date: string;
  startTime: string;
  endTime: string;
  startsAt: string;
  endsAt: string;
  status: string;
  bookingClosesAt: string;
  location: OfficeDayLocation;
  services: ServiceRef[];
}

export interface VillageSchedule {
  id: string;
  name: string;
  kind: string;
  parentVillageId: string | null;
  municipalityId: string;
  municipalityName: string;
  nextOfficeDay: string | null;
  upcoming: number;
}

export interface BookingLocation {
  location: OfficeDayLocation;
  nextDate: string;
  officeDays: number;
  freeSlots: number;
}

export interface Slot {
  startsAt: string;
  endsAt: string;
}

export interface DayAvailability {
  officeDay: OfficeDay;
  services: ServiceRef[];
  offersServices: boolean;
  durationMinutes: number | null;
  bookingOpen: boolean;
  closesAt: string;
  freeSlots: number;
  capacity: number;
  firstFree: string | null;
  slots?: Slot[];
}

export interface Hold {
  holdId: string;
  holdToken: string;
  expiresAt: string;
  startsAt: string;
  endsAt: string;
  durationMinutes: number;
}

export interface Appointment {
  id: string;
  bookingNumber: string;
  status: string;
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
  locale: 'de' | 'en';
  channel: string;
  cancelReason: string | null;
  createdAt: string;
}

export interface BookingResult {
  appointment: Appointment;
  manageToken: string;
  manageUrl: string;
  replayed?: boolean;
}

export interface ManageView {
  appointment: Appointment;
  canChange: boolean;
  canCancel: boolean;
  changeClosesAt: string;
}

export interface ContactInput {
  name: string;
  email?: string | null;
  phone?: string | null;
}

const list = (ids: string[]) => ids.join(',');

export const bookingApi = {
  // `options` carries e.g. a 115 agent's X-Acting-For (ADR 27) on the routes that allow it.
  services: (options?: RequestOptions) =>
    get<{ services: BookableService[] }>('/api/booking/services', options).then((r) => r.services),
  locations: (serviceIds: string[], options?: RequestOptions) =>
    get<{ locations: BookingLocation[] }>(
      `/api/booking/locations?services=${list(serviceIds)}`,
      options,
    ).then((r) => r.locations),
  days: (serviceIds: string[], location: string, options?: RequestOptions) =>
    get<{ days: DayAvailability[] }>(
      `/api/booking/days?services=${list(serviceIds)}&location=${encodeURIComponent(location)}`,
      options,
    ).then((r) => r.days),
  slots: (officeDayId: string, serviceIds: string[], options?: RequestOptions) =>
    get<DayAvailability>(`/api/booking/slots?officeDay=${officeDayId}&services=${list(serviceIds)}`, options),
  hold: (
    body: {
      officeDayId: string;
      startsAt: string;
      serviceIds: string[];
      channel: 'portal' | 'terminal';
    },
    altcha: string,
  ) => post<Hold>('/api/booking/holds', body, { headers: { 'x-altcha': altcha } }),
  release: (holdId: string, holdToken: string) =>
    post<void>(`/api/booking/holds/${holdId}/release`, { holdToken }).catch(() => undefined),
  book: (
    body: { holdId: string; holdToken: string; contact: ContactInput; channel: 'portal' | 'terminal' },
    idempotencyKey: string,
  ) =>
    post<BookingResult>('/api/booking/appointments', body, {
      headers: { 'idempotency-key': idempotencyKey },
    }),
  manage: (token: string) => post<ManageView>('/api/booking/manage', { token }),
  /** "Kommen Sie?" (#14): the appointment behind the request's link, and the two answers. */
  attendance: (token: string) => post<AttendanceView>('/api/booking/confirmation', { token }),
  attend: (token: string) => post<AttendanceView>('/api/booking/confirmation/yes', { token }),
  notAttend: (token: string) => post<AttendanceView>('/api/booking/confirmation/cancel', { token }),
  cancel: (token: string) => post<Appointment>('/api/booking/manage/cancel', { token }),
  reschedule: (token: string, officeDayId: string, startsAt: string) =>
    post<BookingResult>('/api/booking/manage/reschedule', { token, officeDayId, startsAt }),
  waitlist: (body: {
    officeDayId: string;
    serviceIds: string[];
    email?: string | null;
    phone?: string | null;
  }) => post<{ id: string }>('/api/booking/waitlist', body),
  demand: (
    body: {
      villageId: string;
      serviceIds: string[];
      email?: string | null;
      phone?: string | null;
      note?: string | null;
    },
    altcha: string,
  ) => post<{ id: string }>('/api/booking/demand', body, { headers: { 'x-altcha': altcha } }),
  villages: () => get<{ villages: VillageSchedule[] }>(VILLAGES_URL).then((r) => r.villages),
  publicDays: (query: { village?: string; location?: string }) =>
    get<{ officeDays: PublicOfficeDay[] }>(publicDaysUrl(query)).then((r) => r.officeDays),
};

export const VILLAGES_URL = '/api/schedule/public/villages';

/** The public office days, all or of one village or location (one URL per query, also for preloading). */
export function publicDaysUrl(query: {
  village?: string;
  location?: string;
  service?: string;
  limit?: number;
}): string {
  const q = new URLSearchParams();
  if (query.village) q.set('village', query.village);
  if (query.location) q.set('location', query.location);
  if (query.service) q.set('service', query.service);
  if (query.limit) q.set('limit', String(query.limit));
  const s = q.toString();
  return s ? `/api/schedule/public/office-days?${s}` : '/api/schedule/public/office-days';
}

/** A random key for Idempotency-Key headers (one per booking attempt, reused on retries). */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `bk-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export interface AttendanceView {
  state: 'open' | 'confirmed' | 'cancelled' | 'released' | 'over';
  bookingNumber: string;
  startsAt: string;
  endsAt: string;
  location: { name: string; address: string };
  services: Array<{ id: string; name: { de: string; en: string } }>;
  deadline: string;
}
