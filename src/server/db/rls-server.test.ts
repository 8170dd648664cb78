import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO } from '../modules/places/demo-ids';
import { APP_ROLE, withDatabase } from '../test/global-setup';
import { createTestDatabase, isPostgresRun, type TestDatabase } from '../test/test-db';
import { UnscopedQueryError, withAuthority, withInstallation, withPublicScope } from './scope';

/**
 * The second wall, attacked directly (ADR 27, #12). On a PostgreSQL server the application runs as
 * a role that is neither superuser nor BYPASSRLS; this file plays a bug in the application — a
 * query of authority A that forgets `where authority_id = …`, a write that names another
 * authority — and an attacker who controls text fields, and shows that row-level security refuses
 * what the application would let through. PGlite runs as superuser, whom RLS does not bind: there
 * only the first test (the application's own wall: no query outside a scope) runs.
 */
const A = DEMO.authorityMeerane;
const B = '0190a000-0000-7000-8000-00000000000b';
const B_MUNICIPALITY = '0190a000-0000-7000-8000-0000000000b1';
const B_LOCATION = '0190a000-0000-7000-8000-0000000000b2';
const B_PERSON = '0190a000-0000-7000-8000-0000000000b3';

/** Tables whose rows belong to one authority, read without any filter. */
const TENANT_TABLES = ['locations', 'municipalities', 'register_persons', 'audit_log'] as const;

let database: TestDatabase;
const server = isPostgresRun();

beforeAll(async () => {
  database = await createTestDatabase('demo');
  if (!server) return;
  // Authority B with a place and a resident, written by the test's own (superuser) view.
  const db = database.db;
  await sql`insert into authorities (id, authority_id, name, short_name, kind, slug, street, postal_code, city)
    values (${B}, ${B}, 'Gemeinde Beispieldorf (fiktiv)', 'Gemeinde Beispieldorf', 'municipality', 'beispieldorf',
      'Dorfstraße 1', '09999', 'Beispieldorf')`.execute(db);
  await sql`insert into municipalities (id, authority_id, name, ags, postal_code)
    values (${B_MUNICIPALITY}, ${B}, 'Beispieldorf', '14999999', '09999')`.execute(db);
  await sql`insert into locations (id, authority_id, municipality_id, name, slug, kind, street, postal_code, city, step_free)
    values (${B_LOCATION}, ${B}, ${B_MUNICIPALITY}, 'Gemeindeamt Beispieldorf', 'rathaus', 'town_hall',
      'Dorfstraße 1', '09999', 'Beispieldorf', true)`.execute(db);
  await sql`insert into register_persons (id, authority_id, family_name, given_names, birth_date, birth_place, sex,
      nationalities, family_name_norm, given_names_norm, search_name, fictitious)
    values (${B_PERSON}, ${B}, 'Geheim', 'Berta', '1970-01-01', 'Beispieldorf', 'female', '{DE}', 'geheim', 'berta',
      'geheim berta', true)`.execute(db);
  await sql`insert into audit_log (id, authority_id, actor_role, action, resource_type, result)
    values (gen_random_uuid(), ${B}, 'admin', 'probe.b', 'probe', 'success')`.execute(db);
});
afterAll(async () => database?.close());

/** A plain connection as the application's role (what an attacker with the app's SQL would hold). */
async function appClient(): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: withDatabase(inject('testTemplates').appUrl!, database.name),
  });
  await client.connect();
  return client;
}

