/** Shapes of the operator API (src/server/modules/operations/schemas.ts). */
export interface AuthoritySummary {
  id: string;
  name: string;
  shortName: string;
  slug: string;
  host: string | null;
  ags: string | null;
  bodyKind: string | null;
  status: 'active' | 'suspended';
  statusNote: string | null;
  joined115: boolean;
  municipalities: number;
  staff: number;
}

export interface DirectoryEntry {
  ags: string;
  name: string;
  kind: string;
  associationName: string | null;
  associationKind: string | null;
  postalCode: string | null;
  population: number | null;
  takenBy: string | null;
}

export interface Proposal {
  bodyKind: 'verwaltungsgemeinschaft' | 'verwaltungsverband' | 'einheitsgemeinde' | 'stadt';
  name: string;
  leadMunicipalityAgs: string;
  municipalities: DirectoryEntry[];
}

export const BODY_KINDS = [
  'verwaltungsgemeinschaft',
  'verwaltungsverband',
  'einheitsgemeinde',
  'stadt',
] as const;
