import { currentAuthorityId } from '../../db/scope';

/** What the booking module takes from the configuration, and the names of its jobs. */
export interface BookingSettings {
  cutoffHours: number;
  holdMinutes: number;
  reminderHours: number;
  maxPerContactPerDay: number;
  /**
   * The address links in mails and SMS start with: the portal of the authority the work is for
   * (its own host or `/<slug>`, ADR 27) once `forAuthority` has set it, else the installation's.
   */
  publicUrl: string;
  /** The portal address of an authority (AuthorityDirectory.portalUrl). */
  portalUrl(authorityId: string | null | undefined): Promise<string>;
}

/**
 * The settings with `publicUrl` set to the portal of the given authority — by default the one
 * the running request or job is scoped to — so that every link in a mail leads to the portal
 * where the appointment, its token and its office day are found.
 */
export async function forAuthority(
  settings: BookingSettings,
  authorityId: string | null | undefined = currentAuthorityId(),
): Promise<BookingSettings> {
  return { ...settings, publicUrl: await settings.portalUrl(authorityId) };
}

export const REMINDER_JOB = 'booking.reminder';
export const WAITLIST_JOB = 'booking.waitlist-wake';
export const DEMAND_JOB = 'booking.demand-announce';
