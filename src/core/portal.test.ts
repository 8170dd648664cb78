import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WEB_ROUTE_PREFIXES } from './app-routes';
import {
  effectivePortalBase,
  INSTALLATION_APP_PREFIXES,
  isPortalBase,
  portalHref,
  splitPortalPath,
  stripPortalBase,
} from './portal';

describe('portal base in the browser (ADR 27, #12)', () => {
  it('puts the prefix in front of portal pages and API URLs, the same way the server takes it off', () => {
    expect(portalHref('/meerane', '/leistungen')).toBe('/meerane/leistungen');
    expect(portalHref('/meerane', '/')).toBe('/meerane/');
    expect(portalHref('/meerane', '/?lang=en')).toBe('/meerane/?lang=en');
    expect(portalHref('/meerane', '/api/catalog/services')).toBe('/meerane/api/catalog/services');
    expect(portalHref('/meerane', '/api/booking/manage/calendar.ics?token=a%2Fb')).toBe(
      '/meerane/api/booking/manage/calendar.ics?token=a%2Fb',
    );
    expect(portalHref('/meerane', '/terminal/sprechtage')).toBe('/meerane/terminal/sprechtage');
    expect(portalHref('/meerane', '/aufruf/rathaus')).toBe('/meerane/aufruf/rathaus');
    expect(splitPortalPath(portalHref('/musterau', '/sprechtage?ort=x'))).toEqual({
      slug: 'musterau',
      rest: '/sprechtage?ort=x',
    });
  });

  it('leaves the staff apps, other hosts, fragments, relative and already prefixed addresses alone', () => {
    for (const p of INSTALLATION_APP_PREFIXES) {
      expect(portalHref('/meerane', p)).toBe(p);
      expect(portalHref('/meerane', `${p}/x?y=1`)).toBe(`${p}/x?y=1`);
    }
    // A prefix that merely starts like a staff app is a portal page.
    expect(portalHref('/meerane', '/deskwork')).toBe('/meerane/deskwork');
    for (const href of [
      'https://example.org/x',
      '//evil.example/x',
      '#main',
      'mailto:a@b.de',
      'termin',
      '',
    ]) {
      expect(portalHref('/meerane', href)).toBe(href);
    }
    expect(portalHref('/meerane', '/meerane/leistungen')).toBe('/meerane/leistungen');
    expect(portalHref('', '/leistungen')).toBe('/leistungen');
    expect(portalHref('', '/api/x')).toBe('/api/x');
  });

  it('takes the prefix off the address for the app, only at a segment boundary', () => {
    expect(stripPortalBase('/meerane', '/meerane/leistungen/x')).toBe('/leistungen/x');
    expect(stripPortalBase('/meerane', '/meerane')).toBe('/');
    expect(stripPortalBase('/meerane', '/meerane/')).toBe('/');
    expect(stripPortalBase('/meerane', '/meeraneost/leistungen')).toBe('/meeraneost/leistungen');
    expect(stripPortalBase('/meerane', '/anmelden')).toBe('/anmelden');
    expect(stripPortalBase('', '/leistungen')).toBe('/leistungen');
  });

  it('uses the server’s prefix only while the address is below it, and only a valid one', () => {
    expect(effectivePortalBase('/meerane', '/meerane/termin')).toBe('/meerane');
    expect(effectivePortalBase('/meerane', '/meerane')).toBe('/meerane');
    // After leaving for the staff sign-in the prefix no longer applies.
    expect(effectivePortalBase('/meerane', '/anmelden')).toBe('');
    expect(effectivePortalBase('/api', '/api/x')).toBe('');
    expect(effectivePortalBase('/leistungen', '/leistungen')).toBe('');
    expect(effectivePortalBase('meerane', '/meerane/x')).toBe('');
    expect(effectivePortalBase('/Meerane', '/Meerane/x')).toBe('');
    expect(effectivePortalBase('/a/b', '/a/b/x')).toBe('');
    expect(isPortalBase('')).toBe(true);
    expect(isPortalBase('/musterau')).toBe(true);
    expect(isPortalBase('/"><script>')).toBe(false);
  });

  it('round-trips every app path through prefix and strip (property)', () => {
    const slug = fc
      .stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?$/)
      .filter((s) => isPortalBase(`/${s}`));
    const segment = fc.stringMatching(/^[a-z0-9._~-]{1,12}$/);
    const appPath = fc.oneof(
      fc.constantFrom(...WEB_ROUTE_PREFIXES, '/', '/api/catalog/services'),
      fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => `/${s.join('/')}`),
    );
    fc.assert(
      fc.property(slug, appPath, (s, path) => {
        const base = `/${s}`;
        const address = portalHref(base, path);
        if (INSTALLATION_APP_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`))) {
          expect(address).toBe(path);
          return;
        }
        if (path === base || path.startsWith(`${base}/`)) return; // already prefixed
        expect(stripPortalBase(base, address)).toBe(path);
        // The server finds the same portal and the same path.
        expect(splitPortalPath(address)).toEqual({ slug: s, rest: path });
      }),
    );
  });
});
