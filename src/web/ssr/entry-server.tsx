import { PassThrough } from 'node:stream';
import { prerenderToNodeStream } from 'react-dom/static';
import type { Locale } from '../../core/locale';
import { App } from '../app/App';
import { publicDaysUrl, VILLAGES_URL } from '../ui/booking-api';
import { SERVICES_URL, serviceUrl } from '../ui/catalog/catalog-api';
import { nextOfficeDaysUrl } from '../ui/catalog/NextOfficeDays';
import { NOTICES_URL } from '../ui/notices-api';
import type { PortalInfo } from '../ui/portal-base';
import { PORTAL_INFO_URL } from '../ui/portal-info-api';
import { WAITING_TIMES_URL } from '../ui/queue/WaitingTimes';
import { matchPath } from '../ui/router';
import {
  type Preloaded,
  PreloadProvider,
  ServerLocationContext,
  ServerTitleContext,
} from '../ui/server-render';

/**
 * The server's side of server-rendered citizen pages (ADR 0018), built by Vite as its own bundle
 * (dist/web-ssr/entry-server.js) and loaded by src/server/http/web.ts. The same components as in
 * the browser, rendered with React's prerender (it waits for lazy chunks), from the same API
 * answers the browser would fetch — the server gets them with an in-process request.
 *
 * Only pages that crawlers and slow phones need first are rendered here: the home page, the
 * service list and service pages, the office days and the information pages. Everything with a
 * form or personal data stays in the browser.
 */

/** The API GET requests each server-rendered page is rendered from; null if not server-rendered. */
export function pageData(path: string, search: string): string[] | null {
  const own = pageOwnData(path, search);
  // Every portal page shows the operator's suspension notices above its content (#12): rendered
  // with the page, so the browser does not ask for them again while it hydrates.
  return own ? [...own, NOTICES_URL] : null;
}

function pageOwnData(path: string, search: string): string[] | null {
  const params = new URLSearchParams(search);
  if (path === '/') return [WAITING_TIMES_URL];
  // The information pages name the portal's own authority (#12).
  if (['/barrierefreiheit', '/impressum', '/datenschutz', '/leichte-sprache'].includes(path))
    return [PORTAL_INFO_URL];
  if (path === '/leistungen') return [SERVICES_URL];
  const service = matchPath('/leistungen/:slug', path);
  if (service) return [serviceUrl(service.slug!), nextOfficeDaysUrl(service.slug!)];
  if (path === '/sprechtage') {
    const village = params.get('ort');
    return [VILLAGES_URL, publicDaysUrl(village ? { village } : {})];
  }
  return null;
}

/**
 * The lazy modules (paths below src/web) a server-rendered page hydrates with: the server
 * preloads their chunks, so the browser fetches them at once instead of one after another.
 */
export function pageModules(path: string): string[] {
  const portal = ['portal/PortalApp.tsx'];
  if (path === '/leistungen') return [...portal, 'portal/services/ServicesPage.tsx'];
  if (path.startsWith('/leistungen/')) return [...portal, 'portal/services/ServicePage.tsx'];
  if (path === '/sprechtage') return [...portal, 'portal/officedays/OfficeDaysPage.tsx'];
  if (['/barrierefreiheit', '/impressum', '/datenschutz', '/leichte-sprache'].includes(path))
    return [...portal, 'portal/info/InfoPages.tsx'];
  return portal;
}

export interface RenderInput {
  path: string;
  search: string;
  locale: Locale;
  data: Record<string, Preloaded>;
  /** The request's portal (ADR 27): `/<slug>` or '', and the authority's name on its own address. */
  portal?: PortalInfo;
}

/**
 * Renders a page to HTML. The apps and pages are lazy chunks: the first time a chunk is met,
 * React renders its fallback and appends the content with an inline script that swaps it in —
 * which the Content-Security-Policy (no inline scripts) rightly blocks. Once a lazy component
 * has loaded it renders at once, so the page is rendered again until no such script is left
 * (the first request for a kind of page takes two or three passes, all later ones one).
 */
export async function render(input: RenderInput): Promise<{ html: string; title: string | undefined }> {
  for (let pass = 0; ; pass++) {
    const errors: unknown[] = [];
    const result = await renderOnce(input, errors);
    // A component that fails on the server leaves its boundary to the browser — by an inline
    // script, which the CSP blocks: then the whole page is better left to the browser.
    if (errors.length > 0) throw errors[0];
    if (!result.html.includes('<script')) return result;
    if (pass >= 5) throw new Error('server rendering did not settle');
  }
}

async function renderOnce(
  input: RenderInput,
  errors: unknown[],
): Promise<{ html: string; title: string | undefined }> {
  const title: { title?: string } = {};
  const search = input.search && !input.search.startsWith('?') ? `?${input.search}` : input.search;
  const { prelude } = await prerenderToNodeStream(
    <ServerLocationContext.Provider
      value={{ path: input.path, search, portal: input.portal ?? { base: '', name: null } }}
    >
      <ServerTitleContext.Provider value={title}>
        <PreloadProvider data={input.data}>
          <App initialLocale={input.locale} />
        </PreloadProvider>
      </ServerTitleContext.Provider>
    </ServerLocationContext.Provider>,
    // Never move a boundary's content out of line (that needs an inline script to put it back).
    { onError: (error) => void errors.push(error), progressiveChunkSize: Number.POSITIVE_INFINITY },
  );
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (c: Buffer) => chunks.push(c));
  await new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    sink.on('error', reject);
    prelude.pipe(sink);
  });
  return { html: Buffer.concat(chunks).toString('utf8'), title: title.title };
}
