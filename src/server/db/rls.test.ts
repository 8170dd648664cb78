import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/test-db';

/**
 * Row-level security covers every tenant table (ADR 27, migration 0900): a table that a later
 * migration adds with an `authority_id` and without policies fails here (on PGlite as on a
 * server) — `npm run migrate` gives it the standard policy, the test database here was migrated
 * the same way, so this catches a table created outside the migrations or a policy dropped.
 */
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase('empty');
});
afterAll(async () => database?.close());

describe('row-level security (#12)', () => {
  it('is enabled, forced and has a policy on every table with an authority_id', async () => {
    const rows = await sql<{ table: string; enabled: boolean; forced: boolean; policies: number }>`
      select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
        (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p')
        and exists (select 1 from pg_attribute a
                    where a.attrelid = c.oid and a.attname = 'authority_id' and not a.attisdropped)
      order by c.relname
    `.execute(database.db);
    expect(rows.rows.length).toBeGreaterThan(40);
    // The tables of the operations, video and invitations modules are among them (0902).
    const names = rows.rows.map((r) => r.table);
    for (const t of [
      'video_calls',
      'video_terminals',
      'video_invites',
      'video_presence',
      'video_call_images',
      'invitations',
      'invitation_settings',
      'authority_exports',
      'staff_users',
    ])
      expect(names, t).toContain(t);
    const open = rows.rows.filter((r) => !r.enabled || !r.forced || r.policies === 0).map((r) => r.table);
    expect(open).toEqual([]);
  });

  it('gives a table added later the standard policy when the migrations run', async () => {
    await sql`create table rls_probe (id uuid primary key, authority_id uuid not null)`.execute(database.db);
    const before = await sql<{ changed: string[] }>`select app_rls_sweep() as changed`.execute(database.db);
    expect(before.rows[0]!.changed).toEqual(['rls_probe']);
    const policy = await sql<{ qual: string }>`
      select pg_get_expr(polqual, polrelid) as qual from pg_policy where polrelid = 'rls_probe'::regclass
    `.execute(database.db);
    expect(policy.rows[0]!.qual).toMatch(/app_authority\(\)/);
    const again = await sql<{ changed: string[] }>`select app_rls_sweep() as changed`.execute(database.db);
    expect(again.rows[0]!.changed).toEqual([]);
    await sql`drop table rls_probe`.execute(database.db);
  });

  it('closes the register, cases and cash to a 115 agent’s work and leaves the catalogue open', async () => {
    const rows = await sql<{ table: string; qual: string }>`
      select c.relname as table, pg_get_expr(p.polqual, p.polrelid) as qual
      from pg_policy p join pg_class c on c.oid = p.polrelid
      where p.polname = 'tenant_isolation'
    `.execute(database.db);
    const qual = (t: string) => rows.rows.find((r) => r.table === t)?.qual ?? '';
    for (const t of ['register_persons', 'register_residences', 'cases', 'case_documents', 'payments'])
      expect(qual(t), t).toMatch(/NOT app_hotline\(\)/);
    // … and the letters drawn from the register, identity document pictures, offboarding exports (0902).
    for (const t of ['invitations', 'invitation_runs', 'video_call_images', 'authority_exports'])
      expect(qual(t), t).toMatch(/NOT app_hotline\(\)/);
    for (const t of ['catalog_published', 'office_days', 'appointments', 'locations', 'video_calls'])
      expect(qual(t), t).not.toMatch(/app_hotline/);
  });
});
