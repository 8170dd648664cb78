import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isWebRoute, KIT_PREFIX } from '../../core/app-routes';
import type { Locale } from '../../core/locale';
import { PORTAL_BASE_META, PORTAL_NAME_META } from '../../core/portal';
import { compressText } from './compression';

/**
 * The server renderer the web build leaves in `<webDir>-ssr/entry-server.js` (ADR 0018): which
 * pages it renders and from which API answers, and the rendering itself.
 */
export interface PageRenderer {
  pageData(path: string, search: string): string[] | null;
  pageModules(path: string): string[];
  render(input: {
    path: string;
    search: string;
    locale: Locale;
    data: Record<string, { status: number; body: unknown }>;
    /** The request's portal (ADR 27): links carry its prefix, the header its name. */
    portal?: { base: string; name: string | null };
  }): Promise<{ html: string; title: string | undefined }>;
}

export function rendererPath(webDir: string): string {
  return `${path.resolve(webDir)}-ssr/entry-server.js`;
}

/** The language a server-rendered page is rendered in: ?lang=, else the visitor's choice (cookie), else German. */
export function pageLocale(request: FastifyRequest): Locale {
  const query = request.query as Record<string, unknown> | undefined;
  const fromQuery = query?.lang;
  if (fromQuery === 'de' || fromQuery === 'en') return fromQuery;
  const cookie = request.cookies?.['bk-locale'];
  return cookie === 'en' ? 'en' : 'de';
}

/**
 * A module may add to the HTML head of a page it owns, e.g. the catalogue adds the service's
 * title, description and schema.org JSON-LD to /leistungen/<slug>. Return undefined to add nothing.
 */
export type HeadProvider = (
  pathname: string,
  request: FastifyRequest,
) => Promise<
  | {
      title?: string;
      head?: string;
      /** HTTP status of the page, e.g. 404 for a service that does not exist. */
      status?: number;
    }
  | undefined
>;

const headProviders: { prefix: string; provide: HeadProvider }[] = [];

export function addHeadProvider(prefix: string, provide: HeadProvider): void {
  headProviders.push({ prefix, provide });
}

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** JSON for a <script type="application/ld+json"> block, safe against "</script>" in the data. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/** The portal of a page request: its path prefix, and its authority's name unless it is the default `/`. */
export async function pagePortal(request: FastifyRequest): Promise<{ base: string; name: string | null }> {
  const portal = request.portal;
  if (!portal || portal.via === 'default') return { base: '', name: null };
  // Not decorated in tests that serve pages without the whole app.
  const directory = request.server.authorities as typeof request.server.authorities | undefined;
  const entry = directory ? (await directory.all()).find((e) => e.id === portal.id) : undefined;
  return { base: portal.base, name: entry?.name ?? null };
}

