import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../modules/places/demo-ids';
import { createTestApp, type TestApp } from '../test/test-app';

/**
 * One rule for every route: input PostgreSQL cannot hold (NUL bytes, numbers beyond its
 * integers) is refused with 400 and the field named, before any handler runs. The schema fuzz
 * test (api-fuzz.test.ts) throws the same at every operation; these are the reported cases.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

function expectFieldError(
  res: { statusCode: number; json(): any; headers: Record<string, unknown> },
  path: string,
) {
  expect(res.statusCode).toBe(400);
  expect(String(res.headers['content-type'])).toContain('application/problem+json');
  expect(res.json().code).toBe('VALIDATION_FAILED');
  expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
}

describe('NUL bytes', () => {
  it('are refused in a text field of a body, with the field named', async () => {
    const admin = await t.login('admin');
    const res = await admin.post('/api/staff', {
      username: 'nul.test',
      displayName: 'Erika\u0000Muster',
      roles: ['clerk'],
    });
    expectFieldError(res, '/displayName');
    expect(res.json().errors[0]).toMatchObject({ code: 'controlCharacter' });
    expect(res.json().errors[0].message).toMatch(/Steuerzeichen/);
  });

  it('are refused in nested fields and array items', async () => {
    const coordinator = await t.login('coordinator');
    const res = await coordinator.post('/api/kits', {
      name: 'Koffer',
      municipalityIds: [DEMO.municipalitySchoenberg, 'a\u0000'],
      locationIds: [],
    });
    expectFieldError(res, '/municipalityIds/1');
  });

  it('are refused in a path parameter', async () => {
    const res = await t.anonymous().get('/api/catalog/services/personalausweis%00');
    expectFieldError(res, '/params/slug');
  });

  it('are refused in a query parameter', async () => {
    const auditor = await t.login('auditor');
    const res = await auditor.get('/api/audit?username=admin%00');
    expectFieldError(res, '/querystring/username');
  });

  it('are refused in a public citizen form', async () => {
    const res = await t.anonymous().post('/api/status', { caseNumber: 'A\u0000', accessCode: 'x' });
    expectFieldError(res, '/caseNumber');
  });

  it('are refused as half of a surrogate pair PostgreSQL cannot store', async () => {
    const res = await t.anonymous().post('/api/status', { caseNumber: 'A\ud800', accessCode: 'x' });
    expectFieldError(res, '/caseNumber');
  });
});

describe('numbers out of range', () => {
  it('refuses beforeSeq=1e23 in the audit search', async () => {
    const auditor = await t.login('auditor');
    const res = await auditor.get('/api/audit?beforeSeq=1e23');
    expectFieldError(res, '/querystring/beforeSeq');
  });

  it('refuses 2^64 and 1e23 in a body integer that has no stated maximum', async () => {
    const clerk = await t.login('clerk');
    for (const huge of ['18446744073709551616', '1e23', '2147483648']) {
      const res = await clerk.inject({
        method: 'POST',
        url: '/api/cases/01900000-0000-7000-8000-00000000dead/transitions',
        headers: { 'content-type': 'application/json' },
        payload: `{"to": "submitted", "baseVersion": ${huge}}`,
      });
      expectFieldError(res, '/baseVersion');
      expect(res.json().errors[0]).toMatchObject({ code: 'maximum', params: { limit: 2147483647 } });
    }
  });

  it('accepts the largest safe integer for a 64-bit sequence number, and refuses one more', async () => {
    const auditor = await t.login('auditor');
    expect((await auditor.get('/api/audit?beforeSeq=9007199254740991')).statusCode).toBe(200);
    expectFieldError(await auditor.get('/api/audit?beforeSeq=9007199254740992'), '/querystring/beforeSeq');
  });
});

describe('unknown properties', () => {
  it('are refused by the kits plugin too (it adds schemas of its own)', async () => {
    const coordinator = await t.login('coordinator');
    const res = await coordinator.post('/api/kits', {
      name: 'Koffer mit Zusatz',
      municipalityIds: [DEMO.municipalitySchoenberg],
      locationIds: [],
      isAdmin: true,
    });
    expectFieldError(res, '/isAdmin');
    const kits = (await coordinator.get('/api/kits')).json().kits as { name: string }[];
    expect(kits.some((k) => k.name === 'Koffer mit Zusatz')).toBe(false);
  });

  it('are refused and types are not coerced in kit bodies', async () => {
    const coordinator = await t.login('coordinator');
    const res = await coordinator.post('/api/kits', {
      name: 'Koffer',
      municipalityIds: [DEMO.municipalitySchoenberg],
      locationIds: [],
      lockAfterMinutes: '30',
    });
    expectFieldError(res, '/lockAfterMinutes');
  });
});

describe('uploads', () => {
  it('refuse an anonymous upload before its body is read', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const { port } = t.app.server.address() as AddressInfo;
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request({
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/attachments?kind=scan',
          headers: { 'content-type': 'application/pdf', 'content-length': String(10 * 1024 * 1024) },
        });
        req.on('response', (res) => {
          let body = '';
          res.on('data', (c) => {
            body += c;
          });
          res.on('end', () => {
            req.destroy();
            resolve({ status: res.statusCode ?? 0, body });
          });
        });
        req.on('error', reject);
        // Only the first kilobyte is ever sent: a server that waits for the rest never answers.
        req.write(Buffer.alloc(1024, 0x25));
        setTimeout(() => reject(new Error('no answer before the body was complete')), 3000).unref();
      });
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.body).code).toBe('AUTH_REQUIRED');
    } finally {
      t.app.server.closeAllConnections();
    }
  });

  it('refuse an image that declares more pixels than allowed', async () => {
    const clerk = await t.login('clerk');
    const png = Buffer.alloc(64);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(png, 0);
    png.writeUInt32BE(13, 8);
    png.write('IHDR', 12, 'latin1');
    png.writeUInt32BE(30000, 16);
    png.writeUInt32BE(30000, 20);
    const res = await clerk.inject({
      method: 'POST',
      url: '/api/attachments?kind=scan',
      headers: { 'content-type': 'image/png' },
      payload: png,
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('ATTACHMENT_IMAGE_TOO_LARGE');
  });
});

describe('small ones', () => {
  it('marks every API answer with personal data as not to be stored by caches', async () => {
    const clerk = await t.login('clerk');
    const person = await t.db.selectFrom('register_persons').select('id').limit(1).executeTakeFirstOrThrow();
    for (const res of [
      await clerk.get(`/api/register/persons/${person.id}?purpose=Test`),
      await clerk.get('/api/register/persons?familyName=Muster&purpose=Test'),
      await clerk.get('/api/auth/session'),
      await t.anonymous().post('/api/status', { caseNumber: 'X-1', accessCode: 'Y' }),
      await t.anonymous().get('/api/register/persons'),
    ]) {
      expect(res.headers['cache-control']).toContain('no-store');
    }
  });

  it('answers a too long URL parameter with a 414 problem document', async () => {
    const res = await t.anonymous().get(`/api/catalog/services/${'a'.repeat(5000)}`);
    expect(res.statusCode).toBe(414);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 414, code: 'URI_TOO_LONG' });
  });

  it('answers a malformed URL with a 400 problem document', async () => {
    const res = await t.anonymous().get('/api/catalog/services/%E0%A4%A');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('answers mis-cased /API/ paths with a 404 problem document, not the web app', async () => {
    for (const url of ['/API/staff', '/Api/auth/session', '/API']) {
      const res = await t.app.inject({ method: 'GET', url, headers: { accept: 'text/html,*/*' } });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code).toBe('NOT_FOUND');
    }
  });
});
