import type { Generated } from 'kysely';

export type OfficeDayStatus = 'planned' | 'cancelled';

export interface OfficeDaySeriesTable {
  id: string;
  authority_id: string;
  location_id: string;
  /** RFC 5545 RRULE (without DTSTART), e.g. FREQ=MONTHLY;BYDAY=2TU,4TU. */
  rrule: string;
  first_date: string;
  last_date: string;
  start_time: string;
  end_time: string;
  /** Exception dates (EXDATE) the coordinator took out. */
  exdates: Generated<string[]>;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface OfficeDaysTable {
  id: string;
  authority_id: string;
  location_id: string;
  series_id: string | null;
  /** Local date (Europe/Berlin). */
  date: string;
  start_time: string;
  end_time: string;
  starts_at: Date;
  ends_at: Date;
  desks: number;
  kit_id: string | null;
  slot_minutes: Generated<number>;
  changeover_minutes: Generated<number>;
  setup_minutes: Generated<number>;
  teardown_minutes: Generated<number>;
  travel_before_minutes: Generated<number>;
  travel_after_minutes: Generated<number>;
  /** null = the catalogue's mobile-capable services. */
  service_ids: string[] | null;
  status: Generated<OfficeDayStatus>;
  /** 'video': video hours at the terminal of this location (#11); no kit, clerks answer from the town hall. */
  mode: Generated<'in_person' | 'video'>;
  cancel_reason: string | null;
  note: string | null;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type HomeVisitStatus = 'requested' | 'scheduled' | 'done' | 'cancelled' | 'declined';
export type RequesterKind = 'self' | 'relative' | 'care_home' | 'hotline';

export interface HomeVisitsTable {
  id: string;
  authority_id: string;
  municipality_id: string;
  village_id: string | null;
  /** What the citizen quotes on the phone, e.g. H-7K3M-9Q2P. */
  reference: string;
  service_ids: string[];
  requester_kind: RequesterKind;
  requester_name: string | null;
  person_name: string;
  street: string;
  postal_code: string;
  city: string;
  email: string | null;
  phone: string | null;
  locale: Generated<'de' | 'en'>;
  reason: string;
  status: Generated<HomeVisitStatus>;
  kit_id: string | null;
  scheduled_date: string | null;
  window_start: Date | null;
  window_end: Date | null;
  travel_before_minutes: Generated<number>;
  travel_after_minutes: Generated<number>;
  coordinator_note: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** Set when retention removed who asked, for whom, where and why (the figures stay). */
  anonymised_at: Date | null;
}

/** Kysely table types of the schedule module. */
export type ScheduleTables = {
  office_day_series: OfficeDaySeriesTable;
  office_days: OfficeDaysTable;
  home_visits: HomeVisitsTable;
};
