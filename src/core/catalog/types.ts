/** Shared vocabulary of the service catalogue (used by catalogue, booking, cases and the kit). */

export interface Localized {
  de: string;
  en: string;
}

/** Where a service can be done. `phone` gives information only. */
export const CHANNELS = ['town_hall', 'mobile', 'home_visit', 'terminal', 'online', 'phone'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Kinds of place an appointment happens at; `home` is a home visit. Matches places' LocationKind plus home. */
export const APPOINTMENT_PLACE_KINDS = [
  'town_hall',
  'village_hall',
  'care_home',
  'community_centre',
  'other',
  'home',
] as const;
export type AppointmentPlaceKind = (typeof APPOINTMENT_PLACE_KINDS)[number];

/** Appointment length in minutes: a default, optionally different per kind of place. */
export interface ServiceDuration {
  defaultMinutes: number;
  byPlaceKind?: Partial<Record<AppointmentPlaceKind, number>>;
  /** Overrides for single locations (location id → minutes), e.g. a slow lift at one village hall. */
  byLocation?: Record<string, number>;
}

export function durationFor(
  duration: ServiceDuration,
  placeKind: AppointmentPlaceKind,
  override?: number | null,
): number {
  if (override && override > 0) return override;
  return duration.byPlaceKind?.[placeKind] ?? duration.defaultMinutes;
}

/** Minutes at one location: its own override first, then the kind of place, then the default. */
export function durationAt(
  duration: ServiceDuration,
  placeKind: AppointmentPlaceKind,
  locationId?: string,
): number {
  return durationFor(duration, placeKind, locationId ? duration.byLocation?.[locationId] : null);
}

const LEIKA_RE = /^99\d{12}$/;
/** A LeiKa key has 14 digits and starts with 99 (spaces allowed when typed). */
export function normaliseLeikaKey(input: string): string | null {
  const digits = input.replace(/\s+/g, '');
  return LEIKA_RE.test(digits) ? digits : null;
}

/**
 * What other modules (booking, cases, the kit) need to know about a published service.
 * The catalogue module returns this from its service functions; ids are stable across versions.
 */
export interface CatalogServiceSummary {
  id: string;
  authorityId: string;
  slug: string;
  leikaKey: string | null;
  name: Localized;
  shortText: Localized;
  channels: Channel[];
  duration: ServiceDuration;
  personalAppearanceRequired: boolean;
  fees: import('./fees').FeeSchedule;
  /** Key of the form definition in src/core/forms (null = no form, e.g. information only). */
  formKey: string | null;
  /** Published version number the summary was read from. */
  version: number;
}