export function registerWeb(app: FastifyInstance, webDir: string): void {
  const available = fs.existsSync(path.join(webDir, 'index.html'));
  if (available) {
    app.register(fastifyStatic, {
      root: webDir,
      prefix: '/',
      index: false,
      wildcard: false,
      decorateReply: false,
      // The build wrote .br and .gz twins of every text asset: send the one the browser accepts,
      // with Content-Encoding and Vary: Accept-Encoding (#10 point 8).
      preCompressed: true,
      // Hashed assets can be cached for a year; HTML and the service worker must revalidate.
      setHeaders(raw, filePath) {
        // @fastify/static passes the Fastify reply here (its type says ServerResponse).
        const reply = raw as unknown as { header(name: string, value: string): void };
        if (/[\\/]assets[\\/]/.test(filePath))
          reply.header('cache-control', 'public, max-age=31536000, immutable');
        else reply.header('cache-control', 'no-cache');
      },
    });
  }
  let renderer: Promise<PageRenderer | null> | undefined;
  function loadRenderer(): Promise<PageRenderer | null> {
    renderer ??= (async () => {
      const file = rendererPath(webDir);
      if (!available || !fs.existsSync(file)) return null;
      try {
        return (await import(/* @vite-ignore */ pathToFileURL(file).href)) as PageRenderer;
      } catch (error) {
        app.log.warn({ err: error }, 'server renderer not loaded; citizen pages are rendered in the browser');
        return null;
      }
    })();
    return renderer;
  }

  /**
   * Renders a citizen page on the server from the same API answers the browser would fetch
   * (asked in-process), or returns undefined to send the app's HTML as it is.
   */
  async function renderPage(
    request: FastifyRequest,
    pathname: string,
    template: string,
    portal: { base: string; name: string | null },
  ): Promise<
    { body: string; data: string; title: string | undefined; locale: Locale; preload: string } | undefined
  > {
    const ssr = await loadRenderer();
    if (!ssr) return undefined;
    const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    const urls = ssr.pageData(pathname, search);
    if (!urls) return undefined;
    const locale = pageLocale(request);
    const data: Record<string, { status: number; body: unknown }> = {};
    for (const url of urls) {
      // Asked as the browser would: below the portal's `/<slug>` and on the request's host, so
      // the answer is the same portal's (ADR 27). Kept under the app's URL, as the page asks.
      const res = await app.inject({
        method: 'GET',
        url: `${portal.base}${url}`,
        headers: {
          accept: 'application/json',
          'accept-language': locale,
          ...(request.headers.host ? { host: request.headers.host } : {}),
        },
      });
      // The browser copes with a missing answer by fetching; a failing API is not rendered.
      if (res.statusCode >= 500) return undefined;
      data[url] = { status: res.statusCode, body: res.json() };
    }
    try {
      const { html, title } = await ssr.render({ path: pathname, search, locale, data, portal });
      return {
        body: html,
        data: jsonForScript({ locale, data }),
        title,
        locale,
        preload: preloadLinks(ssr.pageModules(pathname), template),
      };
    } catch (error) {
      request.log.warn({ err: error }, 'server rendering failed; the page is rendered in the browser');
      return undefined;
    }
  }

  // Vite's manifest: source module → chunk file and the chunks it imports.
  type ManifestEntry = { file: string; imports?: string[]; css?: string[] };
  let manifest: Record<string, ManifestEntry> | null | undefined;
  /** Links for the chunks (and their CSS) of `modules` that the HTML does not load already. */
  function preloadLinks(modules: string[], template: string): string {
    if (manifest === undefined) {
      try {
        manifest = JSON.parse(fs.readFileSync(path.join(webDir, '.vite/manifest.json'), 'utf8'));
      } catch {
        manifest = null;
      }
    }
    if (!manifest) return '';
    const files = new Set<string>();
    const css = new Set<string>();
    const visit = (key: string) => {
      const entry = manifest?.[key];
      if (!entry || files.has(entry.file)) return;
      files.add(entry.file);
      for (const c of entry.css ?? []) css.add(c);
      for (const i of entry.imports ?? []) visit(i);
    };
    for (const m of modules) visit(m);
    const missing = (f: string) => !template.includes(`/${f}"`);
    return [
      ...[...css].filter(missing).map((f) => `<link rel="stylesheet" crossorigin href="/${f}">`),
      ...[...files].filter(missing).map((f) => `<link rel="modulepreload" crossorigin href="/${f}">`),
    ].join('');
  }

  const cache = new Map<string, string>();
  function htmlFile(name: string): string | undefined {
    if (!available) return undefined;
    let html = cache.get(name);
    if (html === undefined) {
      const file = path.join(webDir, name);
      if (!fs.existsSync(file)) return undefined;
      html = fs.readFileSync(file, 'utf8');
      cache.set(name, html);
    }
    return html;
  }

  app.decorate(
    'serveWebApp',
    async function serveWebApp(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
      if (request.method !== 'GET' && request.method !== 'HEAD') return false;
      const pathname = request.url.split('?')[0] ?? '/';
      // /API/… and /Api are the API's namespace too: they answer 404 problem+json, not a page.
      const lower = pathname.toLowerCase();
      if (lower.startsWith('/api/') || lower === '/api') return false;
      const accept = request.headers.accept ?? '';
      if (!accept.includes('text/html') && !accept.includes('*/*')) return false;
      const isKit = pathname === KIT_PREFIX || pathname.startsWith(`${KIT_PREFIX}/`);
      let html = htmlFile(isKit ? 'koffer/index.html' : 'index.html');
      if (html === undefined) {
        html =
          '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Bürgerkoffer</title></head><body><main><h1>Bürgerkoffer</h1><p>Die Weboberfläche ist noch nicht gebaut. Bitte <code>npm run build</code> ausführen.</p></main></body></html>';
      }
      // Below `/<slug>` of a portal that does not exist there is no page (ADR 27).
      let status = isWebRoute(pathname) && !request.portalUnknown ? 200 : 404;
      // The terminal's inactivity timer is the server's setting (KIOSK_IDLE_SECONDS …), read by the
      // kiosk app from these tags: a test or a site shortens it without a code change.
      if (pathname === '/terminal' || pathname.startsWith('/terminal/')) {
        const { kioskIdleSeconds, kioskCountdownSeconds } = app.config;
        html = html.replace(
          '</head>',
          () =>
            `<meta name="bk-kiosk-idle-seconds" content="${kioskIdleSeconds}"><meta name="bk-kiosk-countdown-seconds" content="${kioskCountdownSeconds}"></head>`,
        );
      }
      // The page's portal (ADR 27): below `/<slug>` the apps keep that prefix on every address
      // they build (src/web/ui/portal-base.ts); on a portal's own address the header shows its
      // name. At the installation's default `/` nothing is added.
      const portal = await pagePortal(request);
      if (portal.base || portal.name)
        html = html.replace(
          '</head>',
          () =>
            `<meta name="${PORTAL_BASE_META}" content="${escapeHtml(portal.base)}">${
              portal.name ? `<meta name="${PORTAL_NAME_META}" content="${escapeHtml(portal.name)}">` : ''
            }</head>`,
        );
      const page = !isKit && status === 200 ? await renderPage(request, pathname, html, portal) : undefined;
      // Replacer functions throughout: a "$&" or "$'" in a service text must stay text.
      if (page) {
        html = html
          .replace('</head>', () => `${page.preload}</head>`)
          .replace(/<html lang="[a-z]+"/, () => `<html lang="${page.locale}"`)
          .replace(/<noscript>[\s\S]*?<\/noscript>/, '')
          .replace(
            '<div id="root"></div>',
            () =>
              `<div id="root">${page.body}</div><script type="application/json" id="bk-ssr">${page.data}</script>`,
          );
        if (page.title)
          html = html.replace(/<title>[^<]*<\/title>/, () => `<title>${escapeHtml(page.title!)}</title>`);
      }
      for (const { prefix, provide } of headProviders) {
        if (pathname.startsWith(prefix)) {
          const extra = await provide(pathname, request).catch(() => undefined);
          if (extra?.status) status = extra.status;
          // The server-rendered page's own title is in the visitor's language; keep it.
          if (extra?.title && !page?.title)
            html = html.replace(/<title>[^<]*<\/title>/, () => `<title>${escapeHtml(extra.title!)}</title>`);
          if (extra?.head) html = html.replace('</head>', () => `${extra.head}</head>`);
        }
      }
      reply
        .code(status)
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-cache');
      // The not-found fallback is no route, so @fastify/compress's route hooks do not see it:
      // compress here (Brotli or gzip as the browser accepts; #10 point 8).
      const { body, encoding } = compressText(html, request.headers['accept-encoding']);
      if (encoding) reply.header('content-encoding', encoding);
      reply.header('vary', page ? 'Accept-Encoding, Cookie' : 'Accept-Encoding');
      await reply.send(body);
      return true;
    },
  );
}

declare module 'fastify' {
  interface FastifyInstance {
    serveWebApp(request: FastifyRequest, reply: FastifyReply): Promise<boolean>;
  }
}
