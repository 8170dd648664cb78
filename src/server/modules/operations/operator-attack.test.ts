import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../test/test-app';
import { DEMO } from '../places/demo-ids';

/**
 * The operator runs the installation but reads no authority's data (#12, ADR 24). Attacked here
 * through every operation of the OpenAPI document with the demo authority's real ids, its
 * authority id in every place a request could carry one (query, header, body), and the answers
 * searched for any resident's name. Only the operator's own account, the public operations and
 * its own /api/operator routes may answer 2xx; every refusal of a staff route is audited.
 */
let t: TestApp;
let operator: Agent;
let doc: {
  paths: Record<
    string,
    Record<string, { security?: unknown[]; parameters?: { name: string; in: string }[] }>
  >;
};
const ids = new Map<string, string>();
let names: string[] = [];

/** What an operator may do for itself: its own session and account (second factor, password). */
const OWN_ACCOUNT = /^\/api\/(auth|account)(\/|$)/;

beforeAll(async () => {
  t = await createTestApp();
  operator = await t.login('operator');
  doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  const first = async (query: string) =>
    (await sql<{ v: string }>`${sql.raw(query)}`.execute(t.db).catch(() => ({ rows: [] as { v: string }[] })))
      .rows[0]?.v;
  for (const [key, query] of [
    ['register', 'select id::text as v from register_persons limit 1'],
    ['case', 'select id::text as v from cases limit 1'],
    ['document', 'select id::text as v from case_documents limit 1'],
    ['kit', 'select id::text as v from kits limit 1'],
    ['office-day', 'select id::text as v from office_days limit 1'],
    ['appointment', 'select id::text as v from appointments limit 1'],
    ['ticket', 'select id::text as v from tickets limit 1'],
    ['outbox', 'select id::text as v from outbox_messages limit 1'],
    ['cash', 'select id::text as v from cash_registers limit 1'],
    ['payment', 'select id::text as v from payments limit 1'],
    ['staff', 'select id::text as v from staff_users where authority_id is not null limit 1'],
    ['home-visit', 'select id::text as v from home_visits limit 1'],
    ['block', 'select id::text as v from register_blocks limit 1'],
    ['location', 'select slug as v from locations limit 1'],
  ] as const) {
    const v = await first(query);
    if (v) ids.set(key, v);
  }
  names = (
    await sql<{
      n: string;
    }>`select distinct family_name as n from register_persons where length(family_name) >= 5`.execute(t.db)
  ).rows.map((r) => r.n);
}, 120_000);
afterAll(async () => t?.close());

function idFor(path: string, param: string): string {
  const hint = `${path} ${param}`.toLowerCase();
  const pick = (key: string) => ids.get(key);
  const v =
    (hint.includes('register') && (param === 'blockId' ? pick('block') : pick('register'))) ||
    (hint.includes('document') && pick('document')) ||
    (hint.includes('case') && pick('case')) ||
    (hint.includes('kit') && pick('kit')) ||
    (hint.includes('home-visit') && pick('home-visit')) ||
    (hint.includes('office-day') && pick('office-day')) ||
    (hint.includes('appointment') && pick('appointment')) ||
    (hint.includes('ticket') && pick('ticket')) ||
    (hint.includes('outbox') && pick('outbox')) ||
    (hint.includes('cash') && pick('cash')) ||
    (hint.includes('payment') && pick('payment')) ||
    (hint.includes('/staff') && pick('staff')) ||
    ((hint.includes('location') || param === 'slug' || param === 'idOrSlug') && pick('location'));
  return v || randomUUID();
}

describe('the operator reads no authority’s data', () => {
  it('is refused by every staff operation of the OpenAPI document, whatever authority it names', async () => {
    expect(names.length).toBeGreaterThan(5);
    const answered: string[] = [];
    const refused: string[] = [];
    let staffOperations = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        // Its own session and account are its own (and a sign-out would end the attack early);
        // the display's event stream never ends and is public.
        if (OWN_ACCOUNT.test(path) || path.endsWith('/events')) continue;
        const url = path.replace(/\{(\w+)\}/g, (_, p: string) => encodeURIComponent(idFor(path, p)));
        const query = new URLSearchParams({
          authorityId: DEMO.authorityMeerane,
          q: 'Müller',
          familyName: 'Müller',
          purpose: 'Prüfung',
        });
        const res = await operator.inject({
          method: method.toUpperCase() as 'GET',
          url: `${url}${url.includes('?') ? '&' : '?'}${query}`,
          headers: {
            'x-authority-id': DEMO.authorityMeerane,
            'x-audit-reason': 'Prüfung',
            'x-forwarded-for': '10.0.0.1',
          },
          ...(['POST', 'PUT', 'PATCH'].includes(method.toUpperCase())
            ? { payload: { authorityId: DEMO.authorityMeerane } }
            : {}),
        });
        const what = `${method.toUpperCase()} ${path} → ${res.statusCode}`;
        const isStaff = !!op.security?.length;
        const own = path.startsWith('/api/operator/');
        if (isStaff && !own) staffOperations++;
        // No answer, public or not, carries a resident's name to the operator.
        const leaked = names.find((n) => res.body.includes(n));
        expect(leaked, `${what} names a resident`).toBeUndefined();
        if (res.statusCode < 300) answered.push(what);
        if (isStaff && !own && res.statusCode < 400) refused.push(`NOT REFUSED ${what}`);
      }
    }
    expect(refused).toEqual([]);
    expect(staffOperations).toBeGreaterThan(60);
    // Still signed in at the end: the refusals were refusals, not a lost session.
    const still = await operator.get('/api/auth/session');
    expect(still.statusCode, still.body).toBe(200);
    // What did answer is public or the operator's own (listed for the reader of a failure).
    for (const a of answered) {
      const path = a.split(' ')[1]!;
      const security = Object.values(doc.paths[path] ?? {}).some((o) => !!o.security?.length);
      if (security) expect(path.startsWith('/api/operator/') || OWN_ACCOUNT.test(path), a).toBe(true);
    }
  }, 120_000);

  it('leaves a denied entry in the audit trail for each staff operation it was refused', async () => {
    const denied = await t.db
      .selectFrom('audit_log')
      .select(['action', 'actor_role', 'authority_id'])
      .where('actor_user_id', '=', operator.userId)
      .where('result', '=', 'denied')
      .execute();
    expect(denied.length).toBeGreaterThan(40);
    expect(denied.every((d) => d.actor_role === 'operator' && d.authority_id === null)).toBe(true);
  });

  it('cannot be given register access by writing to the database: an operator with a clerk role is refused', async () => {
    await expect(
      t.db
        .updateTable('staff_users')
        .set({ roles: ['operator', 'clerk'] })
        .where('id', '=', operator.userId!)
        .execute(),
    ).rejects.toThrow();
    // A session row pointing the operator at an authority does not make it that authority's clerk.
    await t.db
      .updateTable('staff_sessions')
      .set({ authority_id: DEMO.authorityMeerane })
      .where('user_id', '=', operator.userId!)
      .execute()
      .catch(() => undefined);
    const res = await operator.get('/api/register/persons?familyName=M%C3%BCller');
    expect([401, 403]).toContain(res.statusCode);
  });
});
