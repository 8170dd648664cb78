import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueJob } from '../jobs/runner';
import { createTestApp, type TestApp } from '../test/test-app';

const TOKEN = 'metrics-token-0123456789-abcdef';
let t: TestApp;
let off: TestApp;
beforeAll(async () => {
  t = await createTestApp({ config: { metricsToken: TOKEN } });
  off = await createTestApp({ template: 'empty' });
});
afterAll(async () => {
  await t?.close();
  await off?.close();
});

const scrape = (app: TestApp, authorization?: string) =>
  app.app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });

describe('/metrics', () => {
  it('does not exist without METRICS_TOKEN', async () => {
    expect((await scrape(off, `Bearer ${TOKEN}`)).statusCode).toBe(404);
  });

  it('refuses a missing or wrong token, also one that differs only at the end', async () => {
    expect((await scrape(t)).statusCode).toBe(401);
    expect((await scrape(t, `Bearer ${TOKEN.slice(0, -1)}x`)).statusCode).toBe(401);
    expect((await scrape(t, TOKEN)).statusCode).toBe(401);
  });

  it('counts requests by route template and status, with latencies, jobs, outbox and pool', async () => {
    await t.anonymous().get('/api/places/locations');
    await t.anonymous().get('/api/catalog/services/gibt-es-nicht-123');
    await t.anonymous().get('/api/gibt-es-nicht/4711-personal-0815');
    await enqueueJob(t.db, { type: 'metrics.test', runAt: new Date(Date.now() - 60_000) });
    const res = await scrape(t, `Bearer ${TOKEN}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const text = res.body;
    expect(text).toMatch(
      /bk_http_requests_total\{method="GET",route="\/api\/places\/locations",status="200"\} 1/,
    );
    expect(text).toMatch(
      /bk_http_requests_total\{method="GET",route="\/api\/catalog\/services\/:slug",status="404"\} 1/,
    );
    // An unknown URL is one label value; what was in it never becomes a label.
    expect(text).not.toContain('4711-personal-0815'); // (a bare '4711' may occur inside a latency sum)
    expect(text).toMatch(
      /bk_http_request_duration_seconds_bucket\{le="0.1",method="GET",route="\/api\/places\/locations"\}/,
    );
    expect(text).toMatch(/bk_jobs\{status="pending"\} [1-9]/);
    expect(text).toMatch(/bk_jobs_oldest_pending_age_seconds (5[0-9]|[6-9][0-9]|\d{3,})/);
    expect(text).toMatch(/bk_outbox_backlog|# TYPE bk_outbox_backlog gauge/);
    expect(text).toMatch(/bk_db_pool_connections\{state="total"\} \d+/);
    expect(text).toMatch(/bk_authorities\{status="active"\} 1/);
  });
});
