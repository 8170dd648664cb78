import type { Generated } from 'kysely';
import type { CaseChannel, DocumentKind } from '../../../core/cases/services';
import type { CaseState } from '../../../core/cases/state-machine';
import type { Localized } from '../../../core/catalog/types';
import type { AttachmentKind, FormIssue } from '../../../core/forms/types';

export interface CaseCountersTable {
  authority_id: string;
  year: number;
  last_seq: number;
}

export interface CasesTable {
  id: string;
  authority_id: string;
  /** Official number, e.g. MEE-2026-000123. */
  number: string;
  /** Letters and digits only, for looking up typed numbers. */
  number_compact: string;
  /** The kit's offline number (K1-2026-0007), where the case was captured on a kit. */
  local_number: string | null;
  year: number;
  service_id: string;
  service_slug: string;
  service_name: Localized;
  service_version: number;
  form_key: string;
  form_version: number;
  person_id: string | null;
  /** "Familienname, Vornamen" for lists (from the register or the form). */
  subject_name: string;
  status: CaseState;
  channel: CaseChannel;
  location_id: string | null;
  kit_id: string | null;
  form_data: Record<string, unknown>;
  warnings: FormIssue[];
  /** What the service did: ids of persons and residences created, the document's validity … */
  result: Record<string, unknown>;
  /** Printed on the receipt for the status page; it guards no personal data. */
  access_code: string;
  /** For the "ready" notice; deleted on hand-over (§ 18 Abs. 3 PAuswV). */
  contact_email: string | null;
  /** For the notice by text message (optional); deleted on hand-over like the e-mail address. */
  contact_phone: string | null;
  pickup_at: 'town_hall' | 'office_day' | null;
  created_by: string | null;
  captured_at: Date;
  submitted_at: Date | null;
  finished_at: Date | null;
  updated_at: Generated<Date>;
  version: Generated<number>;
  /** Retention (#15): the case kept only its skeleton because its receipts must stay longer. */
  purged_at: Generated<Date | null>;
}

export interface CaseTransitionsTable {
  id: string;
  authority_id: string;
  case_id: string;
  from_status: CaseState | null;
  to_status: CaseState;
  reason: string | null;
  actor_user_id: string | null;
  actor_name: string | null;
  actor_kit_id: string | null;
  occurred_at: Generated<Date>;
}

export interface CaseNotesTable {
  id: string;
  authority_id: string;
  case_id: string;
  author_user_id: string | null;
  author_name: string;
  text: string;
  created_at: Generated<Date>;
}

export interface AttachmentsTable {
  id: string;
  authority_id: string;
  sha256: string;
  kind: AttachmentKind;
  media_type: 'image/jpeg' | 'image/png' | 'application/pdf';
  size_bytes: number;
  width: number | null;
  height: number | null;
  created_by: string | null;
  kit_id: string | null;
  created_at: Generated<Date>;
  /** The file was deleted (e.g. the ID photo after hand-over); the row stays as a record. */
  purged_at: Date | null;
}

export interface CaseAttachmentsTable {
  case_id: string;
  attachment_id: string;
  authority_id: string;
  /** The form field the file belongs to, e.g. "/photo". */
  pointer: string;
}

export interface CaseDocumentsTable {
  id: string;
  authority_id: string;
  case_id: string;
  payment_id: string | null;
  kind: DocumentKind;
  verification_code: string;
  /** The facts the document prints; the PDF is rendered from them, identically each time. */
  content: unknown;
  issued_at: Generated<Date>;
  issued_by: string | null;
  revoked_at: Date | null;
}

/** Kysely table types of the cases module. */
export type CasesTables = {
  case_counters: CaseCountersTable;
  cases: CasesTable;
  case_transitions: CaseTransitionsTable;
  case_notes: CaseNotesTable;
  attachments: AttachmentsTable;
  case_attachments: CaseAttachmentsTable;
  case_documents: CaseDocumentsTable;
};
