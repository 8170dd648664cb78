import { afterAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../config';
import { createTestApp, type TestApp } from '../test/test-app';

/**
 * Per-address limits attacked with a forged X-Forwarded-For: every request claims another
 * address. Counts how many sign-in attempts get through before the first 429.
 */
const LIMIT = 5;
const apps: TestApp[] = [];
afterAll(async () => {
  for (const a of apps) await a.close();
});

async function appWith(trustProxy: AppConfig['trustProxy']): Promise<TestApp> {
  const t = await createTestApp({
    template: 'empty',
    config: { trustProxy, loginRateLimitPerMinute: LIMIT, publicRateLimitPerMinute: LIMIT },
  });
  apps.push(t);
  return t;
}

/** Sends sign-in attempts until the first 429; returns how many got through before it. */
async function throughBefore429(
  t: TestApp,
  request: (i: number) => { remoteAddress?: string; headers?: Record<string, string> },
  max = 60,
): Promise<number> {
  for (let i = 0; i < max; i++) {
    const { remoteAddress, headers } = request(i);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      ...(remoteAddress ? { remoteAddress } : {}),
      headers: headers ?? {},
      payload: { username: 'niemand', password: 'x' },
    });
    if (res.statusCode === 429) {
      expect(res.json().code).toBe('RATE_LIMITED');
      expect(res.headers['content-type']).toContain('application/problem+json');
      return i;
    }
  }
  return max;
}

const forged = (i: number) => `203.0.113.${(i % 250) + 1}`;

describe('TRUST_PROXY', () => {
  it('is off by default: a forged X-Forwarded-For does not change the counted address', async () => {
    const t = await appWith(false);
    const n = await throughBefore429(t, (i) => ({ headers: { 'x-forwarded-for': forged(i) } }));
    expect(n).toBe(LIMIT);
  });

  it('with one hop counts the address the proxy appended, not the one the client wrote', async () => {
    const t = await appWith(1);
    // The proxy (127.0.0.1, the inject default) appends the address it saw: 198.51.100.7.
    const n = await throughBefore429(t, (i) => ({
      headers: { 'x-forwarded-for': `${forged(i)}, 198.51.100.7` },
    }));
    expect(n).toBe(LIMIT);
    // Another real client behind the same proxy has its own allowance.
    const other = await throughBefore429(t, () => ({ headers: { 'x-forwarded-for': '198.51.100.8' } }));
    expect(other).toBe(LIMIT);
  });

  it('with the proxy’s address believes only that proxy', async () => {
    const t = await appWith(['10.0.0.2']);
    // Direct requests from elsewhere cannot claim an address.
    const direct = await throughBefore429(t, (i) => ({
      remoteAddress: '192.0.2.50',
      headers: { 'x-forwarded-for': forged(i) },
    }));
    expect(direct).toBe(LIMIT);
    // Through the proxy, the client's address as the proxy appended it counts.
    const proxied = await throughBefore429(t, (i) => ({
      remoteAddress: '10.0.0.2',
      headers: { 'x-forwarded-for': `${forged(i)}, 198.51.100.9` },
    }));
    expect(proxied).toBe(LIMIT);
  });

  it('also guards the public write limits (booking, status look-up)', async () => {
    const t = await appWith(false);
    let through = 0;
    for (let i = 0; i < 30; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/status',
        headers: { 'x-forwarded-for': forged(i) },
        payload: { caseNumber: 'X-2026-1', accessCode: 'YYYY' },
      });
      if (res.statusCode === 429) break;
      through++;
    }
    expect(through).toBe(LIMIT);
  });
});
