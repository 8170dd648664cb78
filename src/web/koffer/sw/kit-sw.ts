/// <reference lib="webworker" />
/**
 * The field kit's service worker (built to /koffer-sw.js by vite-plugin-kit-sw.ts, which puts
 * SHELL and VERSION in front of this code). It caches the app shell only — HTML, scripts,
 * styles, fonts, icons — so the kit starts with no network. It never touches /api: personal data
 * is never in the Cache Storage, and every API answer is fresh.
 */
declare const SHELL: string[];
declare const VERSION: string;

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `bk-kit-shell-${VERSION}`;
const SHELL_HTML = '/koffer/';

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(
        SHELL.map((url) => new Request(url, { cache: 'reload', credentials: 'same-origin' })),
      );
      // The first install takes over at once; an update waits until the clerk chooses to update.
      if (!sw.registration.active) await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith('bk-kit-shell-') && name !== CACHE) await caches.delete(name);
      }
      await sw.clients.claim();
    })(),
  );
});

sw.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') void sw.skipWaiting();
  if (event.data === 'version') event.source?.postMessage({ version: VERSION });
});

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin) return;
  if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return; // never cached
  if (request.mode === 'navigate') {
    if (url.pathname === '/koffer' || url.pathname.startsWith('/koffer/')) {
      event.respondWith(
        (async () => {
          const cache = await caches.open(CACHE);
          const shell = await cache.match(SHELL_HTML);
          if (shell) return shell;
          return fetch(request);
        })(),
      );
    }
    return;
  }
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      const hit = await cache.match(request, { ignoreSearch: false });
      return hit ?? fetch(request);
    })(),
  );
});
