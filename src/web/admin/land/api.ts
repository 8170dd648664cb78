import type { LandField } from '../../../core/catalog/land';

/** Shapes of the Land catalogue API for an authority's admin (src/server/modules/catalog/land-routes.ts). */
export interface LandForAuthority {
  id: string;
  slug: string;
  leikaKey: string | null;
  name: string;
  version: number;
  adoption: { serviceId: string; slug: string; adoptedVersion: number; openReviewId: string | null } | null;
}

export interface ReviewSummary {
  id: string;
  serviceId: string;
  slug: string;
  name: string;
  fromVersion: number;
  toVersion: number;
  createdAt: string;
}

export interface ReviewDetail {
  id: string;
  status: 'open' | 'accepted' | 'kept';
  serviceId: string;
  slug: string;
  name: string;
  fromVersion: number;
  toVersion: number;
  changeNotes: { version: number; note: string }[];
  overridden: LandField[];
  changes: {
    field: LandField;
    before: unknown;
    after: unknown;
    local: unknown;
    overridden: boolean;
    onAccept: 'take_land' | 'keep_local';
  }[];
  hasDraft: boolean;
}
