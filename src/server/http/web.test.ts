import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressFile } from '../../web/build/vite-plugin-precompress';
import { createTestApp, type TestApp } from '../test/test-app';

/**
 * What the portal sends over a village's mobile link (#10 point 8): every text response
 * compressed, built assets sent from their precompressed twins, and the citizen pages rendered
 * on the server with their data embedded for hydration — all under the strict CSP.
 *
 * The web build is laid out in a temporary folder: an index.html like Vite's, an asset with its
 * .br/.gz twins made by the build's own precompress step, and `<webDir>-ssr/entry-server.js`
 * pointing at the real server renderer (src/web/ssr/entry-server.tsx).
 */
let t: TestApp;
let webDir: string;
const asset = 'assets/app-test.js';
const assetText = `export const words = ${JSON.stringify('Bürgerkoffer '.repeat(400))};\n`;

beforeAll(async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-web-'));
  webDir = path.join(root, 'web');
  fs.mkdirSync(path.join(webDir, 'assets'), { recursive: true });
  fs.writeFileSync(
    path.join(webDir, 'index.html'),
    fs
      .readFileSync(path.resolve('src/web/index.html'), 'utf8')
      .replace('<script type="module" src="./main.tsx"></script>', '')
      .replace('</head>', `<script type="module" crossorigin src="/${asset}"></script></head>`),
  );
  fs.writeFileSync(path.join(webDir, asset), assetText);
  precompressFile(path.join(webDir, asset));
  fs.mkdirSync(`${webDir}-ssr`);
  fs.writeFileSync(
    `${webDir}-ssr/entry-server.js`,
    `export * from ${JSON.stringify(path.resolve('src/web/ssr/entry-server.tsx'))};\n`,
  );
  t = await createTestApp({ config: { webDir } });
});
afterAll(async () => {
  await t?.close();
});

const html = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers: { accept: 'text/html', ...headers } });

function ssrData(body: string): { locale: string; data: Record<string, { status: number; body: unknown }> } {
  const match = body.match(/<script type="application\/json" id="bk-ssr">([\s\S]*?)<\/script>/);
  expect(match, 'embedded data').not.toBeNull();
  return JSON.parse(match![1]!);
}

