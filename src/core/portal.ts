import { KIT_PREFIX, WEB_ROUTE_PREFIXES } from './app-routes';

/**
 * Portal addresses of the authorities of one installation (ADR 27): `/<slug>/…` on the
 * installation's host, or the authority's own host name. Shared by server and browser.
 */

/** Lower-case letters, digits and hyphens; at most 64 characters; no hyphen at either end. */
export const AUTHORITY_SLUG_PATTERN = '^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$';
const SLUG_RE = new RegExp(AUTHORITY_SLUG_PATTERN);

/**
 * First path segments that belong to the installation, never to an authority: the apps, the
 * API, static files, operations. An authority slug may not be one of them (the database refuses
 * them too, migration 0050), so `/<slug>/…` and the installation's own addresses never meet.
 */
export const RESERVED_FIRST_SEGMENTS: ReadonlySet<string> = new Set([
  ...WEB_ROUTE_PREFIXES.map((p) => p.slice(1)),
  KIT_PREFIX.slice(1),
  'api',
  'assets',
  'fonts',
  'icons',
  'health',
  'ready',
  'metrics',
  'betrieb',
  'behoerden',
  'static',
  'well-known',
]);

export function isAuthoritySlug(value: string): boolean {
  return SLUG_RE.test(value) && !RESERVED_FIRST_SEGMENTS.has(value);
}

/**
 * Splits `/meerane/leistungen?x` into the slug candidate and the rest (`/leistungen?x`), or
 * returns null when the first segment cannot be an authority slug.
 */
export function splitPortalPath(url: string): { slug: string; rest: string } | null {
  if (!url.startsWith('/')) return null;
  const end = url.slice(1).search(/[/?#]/);
  const first = end < 0 ? url.slice(1) : url.slice(1, end + 1);
  if (!isAuthoritySlug(first)) return null;
  const rest = end < 0 ? '' : url.slice(end + 1);
  return { slug: first, rest: rest.startsWith('/') ? rest : `/${rest}` };
}
