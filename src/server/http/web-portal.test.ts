import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PORTAL_BASE_META, PORTAL_LOGO_META, PORTAL_NAME_META } from '../../core/portal';
import { SERVICE_IDS } from '../modules/catalog/demo-ids';
import { DEMO } from '../modules/places/demo-ids';
import { brandingDir } from '../modules/places/portal-look';
import { type AddedAuthority, addAuthority } from '../modules/places/test-support';
import { createTestApp, type TestApp } from '../test/test-app';

/**
 * The browser apps learn their portal from the page (#12, ADR 27): below `/<slug>/…` every page
 * names the prefix and the authority in two `<meta>` tags, and a server-rendered citizen page is
 * rendered from that portal's API answers with every link below the prefix — so the browser
 * hydrates the same markup. At the installation's default `/` nothing is added.
 *
 * The web build is laid out as in web.test.ts: Vite's index.html and the real server renderer.
 */
let t: TestApp;
let b: AddedAuthority;
let h: AddedAuthority;
const HOST = 'termine.beispiel-h.example';

beforeAll(async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-web-portal-'));
  const webDir = path.join(root, 'web');
  fs.mkdirSync(webDir, { recursive: true });
  fs.writeFileSync(
    path.join(webDir, 'index.html'),
    fs
      .readFileSync(path.resolve('src/web/index.html'), 'utf8')
      .replace('<script type="module" src="./main.tsx"></script>', ''),
  );
  fs.mkdirSync(`${webDir}-ssr`);
  fs.writeFileSync(
    `${webDir}-ssr/entry-server.js`,
    `export * from ${JSON.stringify(path.resolve('src/web/ssr/entry-server.tsx'))};\n`,
  );
  t = await createTestApp({ config: { webDir, portalDefaultAuthority: 'meerane' } });
  b = await addAuthority(t, { n: 301, slug: 'beispiel-w' });
  h = await addAuthority(t, { n: 302, slug: 'beispiel-h', host: HOST });
});
afterAll(async () => {
  await t?.close();
});

const page = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers: { accept: 'text/html', ...headers } });

function meta(body: string, name: string): string | null {
  const m = new RegExp(`<meta name="${name}" content="([^"]*)">`).exec(body);
  return m ? m[1]! : null;
}

function ssrServices(body: string): string[] {
  const m = body.match(/<script type="application\/json" id="bk-ssr">([\s\S]*?)<\/script>/);
  expect(m, 'embedded data').not.toBeNull();
  const data = JSON.parse(m![1]!).data as Record<
    string,
    { status: number; body: { services: { id: string }[] } }
  >;
  // Kept under the URL the page asks for (without the prefix), so the browser finds it.
  expect(Object.keys(data)).toContain('/api/catalog/services');
  return data['/api/catalog/services']!.body.services.map((s) => s.id).sort();
}

