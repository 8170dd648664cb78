import {
  effectivePortalBase,
  PORTAL_BASE_META,
  PORTAL_NAME_META,
  portalHref,
  stripPortalBase,
} from '../../core/portal';

/**
 * The portal prefix of the page in the browser (ADR 27): the server names it in a `<meta>` of
 * every page below `/<slug>/…` (src/server/http/web.ts); on the installation's address, the
 * default portal and an authority's own host there is none. Read on every call: after leaving
 * the portal for a staff app the address is no longer below it, and the prefix no longer applies.
 */
export interface PortalInfo {
  /** `/<slug>` or ''. */
  base: string;
  /** The authority's name, on its own address (not at the installation's default `/`). */
  name: string | null;
}

function meta(doc: Document, name: string): string | null {
  return doc.querySelector(`meta[name="${name}"]`)?.getAttribute('content') ?? null;
}

export function readPortalInfo(doc: Document, pathname: string): PortalInfo {
  const base = effectivePortalBase(meta(doc, PORTAL_BASE_META) ?? '', pathname);
  const name = meta(doc, PORTAL_NAME_META);
  return { base, name: name?.trim() ? name.trim() : null };
}

/** The prefix in the browser; '' where there is no document (the server renders with its own). */
export function portalBase(): string {
  if (typeof document === 'undefined' || typeof window === 'undefined') return '';
  return readPortalInfo(document, window.location.pathname).base;
}

/** An app path or API URL as the browser must ask for it (see core/portal.ts portalHref). */
export function inPortal(href: string): string {
  return portalHref(portalBase(), href);
}

/** The app's own path of the document (without the portal prefix). */
export function appPath(): string {
  return stripPortalBase(portalBase(), window.location.pathname);
}
