import type { Generated } from 'kysely';

export interface InvitationSettingsTable {
  authority_id: string;
  enabled: Generated<boolean>;
  /** null = the installation's INVITATION_WINDOW_DAYS. */
  window_days: number | null;
  updated_at: Generated<Date>;
  updated_by: string | null;
}

export interface InvitationRunsTable {
  id: string;
  authority_id: string;
  /** YYYY-MM (Europe/Berlin). */
  month: string;
  /** Started by the monthly job (true) or by "Jetzt vorbereiten" (false). */
  scheduled: boolean;
  today: string;
  window_days: number;
  prepared: number;
  letters: number;
  /** Counts only: excluded per reason, already invited, with a block. */
  counts: unknown;
  started_at: Generated<Date>;
  finished_at: Date | null;
}

export interface InvitationMonthsTable {
  authority_id: string;
  month: string;
  created_at: Generated<Date>;
}

export interface InvitationsTable {
  id: string;
  authority_id: string;
  run_id: string;
  person_id: string;
  id_document_id: string;
  document_kind: 'id_card' | 'passport';
  valid_until: string;
  office_day_id: string;
  channel: Generated<'letter'>;
  created_at: Generated<Date>;
}

export type InvitationTables = {
  invitation_settings: InvitationSettingsTable;
  invitation_runs: InvitationRunsTable;
  invitation_months: InvitationMonthsTable;
  invitations: InvitationsTable;
};