describe('compression (#10)', () => {
  it('sends API answers with Brotli or gzip as the client accepts, and plain to a client that accepts neither', async () => {
    const plain = await t.app.inject({
      method: 'GET',
      url: '/api/catalog/services',
      headers: { 'accept-encoding': 'identity' },
    });
    expect(plain.headers['content-encoding']).toBeUndefined();
    const services = plain.json();
    expect(plain.body.length).toBeGreaterThan(1024);

    const br = await t.app.inject({
      method: 'GET',
      url: '/api/catalog/services',
      headers: { 'accept-encoding': 'br' },
    });
    expect(br.headers['content-encoding']).toBe('br');
    expect(String(br.headers.vary)).toMatch(/accept-encoding/i);
    expect(br.rawPayload.length).toBeLessThan(plain.body.length / 3);
    expect(JSON.parse(zlib.brotliDecompressSync(br.rawPayload).toString('utf8'))).toEqual(services);

    const gz = await t.app.inject({
      method: 'GET',
      url: '/api/catalog/services',
      headers: { 'accept-encoding': 'gzip, deflate' },
    });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(zlib.gunzipSync(gz.rawPayload).toString('utf8'))).toEqual(services);

    // Refused by q=0: not Brotli, even if listed.
    const refused = await t.app.inject({
      method: 'GET',
      url: '/api/catalog/services',
      headers: { 'accept-encoding': 'br;q=0, gzip' },
    });
    expect(refused.headers['content-encoding']).toBe('gzip');
  });

  it('sends the HTML of the apps compressed too (it comes from the fallback handler, not a route)', async () => {
    const res = await html('/', { 'accept-encoding': 'gzip, br' });
    expect(res.headers['content-encoding']).toBe('br');
    expect(String(res.headers.vary)).toMatch(/accept-encoding/i);
    expect(zlib.brotliDecompressSync(res.rawPayload).toString('utf8')).toContain('<div id="root"><');
    const plain = await html('/');
    expect(plain.headers['content-encoding']).toBeUndefined();
  });

  it('serves built assets from their precompressed twins, with Content-Encoding and Vary', async () => {
    const br = await t.app.inject({
      method: 'GET',
      url: `/${asset}`,
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(String(br.headers.vary)).toMatch(/accept-encoding/i);
    expect(br.headers['cache-control']).toContain('immutable');
    expect(br.rawPayload.equals(fs.readFileSync(path.join(webDir, `${asset}.br`)))).toBe(true);

    const gz = await t.app.inject({
      method: 'GET',
      url: `/${asset}`,
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.rawPayload).toString('utf8')).toBe(assetText);

    const plain = await t.app.inject({
      method: 'GET',
      url: `/${asset}`,
      headers: { 'accept-encoding': 'identity' },
    });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(assetText);
  });
});

describe('server-rendered citizen pages (#10)', () => {
  it('renders the service page with its content and the API answer it was rendered from', async () => {
    const res = await html('/leistungen/personalausweis-beantragen');
    expect(res.statusCode).toBe(200);
    const root = res.body.slice(res.body.indexOf('<div id="root">'));
    expect(root).toMatch(/<h1[^>]*>Personalausweis beantragen<\/h1>/);
    expect(root).toContain('Was muss ich mitbringen?');
    const { locale, data } = ssrData(res.body);
    expect(locale).toBe('de');
    const service = data['/api/catalog/services/personalausweis-beantragen'];
    expect(service?.status).toBe(200);
    // The same answer the browser would get from the API.
    const api = await t.app.inject({
      method: 'GET',
      url: '/api/catalog/services/personalausweis-beantragen',
    });
    expect(service?.body).toEqual(api.json());
    // The next office days for this service: filtered and limited by the schedule API.
    const next = Object.entries(data).find(([url]) => url.startsWith('/api/schedule/public/office-days'));
    expect(next?.[0]).toBe('/api/schedule/public/office-days?service=personalausweis-beantragen&limit=6');
    expect(next?.[1].status).toBe(200);
    const days = (next![1].body as { officeDays: { services: { slug: string }[] }[] }).officeDays;
    expect(days.length).toBeGreaterThan(0);
    expect(days.length).toBeLessThanOrEqual(6);
    for (const d of days) expect(d.services.map((s) => s.slug)).toContain('personalausweis-beantragen');
    expect(res.body).toContain('<title>Personalausweis beantragen – Bürgerkoffer</title>');
    expect(res.body).not.toContain('<noscript>');
    // The page's own chunks are preloaded.
    expect(res.body).toMatch(
      /<link rel="modulepreload"|<script type="module" crossorigin src="\/assets\/app-test.js">/,
    );
  });

  it('keeps the strict CSP: no inline script but the JSON data block, no unsafe-inline', async () => {
    for (const url of ['/', '/leistungen', '/leistungen/personalausweis-beantragen', '/sprechtage']) {
      const res = await html(url);
      expect(res.statusCode, url).toBe(200);
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      const scripts = [...res.body.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!);
      for (const attrs of scripts)
        expect(attrs, `${url}: ${attrs}`).toMatch(/src="|type="application\/(ld\+)?json"/);
      // "</script>" inside the data cannot end the block early.
      const data = res.body.match(/id="bk-ssr">([\s\S]*?)<\/script>/)![1]!;
      expect(data).not.toContain('<');
    }
  });

  it('keeps hostile text in a service as text: no markup, no script, no "$&" replacement patterns', async () => {
    const hostile = `Gebühr $& $' $\` </script><script>alert(1)</script> <b>fett</b>`;
    const row = await t.db
      .selectFrom('catalog_published')
      .select(['service_id', 'content'])
      .where('slug', '=', 'meldebescheinigung')
      .executeTakeFirstOrThrow();
    const content = typeof row.content === 'string' ? JSON.parse(row.content) : row.content;
    await t.db
      .updateTable('catalog_published')
      .set({ content: JSON.stringify({ ...content, shortText: { ...content.shortText, de: hostile } }) })
      .where('service_id', '=', row.service_id)
      .execute();
    const res = await html('/leistungen/meldebescheinigung');
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<script>alert(1)</script>');
    expect(res.body).not.toContain('<b>fett</b>');
    const root = res.body.slice(res.body.indexOf('<div id="root">'), res.body.indexOf('id="bk-ssr"'));
    expect(root).toContain('Gebühr $&amp; $&#x27; $` &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    const { data } = ssrData(res.body);
    const embedded = data['/api/catalog/services/meldebescheinigung']!.body as {
      content: { shortText: { de: string } };
    };
    expect(embedded.content.shortText.de).toBe(hostile);
  });

  it('renders in English when asked by ?lang=en or by the language cookie', async () => {
    for (const headers of [{}, { cookie: 'bk-locale=en' }] as Record<string, string>[]) {
      const url = Object.keys(headers).length ? '/sprechtage' : '/sprechtage?lang=en';
      const res = await html(url, headers);
      expect(res.body).toContain('<html lang="en"');
      expect(res.body).toMatch(/<h1[^>]*>When is the citizens’ office coming to me\?<\/h1>/);
      expect(ssrData(res.body).locale).toBe('en');
      expect(String(res.headers.vary)).toMatch(/cookie/i);
    }
  });

  it('answers a service that does not exist with 404 and the rendered not-found page', async () => {
    const res = await html('/leistungen/gibt-es-nicht');
    expect(res.statusCode).toBe(404);
    expect(res.body).toMatch(/<h1[^>]*>Diese Leistung haben wir nicht gefunden<\/h1>/);
  });

  it('leaves forms and personal pages to the browser, and gives the terminal its timings', async () => {
    for (const url of ['/termin', '/status', '/hausbesuch', '/anmelden']) {
      const res = await html(url);
      expect(res.body, url).toContain('<div id="root"></div>');
      expect(res.body, url).not.toContain('id="bk-ssr"');
    }
    const kiosk = await html('/terminal/termin');
    expect(kiosk.body).toContain(
      `<meta name="bk-kiosk-idle-seconds" content="${t.config.kioskIdleSeconds}">`,
    );
    expect(kiosk.body).toContain(
      `<meta name="bk-kiosk-countdown-seconds" content="${t.config.kioskCountdownSeconds}">`,
    );
    expect((await html('/')).body).not.toContain('bk-kiosk-idle-seconds');
  });
});
