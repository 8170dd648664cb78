import type { Generated } from 'kysely';

export type TicketStatus = 'waiting' | 'called' | 'serving' | 'done' | 'no_show' | 'cancelled';
export type TicketKind = 'walk_in' | 'appointment';

export interface TicketCountersTable {
  location_id: string;
  service_date: string;
  prefix: string;
  last_number: number;
}

export interface TicketsTable {
  id: string;
  authority_id: string;
  location_id: string;
  office_day_id: string | null;
  service_date: string;
  prefix: string;
  number: number;
  /** What the display shows and the citizen holds, e.g. "A 007" (walk-in) or "T 012" (booked). */
  code: string;
  kind: TicketKind;
  appointment_id: string | null;
  service_ids: Generated<string[]>;
  status: Generated<TicketStatus>;
  /** Queue order: appointment time for booked citizens, arrival for walk-ins. */
  sort_at: Date;
  call_count: Generated<number>;
  desk_label: string | null;
  clerk_id: string | null;
  arrived_at: Generated<Date>;
  first_called_at: Date | null;
  last_called_at: Date | null;
  served_at: Date | null;
  finished_at: Date | null;
  kit_id: string | null;
  /** Id the field kit gave the ticket offline; a repeat delivery finds the same row. */
  kit_ref: string | null;
  created_by: string | null;
}

export interface QueueCallsTable {
  id: string;
  authority_id: string;
  location_id: string;
  service_date: string;
  ticket_id: string;
  code: string;
  desk_label: string;
  kind: 'call' | 'recall';
  called_by: string | null;
  called_at: Generated<Date>;
}

/** A case captured while serving a ticket (the case number is kept: it never changes). */
export interface TicketCasesTable {
  ticket_id: string;
  case_id: string;
  authority_id: string;
  case_number: string;
  service_id: string;
  linked_by: string | null;
  linked_at: Generated<Date>;
}

/** A citizen's wish to be told shortly before their turn (#14); deleted when the ticket closes. */
export interface TicketHeadsUpTable {
  ticket_id: string;
  authority_id: string;
  location_id: string;
  service_date: string;
  email: string | null;
  phone: string | null;
  locale: Generated<string>;
  consent_at: Generated<Date>;
  sent_at: Date | null;
}

/** Kysely table types of the queue module. */
export type QueueTables = {
  ticket_counters: TicketCountersTable;
  tickets: TicketsTable;
  queue_calls: QueueCallsTable;
  ticket_cases: TicketCasesTable;
  ticket_heads_up: TicketHeadsUpTable;
};
