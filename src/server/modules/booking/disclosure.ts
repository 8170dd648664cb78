import { sql } from 'kysely';
import { normalisePhone } from '../../../core/booking/contact';
import { escapeLike } from '../../../core/register/names';
import type { Executor } from '../../db/database';

/**
 * Appointments in a disclosure (#15). An appointment is not linked to a register entry: citizens
 * book without an account, with a name and an email address or phone number. A disclosure
 * therefore finds a person's appointments by this rule (documented in docs/privacy.md):
 * the appointment's contact (email, case-insensitive, or phone, normalised) equals a contact the
 * person gave — in one of their cases or to the clerk for this disclosure — AND the name on the
 * appointment contains the person's family name. Both are required, so that a shared family
 * address or a namesake does not disclose someone else's appointment. Appointments anonymised
 * after their period are no longer found (they hold no name or contact).
 */
export interface DisclosedAppointment {
  bookingNumber: string;
  date: string;
  startsAt: string;
  location: string;
  status: string;
  channel: string;
  name: string;
  contact: string;
}

export async function appointmentsByContact(
  db: Executor,
  authorityId: string,
  input: { familyName: string; emails: string[]; phones: string[] },
): Promise<DisclosedAppointment[]> {
  const emails = new Set(input.emails.map((e) => e.trim().toLowerCase()).filter(Boolean));
  const phones = new Set(input.phones.map((p) => normalisePhone(p)).filter((p): p is string => !!p));
  const family = input.familyName.trim().toLocaleLowerCase('de');
  if ((emails.size === 0 && phones.size === 0) || !family) return [];
  const rows = await db
    .selectFrom('appointments as a')
    .innerJoin('locations as l', 'l.id', 'a.location_id')
    .select([
      'a.booking_number',
      'a.service_date',
      'a.starts_at',
      'l.name as location',
      'a.status',
      'a.channel',
      'a.name',
      'a.email',
      'a.phone',
    ])
    .where('a.authority_id', '=', authorityId)
    .where('a.anonymised_at', 'is', null)
    .where(sql<string>`lower(a.name)`, 'like', `%${escapeLike(family)}%`)
    .orderBy('a.starts_at')
    .limit(2000)
    .execute();
  return rows
    .filter(
      (r) =>
        (r.email && emails.has(r.email.trim().toLowerCase())) ||
        (r.phone && phones.has(normalisePhone(r.phone) ?? '')),
    )
    .map((r) => ({
      bookingNumber: r.booking_number,
      date: r.service_date,
      startsAt: r.starts_at.toISOString(),
      location: r.location,
      status: r.status,
      channel: r.channel,
      name: r.name ?? '',
      contact: r.email ?? r.phone ?? '',
    }));
}
