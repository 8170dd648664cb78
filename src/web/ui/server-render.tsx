import { createContext, type ReactNode, useContext } from 'react';
import type { Locale } from '../../core/locale';
import type { PortalInfo } from './portal-base';
import { hasNavigated } from './router';

/**
 * What the server hands to the browser with a server-rendered page (ADR 0018): the language it
 * rendered in and the API answers the page was rendered from, keyed by the same URL the page
 * would fetch. The browser hydrates from exactly this data, so nothing is fetched twice and
 * nothing moves on the screen. It is JSON in a <script type="application/json" id="bk-ssr">,
 * which the Content-Security-Policy allows because the browser never executes it.
 */
export interface Preloaded<T = unknown> {
  status: number;
  body: T;
}

export interface ServerRenderData {
  locale: Locale;
  data: Record<string, Preloaded>;
}

export const SSR_DATA_ELEMENT_ID = 'bk-ssr';

const PreloadContext = createContext<Record<string, Preloaded> | null>(null);

/**
 * Where the server is rendering (the browser reads window.location instead): the app's path
 * (without the portal prefix), the query, and the request's portal (the browser reads it from
 * the page's `<meta>` tags, which the server writes from the same request).
 */
export const ServerLocationContext = createContext<{
  path: string;
  search: string;
  portal?: PortalInfo;
} | null>(null);

/** The server collects the page title here; in the browser usePageTitle sets document.title. */
export const ServerTitleContext = createContext<{ title?: string } | null>(null);

export function PreloadProvider({
  data,
  children,
}: {
  data: Record<string, Preloaded> | null | undefined;
  children: ReactNode;
}) {
  return <PreloadContext.Provider value={data ?? null}>{children}</PreloadContext.Provider>;
}

/**
 * The API answer for `url` the page was server-rendered from — only on the page the document
 * loaded with: after the first in-app navigation a page fetches fresh data.
 */
export function usePreloaded<T>(url: string | null): Preloaded<T> | undefined {
  const data = useContext(PreloadContext);
  if (!url || !data || hasNavigated()) return undefined;
  return data[url] as Preloaded<T> | undefined;
}

/** The server's data embedded in the document, if this page was rendered on the server. */
export function readServerRenderData(doc: Document): ServerRenderData | null {
  const el = doc.getElementById(SSR_DATA_ELEMENT_ID);
  if (!el?.textContent) return null;
  try {
    const parsed = JSON.parse(el.textContent) as ServerRenderData;
    return parsed && (parsed.locale === 'de' || parsed.locale === 'en') ? parsed : null;
  } catch {
    return null;
  }
}
