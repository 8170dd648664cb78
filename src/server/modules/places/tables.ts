import type { ColumnType, Generated } from 'kysely';

export interface AuthoritiesTable {
  id: string;
  /** An authority is its own tenant: authority_id = id. */
  authority_id: string;
  name: string;
  short_name: string;
  /** `service_centre`: the 115 service centre (ADR 27); `state`: the Land's catalogue office (ADR 27). */
  kind: 'lead_municipality' | 'municipality' | 'district' | 'state' | 'service_centre';
  ags: string | null;
  ars: string | null;
  street: string;
  postal_code: string;
  city: string;
  phone: string | null;
  email: string | null;
  website: string | null;
  created_at: Generated<Date>;
  /** Portal address `/<slug>/…` (migration 0030). */
  slug: Generated<string>;
  /** Optional own host name of the authority's portal. */
  host: string | null;
  status: Generated<'active' | 'suspended'>;
  status_changed_at: Date | null;
  /** Shown on the portal while the authority is suspended. */
  status_note: string | null;
  body_kind: 'verwaltungsgemeinschaft' | 'verwaltungsverband' | 'einheitsgemeinde' | 'stadt' | null;
  lead_municipality_id: string | null;
  /** The authority joined the 115 service centre: hotline agents answer and book for it. */
  joined_115: Generated<boolean>;
  branding: Generated<AuthorityBranding>;
  imprint: Generated<AuthorityImprint>;
  /** Three letters in the authority's case numbers, unique in the installation (migration 0050). */
  number_prefix: Generated<string>;
}

/** The authority's look within KERN's rules (checked by the application). */
export interface AuthorityBranding {
  /** Stored file name of the logo (SVG or PNG). */
  logo?: string;
  /** Primary colour `#rrggbb`; must keep WCAG AA contrast against white. */
  primaryColour?: string;
}

/** The legal notice (Impressum) of the authority's portal. */
export interface AuthorityImprint {
  representative?: string;
  supervisoryAuthority?: string;
  vatId?: string;
  note?: string;
}

export interface MunicipalitiesTable {
  id: string;
  authority_id: string;
  name: string;
  /** Amtlicher Gemeindeschlüssel, 8 digits. */
  ags: string;
  /** Amtlicher Regionalschlüssel, 12 digits (derived; see domain facts). */
  ars: string | null;
  postal_code: string;
  population: number | null;
  population_date: string | null;
  latitude: number | null;
  longitude: number | null;
  created_at: Generated<Date>;
}

export interface VillagesTable {
  id: string;
  authority_id: string;
  municipality_id: string;
  name: string;
  /** ortsteil = official district; ortslage = a named place within one. */
  kind: 'core' | 'ortsteil' | 'ortslage';
  parent_village_id: string | null;
  slug: string;
  /** WGS 84; null until known (the tour planner leaves such a village out and says so). */
  latitude: ColumnType<number | null, number | null | undefined, number | null>;
  longitude: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: Generated<Date>;
}

export type LocationKind = 'town_hall' | 'village_hall' | 'care_home' | 'community_centre' | 'other';

export interface LocationsTable {
  id: string;
  authority_id: string;
  municipality_id: string;
  village_id: string | null;
  name: string;
  slug: string;
  kind: LocationKind;
  street: string;
  postal_code: string;
  city: string;
  latitude: number | null;
  longitude: number | null;
  step_free: boolean;
  accessibility_notes: string | null;
  opening_notes: string | null;
  active: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface PlacesTables {
  authorities: AuthoritiesTable;
  municipalities: MunicipalitiesTable;
  villages: VillagesTable;
  locations: LocationsTable;
}