describe('row-level security attacked on a PostgreSQL server (#12)', () => {
  it('refuses a query outside any scope in the application (both databases)', async () => {
    await expect(database.app.db.selectFrom('locations').select('id').execute()).rejects.toBeInstanceOf(
      UnscopedQueryError,
    );
  });

  it.runIf(server)('shows none of B’s rows to A’s work that forgets its filter', async () => {
    const app = database.app.db;
    for (const table of TENANT_TABLES) {
      // Outside a transaction (the driver wraps the statement) and inside one.
      const plain = await withAuthority(app, A, (db) =>
        db.selectFrom(table).select('authority_id').execute(),
      );
      const inTx = await withAuthority(app, A, (db) =>
        db.transaction().execute((trx) => trx.selectFrom(table).select('authority_id').execute()),
      );
      for (const rows of [plain, inTx]) {
        expect(rows.length, table).toBeGreaterThan(0);
        expect(
          rows.filter((r) => r.authority_id !== A && r.authority_id !== null),
          table,
        ).toEqual([]);
      }
    }
    // B's own work sees its rows (the wall is not simply closed).
    const own = await withAuthority(app, B, (db) => db.selectFrom('register_persons').select('id').execute());
    expect(own.map((r) => r.id)).toEqual([B_PERSON]);
    // The public scope sees no tenant rows, only the directory of authorities.
    const pub = await withPublicScope(app, (db) => db.selectFrom('locations').select('id').execute());
    expect(pub).toEqual([]);
    const directory = await withPublicScope(app, (db) => db.selectFrom('authorities').select('id').execute());
    expect(directory.map((r) => r.id).sort()).toEqual([A, B].sort());
    // The installation (never a request's scope) sees both.
    const all = await withInstallation(app, (db) =>
      db.selectFrom('register_persons').select('authority_id').distinct().execute(),
    );
    expect(all.map((r) => r.authority_id).sort()).toEqual([A, B].sort());
  });

  it.runIf(server)('refuses A’s work writing, moving or deleting B’s rows', async () => {
    const app = database.app.db;
    const insert = withAuthority(app, A, (db) =>
      db
        .insertInto('locations')
        .values({
          id: '0190a000-0000-7000-8000-0000000000c1',
          authority_id: B,
          municipality_id: B_MUNICIPALITY,
          name: 'Untergeschoben',
          slug: 'untergeschoben',
          kind: 'other',
          street: 'x',
          postal_code: '09999',
          city: 'x',
          step_free: false,
        } as never)
        .execute(),
    );
    await expect(insert).rejects.toMatchObject({ code: '42501' });
    const updated = await withAuthority(app, A, (db) =>
      db
        .updateTable('register_persons')
        .set({ family_name: 'Überschrieben' })
        .where('id', '=', B_PERSON)
        .executeTakeFirst(),
    );
    expect(Number(updated.numUpdatedRows)).toBe(0);
    // Moving one of A's rows over to B is refused too (WITH CHECK).
    const move = withAuthority(app, A, (db) =>
      db
        .updateTable('locations')
        .set({ authority_id: B } as never)
        .where('authority_id', '=', A)
        .execute(),
    );
    await expect(move).rejects.toMatchObject({ code: expect.stringMatching(/^(42501|23503)$/) });
    const deleted = await withAuthority(app, A, (db) =>
      db.deleteFrom('register_persons').where('id', '=', B_PERSON).executeTakeFirst(),
    );
    expect(Number(deleted.numDeletedRows)).toBe(0);
    const still = await database.db
      .selectFrom('register_persons')
      .select('family_name')
      .where('id', '=', B_PERSON)
      .executeTakeFirstOrThrow();
    expect(still.family_name).toBe('Geheim');
  });

  it.runIf(server)(
    'takes SQL in a text field as text: no forged app.authority_id reaches the server',
    async () => {
      const app = database.app.db;
      const forged = `x', true); select set_config('app.authority_id', '${B}', false); select set_config('app.scope', 'installation', false); --`;
      // Into a row of A (a parameter), and as a search term (a parameter in a LIKE).
      await withAuthority(app, A, (db) =>
        db
          .updateTable('locations')
          .set({ accessibility_notes: forged })
          .where('authority_id', '=', A)
          .execute(),
      );
      const found = await withAuthority(app, A, (db) =>
        db
          .selectFrom('register_persons')
          .select('authority_id')
          .where('search_name', 'like', `%${forged}%`)
          .execute(),
      );
      expect(found).toEqual([]);
      // The text is stored as it was sent, and the next work of A (on the same pool) still sees only A.
      const notes = await withAuthority(app, A, (db) =>
        db.selectFrom('locations').select(['accessibility_notes', 'authority_id']).execute(),
      );
      expect(notes.every((n) => n.authority_id === A && n.accessibility_notes === forged)).toBe(true);
      const settings = await withPublicScope(app, (db) =>
        sql<{
          a: string | null;
          s: string | null;
        }>`select current_setting('app.authority_id', true) as a, current_setting('app.scope', true) as s`.execute(
          db,
        ),
      );
      expect([settings.rows[0]!.a ?? '', settings.rows[0]!.s ?? '']).not.toContain(B);
      expect(settings.rows[0]!.s ?? '').not.toBe('installation');
    },
  );

  it.runIf(server)('gives the application’s role no way around the policies', async () => {
    const client = await appClient();
    try {
      const role = await client.query<{ rolsuper: boolean; rolbypassrls: boolean; rolname: string }>(
        'select rolname, rolsuper, rolbypassrls from pg_roles where rolname = current_user',
      );
      expect(role.rows[0]).toEqual({ rolname: APP_ROLE, rolsuper: false, rolbypassrls: false });
      // A connection with no scope set (as a pooled connection is between transactions) sees nothing.
      const bare = await client.query('select id from register_persons');
      expect(bare.rows).toEqual([]);
      // No superuser to become, no session authorization to take, no policy to switch off.
      for (const attack of [
        'set role bk',
        'set session authorization bk',
        'alter table register_persons no force row level security',
        'alter table register_persons disable row level security',
        'drop policy tenant_isolation on register_persons',
        'alter role current_user bypassrls',
        'create policy open_all on register_persons using (true)',
      ]) {
        await expect(client.query(attack), attack).rejects.toMatchObject({
          code: expect.stringMatching(/^(42501|42P01|0LP01)$/),
        });
      }
      // Still bound afterwards: A's scope set by hand sees A's rows only.
      await client.query('begin');
      await client.query(
        `select set_config('app.authority_id', $1, true), set_config('app.scope', 'authority', true)`,
        [A],
      );
      const mine = await client.query<{ authority_id: string }>(
        'select distinct authority_id from register_persons',
      );
      await client.query('commit');
      expect(mine.rows.map((r) => r.authority_id)).toEqual([A]);
    } finally {
      await client.end();
    }
  });

  it.runIf(server)('keeps no scope on a pooled connection after a transaction ends', async () => {
    const app = database.app.db;
    // Many transactions of B, then work without an authority on the same (small) pool.
    await Promise.all(
      Array.from({ length: 30 }, () =>
        withAuthority(app, B, (db) =>
          db.transaction().execute((trx) => trx.selectFrom('locations').select('id').execute()),
        ),
      ),
    );
    const leaked = await Promise.all(
      Array.from({ length: 30 }, () =>
        withPublicScope(app, (db) => db.selectFrom('register_persons').select('id').execute()),
      ),
    );
    expect(leaked.flat()).toEqual([]);
  });
});