describe('the portal base in the page (#12)', () => {
  it('below /<slug>/ names the prefix and the authority, and renders that portal’s services with prefixed links', async () => {
    const res = await page('/beispiel-w/leistungen');
    expect(res.statusCode).toBe(200);
    expect(meta(res.body, PORTAL_BASE_META)).toBe('/beispiel-w');
    expect(meta(res.body, PORTAL_NAME_META)).toBe('Gemeinde Beispiel 301 (fiktiv)');
    expect(ssrServices(res.body)).toEqual(Object.values(b.services).sort());
    const root = res.body.slice(res.body.indexOf('<div id="root">'));
    const hrefs = [...root.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
    expect(hrefs).toContain(`/beispiel-w/leistungen/${'personalausweis-beantragen'}`);
    expect(hrefs).toContain('/beispiel-w/sprechtage');
    // Every link of the page stays in the portal, but for the staff sign-in at the installation's address.
    expect(hrefs.filter((x) => x.startsWith('/') && !x.startsWith('/beispiel-w/'))).toEqual(['/anmelden']);
    expect(root).toContain('Bürgerbüro: Gemeinde Beispiel 301 (fiktiv)');
  });

  it('at the default / adds nothing and renders the default portal as before', async () => {
    const res = await page('/leistungen');
    expect(res.statusCode).toBe(200);
    expect(meta(res.body, PORTAL_BASE_META)).toBeNull();
    expect(meta(res.body, PORTAL_NAME_META)).toBeNull();
    const ids = ssrServices(res.body);
    expect(ids).toContain(SERVICE_IDS['personalausweis-beantragen']);
    expect(ids.filter((id) => Object.values(b.services).includes(id))).toEqual([]);
    expect(res.body).toContain('href="/leistungen/personalausweis-beantragen"');
    expect(res.body).not.toContain('href="/meerane/');
  });

  it('on an authority’s own host renders that authority (no prefix), also for the server’s own API requests', async () => {
    const res = await page('/leistungen', { host: HOST });
    expect(res.statusCode).toBe(200);
    expect(meta(res.body, PORTAL_BASE_META)).toBe('');
    expect(meta(res.body, PORTAL_NAME_META)).toBe('Gemeinde Beispiel 302 (fiktiv)');
    expect(ssrServices(res.body)).toEqual(Object.values(h.services).sort());
    expect(res.body).toContain('href="/leistungen/personalausweis-beantragen"');
  });

  it('keeps the staff apps at the installation address and an unknown portal a 404 page', async () => {
    const staff = await page('/beispiel-w/anmelden');
    expect(staff.statusCode).toBe(200);
    expect((await page('/gibt-es-nicht/leistungen')).statusCode).toBe(404);
    expect(meta((await page('/gibt-es-nicht/leistungen')).body, PORTAL_BASE_META)).toBeNull();
  });
});

describe('a portal’s catalogue stays its own (#12, the application’s wall)', () => {
  it('a search below /<slug>/ finds only that authority’s services', async () => {
    const citizen = t.anonymous();
    const res = await citizen.get('/beispiel-w/api/catalog/search?q=Personalausweis&limit=50');
    expect(res.statusCode, res.body).toBe(200);
    const ids = (res.json().results as { id: string }[]).map((r) => r.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.filter((id) => !Object.values(b.services).includes(id))).toEqual([]);
  });

  it('another authority’s id in ?authorityId= finds nothing on a portal (it may only narrow, never widen)', async () => {
    const citizen = t.anonymous();
    const list = await citizen.get(`/beispiel-w/api/catalog/services?authorityId=${h.id}`);
    expect(list.statusCode).toBe(200);
    expect(list.json().services).toEqual([]);
    const search = await citizen.get(`/beispiel-w/api/catalog/search?q=Personalausweis&authorityId=${h.id}`);
    expect(search.statusCode).toBe(200);
    expect(search.json().results).toEqual([]);
    // Its own id is fine.
    const own = await citizen.get(`/beispiel-w/api/catalog/services?authorityId=${b.id}`);
    expect((own.json().services as unknown[]).length).toBe(Object.keys(b.services).length);
  });
});

describe('the portal address in links the server writes (#12, ADR 28)', () => {
  it('is <PUBLIC_URL>/<slug>, the own host, or PUBLIC_URL for the default portal', async () => {
    const dir = t.app.authorities;
    const publicUrl = 'https://buergerkoffer.example/';
    expect(await dir.portalUrl(b.id, publicUrl)).toBe('https://buergerkoffer.example/beispiel-w');
    expect(await dir.portalUrl(h.id, publicUrl)).toBe(`https://${HOST}`);
    expect(await dir.portalUrl(h.id, 'http://localhost:3000')).toBe(`http://${HOST}`);
    expect(await dir.portalUrl(DEMO.authorityMeerane, publicUrl)).toBe('https://buergerkoffer.example');
    expect(await dir.portalUrl(undefined, publicUrl)).toBe('https://buergerkoffer.example');
    expect(await dir.portalUrl('0190a000-0000-7000-8000-000000999999', publicUrl)).toBe(
      'https://buergerkoffer.example',
    );
  });
});

describe('each portal its own look and legal notice (#12)', () => {
  const PNG = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  );
  const LOGO = `${'a1'.repeat(32)}.png`;

  async function setLook(
    id: string,
    branding: Record<string, unknown>,
    imprint: Record<string, unknown> = {},
  ) {
    await sql`update authorities set branding = ${JSON.stringify(branding)}::jsonb,
        imprint = ${JSON.stringify(imprint)}::jsonb where id = ${id}`.execute(t.db);
    t.app.authorities.invalidate();
  }

  it('names the authority, its address and its imprint on its own portal; Meerane’s on the default', async () => {
    await setLook(b.id, {}, { representative: 'Bürgermeisterin Beispiel', vatId: 'DE999999999' });
    const own = await t.app.inject({ method: 'GET', url: '/beispiel-w/api/places/portal' });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toMatchObject({
      id: b.id,
      name: 'Gemeinde Beispiel 301 (fiktiv)',
      street: 'Dorfstraße 1',
      imprint: { representative: 'Bürgermeisterin Beispiel', vatId: 'DE999999999' },
      primaryColour: null,
      logo: false,
    });
    const byHost = await t.app.inject({ method: 'GET', url: '/api/places/portal', headers: { host: HOST } });
    expect(byHost.json().id).toBe(h.id);
    const home = await t.app.inject({ method: 'GET', url: '/api/places/portal' });
    expect(home.json()).toMatchObject({ id: DEMO.authorityMeerane, city: 'Meerane', phone: '03764 54-0' });
    // The legal notice page is rendered from the portal's own answer.
    const res = await page('/beispiel-w/impressum');
    expect(res.statusCode).toBe(200);
    const root = res.body.slice(res.body.indexOf('<div id="root">'));
    expect(root).toContain('Gemeinde Beispiel 301 (fiktiv)');
    expect(root).toContain('Bürgermeisterin Beispiel');
    expect(root).not.toContain('Meerane');
  });

  it('names the portal’s own authority on the accessibility, privacy and easy-read pages', async () => {
    for (const path of ['/barrierefreiheit', '/datenschutz', '/leichte-sprache']) {
      const res = await page(`/beispiel-w${path}`);
      expect(res.statusCode).toBe(200);
      const root = res.body.slice(res.body.indexOf('<div id="root">'));
      expect(root, path).toContain(
        path === '/leichte-sprache' ? 'Beispiel 301' : 'Gemeinde Beispiel 301 (fiktiv)',
      );
      expect(root, path).not.toContain('Meerane');
      const home = await page(path);
      expect(home.body.slice(home.body.indexOf('<div id="root">')), path).toContain('Meerane');
    }
  });

  it('puts the colour after KERN’s style and the logo in the header; serves both safely', async () => {
    fs.mkdirSync(brandingDir(t.config.dataDir, b.id), { recursive: true });
    fs.writeFileSync(path.join(brandingDir(t.config.dataDir, b.id), LOGO), PNG);
    await setLook(b.id, { primaryColour: '#0B5A3C', logo: LOGO });
    const res = await page('/beispiel-w/leistungen');
    expect(res.body).toContain(
      '<link rel="stylesheet" href="/beispiel-w/api/places/portal/branding.css?v=0b5a3c">',
    );
    expect(meta(res.body, PORTAL_LOGO_META)).toBe(
      `/beispiel-w/api/places/portal/logo?v=${LOGO.slice(0, 12)}`,
    );
    // The server-rendered header shows the logo, decorative beside the name.
    expect(res.body).toMatch(
      /<img class="bk-brand__logo" src="\/beispiel-w\/api\/places\/portal\/logo\?v=a1a1a1a1a1a1" alt=""/,
    );
    const css = await t.app.inject({ method: 'GET', url: '/beispiel-w/api/places/portal/branding.css' });
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(css.body).toContain('--kern-color-action-default: #0b5a3c;');
    const logo = await t.app.inject({ method: 'GET', url: '/beispiel-w/api/places/portal/logo' });
    expect(logo.statusCode).toBe(200);
    expect(logo.headers['content-type']).toBe('image/png');
    expect(logo.headers['x-content-type-options']).toBe('nosniff');
    expect(logo.headers['content-security-policy']).toContain("default-src 'none'");
    expect(Buffer.compare(logo.rawPayload, PNG)).toBe(0);
    // Meerane's portal has no colour and no logo: nothing added, nothing served.
    const home = await page('/leistungen');
    expect(home.body).not.toContain('branding.css');
    expect(meta(home.body, PORTAL_LOGO_META)).toBeNull();
    expect((await t.app.inject({ method: 'GET', url: '/api/places/portal/logo' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/places/portal/branding.css' })).body).toBe('');
  });

  it('lets no value written to the database past the application inject style or reach another file', async () => {
    const secret = path.join(t.config.dataDir, 'secret.txt');
    fs.writeFileSync(secret, 'geheim');
    for (const branding of [
      { primaryColour: '#000000;}body{display:none}', logo: '../../secret.txt' },
      { primaryColour: 'red', logo: '../secret.txt' },
      {
        primaryColour: '#0b5a3c"><script>alert(1)</script>',
        logo: `${'a1'.repeat(32)}.png/../../../secret.txt`,
      },
    ]) {
      await setLook(b.id, branding);
      const res = await page('/beispiel-w/leistungen');
      expect(res.body).not.toContain('branding.css');
      expect(res.body).not.toContain('<script>alert');
      expect(meta(res.body, PORTAL_LOGO_META)).toBeNull();
      const css = await t.app.inject({ method: 'GET', url: '/beispiel-w/api/places/portal/branding.css' });
      expect(css.body).toBe('');
      const logo = await t.app.inject({ method: 'GET', url: '/beispiel-w/api/places/portal/logo' });
      expect(logo.statusCode).toBe(404);
      expect(logo.body).not.toContain('geheim');
      expect(
        (await t.app.inject({ method: 'GET', url: '/beispiel-w/api/places/portal' })).json(),
      ).toMatchObject({
        primaryColour: null,
        logo: false,
      });
    }
    await setLook(b.id, {});
  });
});
