/**
 * Path prefixes of the web apps. The server answers these with the app's HTML (status 200) and
 * anything else outside /api with the same HTML but status 404, so the app can show its
 * "page not found" and crawlers see the truth.
 */
export const WEB_ROUTE_PREFIXES = [
  '/leistungen',
  '/sprechtage',
  '/termin',
  '/hausbesuch',
  '/status',
  '/pruefen',
  '/einwilligung',
  '/terminal',
  '/desk',
  '/admin',
  '/betrieb',
  '/anmelden',
  '/start',
  '/konto',
  '/aufruf',
  '/videoberatung',
  '/barrierefreiheit',
  '/impressum',
  '/datenschutz',
  '/leichte-sprache',
  '/en',
] as const;

/** The field kit is its own installable app with its own HTML and service worker. */
export const KIT_PREFIX = '/koffer';

export function isWebRoute(pathname: string): boolean {
  if (pathname === '/' || pathname === '') return true;
  if (pathname === KIT_PREFIX || pathname.startsWith(`${KIT_PREFIX}/`)) return true;
  return WEB_ROUTE_PREFIXES.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}
