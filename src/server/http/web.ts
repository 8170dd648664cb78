import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isWebRoute, KIT_PREFIX } from '../../core/app-routes';

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

export function registerWeb(app: FastifyInstance, webDir: string): void {
  const available = fs.existsSync(path.join(webDir, 'index.html'));
  if (available) {
    app.register(fastifyStatic, {
      root: webDir,
      prefix: '/',
      index: false,
      wildcard: false,
      decorateReply: false,
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
      let status = isWebRoute(pathname) ? 200 : 404;
      for (const { prefix, provide } of headProviders) {
        if (pathname.startsWith(prefix)) {
          const extra = await provide(pathname, request).catch(() => undefined);
          if (extra?.status) status = extra.status;
          if (extra?.title)
            html = html.replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(extra.title)}</title>`);
          if (extra?.head) html = html.replace('</head>', `${extra.head}</head>`);
        }
      }
      reply
        .code(status)
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-cache');
      await reply.send(html);
      return true;
    },
  );
}

declare module 'fastify' {
  interface FastifyInstance {
    serveWebApp(request: FastifyRequest, reply: FastifyReply): Promise<boolean>;
  }
}
