import type { Generated } from 'kysely';

/** One municipality of Destatis' Gemeindeverzeichnis (GV100AD, Satzart 60), installation-wide. */
export interface MunicipalityDirectoryTable {
  ags: string;
  ars: string;
  name: string;
  /** Textkennzeichen of the Gemeinde (61 Kreisfreie Stadt, 63 Stadt, 64 Gemeinde, …). */
  text_key: string;
  /** Land + RB + Kreis + Gemeindeverband (the first 9 digits of the ARS). */
  association_key: string;
  association_name: string | null;
  /** Textkennzeichen of the Gemeindeverband (54 Verwaltungsgemeinschaft, 56 Verwaltungsverband, …). */
  association_text_key: string | null;
  district_name: string | null;
  state_name: string | null;
  postal_code: string | null;
  postal_code_ambiguous: Generated<boolean>;
  population: number | null;
  area_ha: number | null;
  valid_on: string;
  loaded_at: Generated<Date>;
}

export interface MunicipalityDirectoryLoadsTable {
  id: string;
  file_name: string;
  encoding: 'utf-8' | 'iso-8859-1';
  valid_on: string;
  municipalities: number;
  associations: number;
  skipped_lines: number;
  loaded_at: Generated<Date>;
  loaded_by: string | null;
}

/** When each periodic task (`jobs.every`) is next due, installation-wide (ADR 25). */
export interface PeriodicRunsTable {
  name: string;
  next_run_at: Date;
  last_run_at: Date | null;
  last_runner: string | null;
}

/** One export of an authority's data (kept after the authority was deleted). */
export interface AuthorityExportsTable {
  id: string;
  authority_id: string;
  authority_slug: string;
  file_name: string;
  bytes: number;
  sha256: string;
  tables: number;
  rows: number;
  attachments: number;
  created_at: Generated<Date>;
  created_by: string | null;
}

export interface OperationsTables {
  authority_exports: AuthorityExportsTable;
  municipality_directory: MunicipalityDirectoryTable;
  municipality_directory_loads: MunicipalityDirectoryLoadsTable;
  periodic_runs: PeriodicRunsTable;
}
