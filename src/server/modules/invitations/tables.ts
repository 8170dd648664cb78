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
  /** E-mails (one per person and office day, to a confirmed consent). */
  mails: Generated<number>;
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
  channel: Generated<'letter' | 'email'>;
  /** The consent an e-mail invitation went to (null for letters). */
  consent_id: string | null;
  created_at: Generated<Date>;
}

export type ConsentEndReason =
  | 'withdrawn_at_desk'
  | 'withdrawn_by_citizen'
  | 'replaced'
  | 'moved_away'
  | 'deceased'
  | 'not_confirmed';

/** A resident's consent to be invited by e-mail (#14, ADR 34). */
export interface InvitationConsentsTable {
  id: string;
  authority_id: string;
  person_id: string;
  purpose: 'id_expiry_invitation';
  /** Removed when the consent ends; the hash stays as proof. */
  email: string | null;
  email_sha256: string;
  locale: 'de' | 'en';
  given_at: Generated<Date>;
  given_where: 'desk';
  /** The staff member who recorded it. */
  given_by: string | null;
  /** The double opt-in: the confirmation link works until then. */
  confirm_by: Date;
  confirmed_at: Date | null;
  ended_at: Date | null;
  end_reason: ConsentEndReason | null;
  ended_by: string | null;
}

export interface InvitationConsentTokensTable {
  token_hash: string;
  authority_id: string;
  consent_id: string;
  kind: 'confirm' | 'withdraw';
  created_at: Generated<Date>;
}

export type InvitationTables = {
  invitation_settings: InvitationSettingsTable;
  invitation_runs: InvitationRunsTable;
  invitation_months: InvitationMonthsTable;
  invitations: InvitationsTable;
  invitation_consents: InvitationConsentsTable;
  invitation_consent_tokens: InvitationConsentTokensTable;
};
