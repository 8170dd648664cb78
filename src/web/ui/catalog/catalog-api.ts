import type { ServiceContent } from '../../../core/catalog/content';
import type { TextSegment } from '../../../core/catalog/search-text';
import type { CatalogServiceSummary, Channel } from '../../../core/catalog/types';
import { get, type RequestOptions } from '../api';

/** What the catalogue API answers (src/server/modules/catalog/schemas.ts). */
export interface SearchResult {
  id: string;
  slug: string;
  name: string;
  shortText: string;
  channels: Channel[];
  score: number;
  highlight: { name: TextSegment[]; shortText: TextSegment[]; snippet: TextSegment[] | null };
  matchedSynonym: string | null;
}

export interface SearchResponse {
  query: string;
  locale: 'de' | 'en';
  results: SearchResult[];
  tookMs: number;
}

export interface Office {
  authorityName: string;
  street: string;
  postalCode: string;
  city: string;
  phone: string | null;
  email: string | null;
  website: string | null;
}

export interface PublishedService {
  id: string;
  authorityId: string;
  version: number;
  publishedAt: string;
  content: ServiceContent;
  office: Office | null;
}

export type SearchChannel = 'portal' | 'terminal' | 'hotline' | 'admin';

export function searchCatalog(
  q: string,
  channel: SearchChannel,
  options?: RequestOptions & { limit?: number },
) {
  const params = new URLSearchParams({ q, channel, limit: String(options?.limit ?? 10) });
  return get<SearchResponse>(`/api/catalog/search?${params}`, options);
}

export const SERVICES_URL = '/api/catalog/services';

export function listServices() {
  return get<{ services: CatalogServiceSummary[] }>(SERVICES_URL).then((r) => r.services);
}

export function serviceUrl(slug: string): string {
  return `/api/catalog/services/${encodeURIComponent(slug)}`;
}

export function loadService(slug: string, options?: RequestOptions) {
  return get<PublishedService>(serviceUrl(slug), options);
}
