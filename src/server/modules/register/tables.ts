import type { Generated } from 'kysely';
import type {
  DwellingKind,
  IdDocumentKind,
  IdDocumentStatus,
  MaritalStatus,
  PersonStatus,
  Religion,
  ResidenceKind,
  Sex,
  TransferBlockKind,
} from '../../../core/register/vocabulary';

export interface RegisterDwellingsTable {
  id: string;
  authority_id: string;
  municipality_id: string;
  village_id: string | null;
  street: string;
  house_number: string;
  /** Wohnungsbezeichnung, e.g. "2. OG links". */
  unit: string | null;
  postal_code: string;
  /** The place as printed, e.g. "Schönberg OT Tettau". */
  city: string;
  kind: DwellingKind;
  street_norm: string;
  house_number_norm: string;
  fictitious: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface RegisterHouseholdsTable {
  id: string;
  authority_id: string;
  created_at: Generated<Date>;
}

export interface RegisterPersonsTable {
  id: string;
  authority_id: string;
  family_name: string;
  given_names: string;
  /** Rufname: the given name in everyday use (marked on the Meldebescheinigung). */
  call_name: string | null;
  birth_name: string | null;
  doctoral_degree: string | null;
  birth_date: string;
  birth_place: string;
  sex: Sex;
  nationalities: string[];
  religion: Religion | null;
  marital_status: Generated<MaritalStatus>;
  status: Generated<PersonStatus>;
  deceased_on: string | null;
  household_id: string | null;
  family_name_norm: string;
  given_names_norm: string;
  /** " mueller schmidt": family and birth name words for the trigram index. */
  search_name: string;
  /** Generated demo or benchmark data (clearly fictitious; marked on every output). */
  fictitious: Generated<boolean>;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** § 13 Abs. 2 BMG: restricted five years after the year of moving away or death (#15). */
  restricted_on: Generated<string | null>;
}

export interface RegisterResidencesTable {
  id: string;
  authority_id: string;
  person_id: string;
  dwelling_id: string;
  kind: ResidenceKind;
  moved_in_on: string;
  registered_on: string;
  moved_out_on: string | null;
  deregistered_on: string | null;
  case_id: string | null;
  created_at: Generated<Date>;
}

export type StoredBlockKind = 'information_block' | TransferBlockKind;

export interface RegisterBlocksTable {
  id: string;
  authority_id: string;
  person_id: string;
  kind: StoredBlockKind;
  valid_from: string;
  valid_until: string | null;
  reason: string | null;
  case_id: string | null;
  lifted_on: string | null;
  created_at: Generated<Date>;
}

export interface RegisterIdDocumentsTable {
  id: string;
  authority_id: string;
  person_id: string;
  kind: IdDocumentKind;
  serial_number: string | null;
  issued_on: string | null;
  valid_until: string | null;
  issuing_authority: string | null;
  status: IdDocumentStatus;
  case_id: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface RegisterEventsTable {
  id: string;
  authority_id: string;
  person_id: string;
  kind: string;
  occurred_on: string;
  details: unknown;
  case_id: string | null;
  recorded_by: string | null;
  recorded_at: Generated<Date>;
}

/** Kysely table types of the register module. */
export type RegisterTables = {
  register_dwellings: RegisterDwellingsTable;
  register_households: RegisterHouseholdsTable;
  register_persons: RegisterPersonsTable;
  register_residences: RegisterResidencesTable;
  register_blocks: RegisterBlocksTable;
  register_id_documents: RegisterIdDocumentsTable;
  register_events: RegisterEventsTable;
};
