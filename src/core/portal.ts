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

/**
 * The page's portal (ADR 27): the server names it in two `<meta>` tags of every page it serves
 * below a portal's own address — the path prefix (`/<slug>`, or '' on the portal's own host) and
 * the authority's name. The browser apps keep the prefix on every address they build.
 */
export const PORTAL_BASE_META = 'bk-portal-base';
export const PORTAL_NAME_META = 'bk-portal-name';

/**
 * First path segments of the staff apps: they live at the installation's address (a staff member
 * works in the authority of their session, not of a portal), so a portal's prefix is never put in
 * front of them. The terminal, the call display and the video guest page belong to a portal.
 */
export const INSTALLATION_APP_PREFIXES: readonly string[] = [
  '/desk',
  '/admin',
  '/betrieb',
  '/anmelden',
  '/start',
  '/konto',
  KIT_PREFIX,
];

/** '' or `/<slug>` with a valid authority slug. */
export function isPortalBase(value: string): boolean {
  return value === '' || (value.startsWith('/') && isAuthoritySlug(value.slice(1)));
}

function isBelow(path: string, prefix: string): boolean {
  return (
    path === prefix ||
    path.startsWith(`${prefix}/`) ||
    path.startsWith(`${prefix}?`) ||
    path.startsWith(`${prefix}#`)
  );
}

/**
 * The portal prefix that applies to the document at `pathname`: the server's `base` while the
 * address is below it, else '' (e.g. after leaving the portal for the staff sign-in).
 */
export function effectivePortalBase(base: string, pathname: string): string {
  if (!base || !isPortalBase(base)) return '';
  return isBelow(pathname, base) ? base : '';
}

/** `/meerane/leistungen` → `/leistungen` (the app's own path); other paths stay as they are. */
export function stripPortalBase(base: string, pathname: string): string {
  if (!base || !isBelow(pathname, base)) return pathname;
  const rest = pathname.slice(base.length);
  return rest.startsWith('/') ? rest : `/${rest}`;
}

/**
 * The address in the browser for an app path or API URL: `/leistungen` → `/meerane/leistungen`,
 * `/api/catalog/services` → `/meerane/api/catalog/services`. Left alone: '' base, anything that
 * is not an absolute path on this host (`https://…`, `//host`, `mailto:`, `#main`, relative),
 * the staff apps (installation addresses), and a path that already carries the prefix.
 */
export function portalHref(base: string, href: string): string {
  if (!base || !href.startsWith('/') || href.startsWith('//')) return href;
  if (isBelow(href, base)) return href;
  if (INSTALLATION_APP_PREFIXES.some((p) => isBelow(href, p))) return href;
  return `${base}${href}`;
}
