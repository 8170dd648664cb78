import type { Generated } from 'kysely';

export type AppointmentStatus = 'held' | 'booked' | 'attended' | 'no_show' | 'cancelled' | 'expired';
export type BookingChannel = 'portal' | 'terminal' | 'hotline' | 'desk' | 'kit';
export type CancelReason =
  | 'citizen'
  | 'staff'
  | 'office_day_moved'
  | 'office_day_cancelled'
  | 'rescheduled'
  | 'unconfirmed';

export interface AppointmentsTable {
  id: string;
  authority_id: string;
  office_day_id: string;
  location_id: string;
  service_date: string;
  desk: number;
  starts_at: Date;
  ends_at: Date;
  block_end: Date;
  /** Generated from starts_at and block_end; never written. */
  during: Generated<string>;
  status: AppointmentStatus;
  hold_expires_at: Date | null;
  booking_number: string;
  manage_token_hash: string;
  service_ids: string[];
  duration_minutes: number;
  name: string | null;
  email: string | null;
  phone: string | null;
  contact_key: string | null;
  locale: 'de' | 'en';
  channel: BookingChannel;
  note: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  confirmed_at: Date | null;
  cancelled_at: Date | null;
  cancel_reason: CancelReason | null;
  /** "Kommen Sie?" (#14): hash of the single-purpose confirm/cancel token, when the request went out. */
  confirm_token_hash: Generated<string | null>;
  confirmation_requested_at: Generated<Date | null>;
  attendance_confirmed_at: Generated<Date | null>;
  updated_at: Generated<Date>;
  /** Set when retention removed name, contact and note (the figures stay). */
  anonymised_at: Date | null;
}

export interface BookingIdempotencyTable {
  key: string;
  request_hash: string;
  appointment_id: string | null;
  response: unknown;
  created_at: Generated<Date>;
}

export interface WaitlistEntriesTable {
  id: string;
  authority_id: string;
  office_day_id: string;
  service_ids: Generated<string[]>;
  email: string | null;
  phone: string | null;
  locale: 'de' | 'en';
  status: Generated<'waiting' | 'notified' | 'removed'>;
  created_at: Generated<Date>;
  notified_at: Date | null;
}

export interface BookingConfirmationRulesTable {
  authority_id: string;
  enabled: Generated<boolean>;
  request_hours: Generated<number>;
  deadline_hours: Generated<number>;
  /** No-shows within no_show_months after which online booking is refused (0 = no limit). */
  no_show_limit: Generated<number>;
  no_show_months: Generated<number>;
  updated_at: Generated<Date>;
  updated_by: string | null;
}

export interface BookingNoShowsTable {
  appointment_id: string;
  authority_id: string;
  /** SHA-256 of the normalised contact (never the contact itself). */
  contact_hash: string;
  service_date: string;
  recorded_at: Generated<Date>;
}

export interface DemandSignalsTable {
  id: string;
  authority_id: string;
  municipality_id: string;
  village_id: string;
  service_ids: Generated<string[]>;
  email: string | null;
  phone: string | null;
  locale: 'de' | 'en';
  note: string | null;
  created_at: Generated<Date>;
  announced_at: Date | null;
}

/** Kysely table types of the booking module. */
export type BookingTables = {
  appointments: AppointmentsTable;
  booking_idempotency: BookingIdempotencyTable;
  waitlist_entries: WaitlistEntriesTable;
  demand_signals: DemandSignalsTable;
  booking_confirmation_rules: BookingConfirmationRulesTable;
  booking_no_shows: BookingNoShowsTable;
};
