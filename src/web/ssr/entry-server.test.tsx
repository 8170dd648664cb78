import { describe, expect, it } from 'vitest';
import { nextOfficeDaysUrl } from '../ui/catalog/NextOfficeDays';
import { pageData, pageModules, render } from './entry-server';

/** The server renderer on its own (the server's side is in src/server/http/web.test.ts). */
describe('server-rendered citizen pages (#10)', () => {
  it('renders the home page in German and English, with its title and without any script', async () => {
    const de = await render({ path: '/', search: '', locale: 'de', data: {} });
    expect(de.html).toContain('<main id="main"');
    expect(de.html).toMatch(/<h1[^>]*>Ihr Bürgerbüro/);
    expect(de.title).toMatch(/^Ihr Bürgerbüro.* – Bürgerkoffer$/);
    // The CSP forbids inline scripts: React must not have needed one to finish a boundary.
    expect(de.html).not.toContain('<script');
    const en = await render({ path: '/', search: '', locale: 'en', data: {} });
    expect(en.html).toMatch(/<h1[^>]*>Your citizens/);
    expect(en.html).toContain('lang="de"'); // the language switch names German in German
  });

  it('renders a page behind a lazy chunk in one go once the chunk is loaded', async () => {
    const first = await render({ path: '/impressum', search: '', locale: 'de', data: {} });
    const second = await render({ path: '/impressum', search: '', locale: 'de', data: {} });
    expect(first.html).toBe(second.html);
    expect(first.html).toMatch(/<h1[^>]*>Impressum/);
    expect(first.html).not.toContain('<script');
  });

  it('renders "not found" for a service the API does not know, from the embedded answer', async () => {
    const data = {
      '/api/catalog/services/gibt-es-nicht': { status: 404, body: { code: 'NOT_FOUND' } },
      [nextOfficeDaysUrl('gibt-es-nicht')]: { status: 200, body: { officeDays: [] } },
    };
    const page = await render({ path: '/leistungen/gibt-es-nicht', search: '', locale: 'de', data });
    expect(page.html).toMatch(/<h1[^>]*>Diese Leistung haben wir nicht gefunden<\/h1>/);
    expect(page.html).not.toContain('Wird geladen');
  });

  it('names the API answers each page needs, and renders nothing with forms or personal data', () => {
    expect(pageData('/', '')).toEqual(['/api/queue/public/waiting-times', '/api/operations/notices']);
    expect(pageData('/leistungen/personalausweis-beantragen', '')).toEqual([
      '/api/catalog/services/personalausweis-beantragen',
      nextOfficeDaysUrl('personalausweis-beantragen'),
      '/api/operations/notices',
    ]);
    expect(pageData('/sprechtage', '?ort=abc')).toEqual([
      '/api/schedule/public/villages',
      '/api/schedule/public/office-days?village=abc',
      '/api/operations/notices',
    ]);
    for (const path of [
      '/termin',
      '/termin/kontakt',
      '/status',
      '/terminal',
      '/desk',
      '/anmelden',
      '/hausbesuch',
    ])
      expect(pageData(path, ''), path).toBeNull();
    expect(pageModules('/leistungen/x')).toContain('portal/services/ServicePage.tsx');
  });
});
