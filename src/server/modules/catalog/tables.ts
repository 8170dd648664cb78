import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { ServiceContent } from '../../../core/catalog/content';
import type { FeeFrame } from '../../../core/catalog/land';

/** Kysely table types of the catalog module (created in db/migrations/0100_catalog.ts). */
export interface CatalogServicesTable {
  /** Stable across versions: bookings and cases refer to it. */
  id: string;
  authority_id: string;
  slug: string;
  draft: ColumnType<ServiceContent | null, string | null, string | null>;
  draft_revision: Generated<number>;
  draft_updated_at: Date | null;
  draft_updated_by: string | null;
  published_version: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface CatalogServiceVersionsTable {
  service_id: string;
  authority_id: string;
  version: number;
  content: JSONColumnType<ServiceContent, string, never>;
  change_note: string | null;
  published_at: Generated<Date>;
  published_by_user_id: string | null;
  published_by_name: string | null;
}

export interface CatalogPublishedTable {
  service_id: string;
  authority_id: string;
  version: number;
  slug: string;
  leika_key: string | null;
  name_de: string;
  name_en: string;
  short_de: string;
  short_en: string;
  channels: string[];
  content: JSONColumnType<ServiceContent, string, string>;
  published_at: Date;
  synonyms: ColumnType<string[], string[] | undefined, string[]>;
  synonyms_fold: ColumnType<string[], string[] | undefined, string[]>;
  name_fold: string;
  short_fold: string;
  doc_head: ColumnType<string, never, never>;
  doc_body: ColumnType<string, never, never>;
}

export interface CatalogSearchWordsTable {
  service_id: string;
  authority_id: string;
  /** 1 name, 2 synonym, 3 short text. */
  field: 1 | 2 | 3;
  word: string;
}

export interface CatalogSynonymsTable {
  id: string;
  authority_id: string;
  service_id: string;
  term: string;
  term_fold: string;
  created_at: Generated<Date>;
  created_by: string | null;
}

export type SearchChannel = 'portal' | 'terminal' | 'hotline' | 'admin' | 'api';

export interface CatalogSearchMissesTable {
  authority_id: string;
  day: string;
  channel: SearchChannel;
  query: string;
  count: Generated<number>;
}

/** Land catalogue (migration 0110, ADR 30): installation-level, no authority_id. */
export interface CatalogLandServicesTable {
  id: string;
  slug: string;
  leika_key: string | null;
  name_de: string;
  current_version: number;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface CatalogLandVersionsTable {
  land_service_id: string;
  version: number;
  content: JSONColumnType<ServiceContent, string, never>;
  fee_frame: JSONColumnType<FeeFrame, string, never>;
  change_note: string | null;
  published_at: Generated<Date>;
  published_by_user_id: string | null;
  published_by_name: string | null;
}

export interface CatalogLandAdoptionsTable {
  service_id: string;
  authority_id: string;
  land_service_id: string;
  adopted_version: number;
  adopted_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface CatalogLandReviewsTable {
  id: string;
  authority_id: string;
  service_id: string;
  land_service_id: string;
  from_version: number;
  to_version: number;
  status: Generated<'open' | 'accepted' | 'kept'>;
  created_at: Generated<Date>;
  decided_at: Date | null;
  decided_by: string | null;
}

export interface CatalogTables {
  catalog_land_services: CatalogLandServicesTable;
  catalog_land_versions: CatalogLandVersionsTable;
  catalog_land_adoptions: CatalogLandAdoptionsTable;
  catalog_land_reviews: CatalogLandReviewsTable;
  catalog_services: CatalogServicesTable;
  catalog_service_versions: CatalogServiceVersionsTable;
  catalog_published: CatalogPublishedTable;
  catalog_search_words: CatalogSearchWordsTable;
  catalog_vocabulary: { word: string };
  catalog_synonyms: CatalogSynonymsTable;
  catalog_search_misses: CatalogSearchMissesTable;
}
