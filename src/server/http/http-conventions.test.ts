import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ config: { bodyLimitBytes: 10_000 } });
});
afterAll(async () => t?.close());

describe('HTTP conventions', () => {
  it('answers /health and /ready', async () => {
    const health = await t.app.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject({ method: 'GET', url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().status).toBe('ready');
  });

  it('serves a valid OpenAPI 3.1 document with the problem schema', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/auth/login']).toBeDefined();
    expect(doc.components.schemas.Problem).toBeDefined();
    expect(doc.components.securitySchemes.sessionCookie).toBeDefined();
  });

  it('answers unknown API routes with a 404 problem document', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/does-not-exist' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 404, code: 'NOT_FOUND', type: '/api/problems/NOT_FOUND' });
    expect(res.json().detail).toMatch(/gibt es nicht/);
  });

  it('speaks English when the caller prefers it', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/nope',
      headers: { 'accept-language': 'en-GB,en;q=0.9,de;q=0.5' },
    });
    expect(res.json().detail).toBe('The requested page or resource does not exist.');
  });

  it('rejects malformed JSON with MALFORMED_JSON', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": "a", ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('MALFORMED_JSON');
  });

  it('rejects wrong types and unknown fields with the failing paths', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 42, password: 'x', admin: true },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('VALIDATION_FAILED');
    const paths = body.errors.map((e: { path: string }) => e.path);
    expect(paths).toContain('/username');
    expect(paths).toContain('/admin');
    const unknown = body.errors.find((e: { path: string }) => e.path === '/admin');
    expect(unknown.code).toBe('additionalProperties');
    expect(unknown.message).toContain('admin');
  });

  it('names missing fields as required', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'x' } });
    expect(res.json().errors).toEqual([
      expect.objectContaining({
        path: '/password',
        code: 'required',
        message: 'Bitte füllen Sie dieses Feld aus.',
      }),
    ]);
  });

  it('refuses oversized bodies with PAYLOAD_TOO_LARGE', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'x', password: 'y'.repeat(20_000) },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses unsupported content types', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/xml' },
      payload: '<login/>',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('sets security headers with a strict content security policy', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it('serves the web app for page routes and a 404 page for unknown pages', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/impressum', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<html lang="de"');
    const missing = await t.app.inject({
      method: 'GET',
      url: '/gibt-es-nicht',
      headers: { accept: 'text/html' },
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('text/html');
  });

  it('serves built assets with long caching and the app HTML for its routes', async () => {
    const webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-web-'));
    fs.mkdirSync(path.join(webDir, 'assets'));
    fs.mkdirSync(path.join(webDir, 'koffer'));
    fs.writeFileSync(
      path.join(webDir, 'index.html'),
      '<!doctype html><html lang="de"><head><title>Portal</title></head><body></body></html>',
    );
    fs.writeFileSync(
      path.join(webDir, 'koffer', 'index.html'),
      '<!doctype html><html lang="de"><head><title>Koffer</title></head><body></body></html>',
    );
    fs.writeFileSync(path.join(webDir, 'assets', 'app-abc123.css'), 'body{}');
    const web = await createTestApp({ config: { webDir } });
    try {
      const css = await web.app.inject({ method: 'GET', url: '/assets/app-abc123.css' });
      expect(css.statusCode).toBe(200);
      expect(css.headers['content-type']).toContain('text/css');
      expect(css.headers['cache-control']).toContain('immutable');
      const kit = await web.app.inject({
        method: 'GET',
        url: '/koffer/vorbereiten',
        headers: { accept: 'text/html' },
      });
      expect(kit.body).toContain('<title>Koffer</title>');
      const portal = await web.app.inject({
        method: 'GET',
        url: '/leistungen/irgendwas',
        headers: { accept: 'text/html' },
      });
      expect(portal.body).toContain('<title>Portal</title>');
      const missing = await web.app.inject({ method: 'GET', url: '/assets/fehlt.js' });
      expect(missing.statusCode).toBe(404);
    } finally {
      await web.close();
      fs.rmSync(webDir, { recursive: true, force: true });
    }
  });
});
