import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './database';
import { PGliteDialect } from './pglite-dialect';
import { type DbScope, withPublicScope } from './scope';
import { ScopedDialect } from './scoped-driver';
import { pgliteChangeSource, registerChangeSource, serverChangeSource } from './table-changes';

export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** The connection string, when kind = 'postgres' (the live bus opens its own listening connection). */
  url?: string;
  /** The embedded instance, when kind = 'pglite' (tests dump it as a template). */
  pglite?: PGlite;
  /** The connection pool, when kind = 'postgres' (its figures go to /metrics). */
  pool?: pg.Pool;
  /**
   * Opens the pool's connections and has each of them read the catalogue entries of every table
   * (PostgreSQL server): the first requests after a start then find warm connections instead of
   * paying for connecting, authenticating and loading table definitions. Nothing on PGlite.
   */
  warmUp(): Promise<void>;
  close(): Promise<void>;
}

/** Plans a no-op read of every table of the schema: the backend loads their and their indexes' definitions. */
const WARM_UP = `do $$
declare r record;
begin
  for r in select c.oid::regclass as t from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = current_schema() and c.relkind in ('r', 'p') loop
    execute format('select 1 from %s limit 0', r.t);
  end loop;
end $$`;

export interface DatabaseOptions {
  databaseUrl?: string | undefined;
  /** PGlite data directory; undefined = in memory. */
  pgliteDir?: string | undefined;
  /** Start PGlite from a dump (tests). */
  loadDataDir?: Blob | File | undefined;
  poolMax?: number;
  /** Only for a test's own view of its database: the scope of statements sent outside any (db/scope.ts). */
  fallbackScope?: DbScope;
  /** Open a second Kysely on an already open PGlite (a test's view beside the application's). */
  pglite?: PGlite;
}

/** Value parsers shared by both drivers so rows look the same on PGlite and on a server. */
const INT8 = 20;
const DATE = 1082;
const NUMERIC = 1700;

pg.types.setTypeParser(INT8, (v) => Number(v));
pg.types.setTypeParser(DATE, (v) => v);
pg.types.setTypeParser(NUMERIC, (v) => Number(v));
// date[] as text too (PGlite gives strings for its elements); dates hold no commas or quotes.
const DATE_ARRAY = 1182;
// The typings list only built-in scalar type ids; array types are set through the same function.
(pg.types.setTypeParser as (oid: number, parse: (value: string) => unknown) => void)(DATE_ARRAY, (v) =>
  v === '{}' ? [] : v.slice(1, -1).split(','),
);

export class DatabaseUnavailableError extends Error {
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const max = options.poolMax ?? 10;
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max,
      // A fixed pool: connections once open stay open (no reconnecting and re-warming under load).
      min: max,
      connectionTimeoutMillis: 10_000,
      application_name: 'buergerkoffer',
    });
    // Errors on idle clients (server restart) must not crash the process; the next query reconnects.
    pool.on('error', () => {});
    // Every statement carries its scope (ADR 27, db/scope.ts).
    const db = new Kysely<Database>({
      dialect: new ScopedDialect(new PostgresDialect({ pool }), {
        wrapAutocommit: true,
        fallbackScope: options.fallbackScope,
      }),
    });
    try {
      await withPublicScope(db, (db) => sql`select 1`.execute(db));
    } catch (error) {
      await db.destroy().catch(() => {});
      throw new DatabaseUnavailableError(`PostgreSQL server not reachable (${describe(error)})`, error);
    }
    const closeChanges = registerChangeSource(db, serverChangeSource(options.databaseUrl));
    return {
      db,
      kind: 'postgres',
      pool,
      url: options.databaseUrl,
      async warmUp() {
        const clients = await Promise.all(Array.from({ length: max }, () => pool.connect()));
        try {
          await Promise.all(clients.map((c) => c.query(WARM_UP)));
        } finally {
          for (const c of clients) c.release();
        }
      },
      async close() {
        await closeChanges();
        await db.destroy();
      },
    };
  }

  if (options.pglite) {
    const db = new Kysely<Database>({
      dialect: new ScopedDialect(new PGliteDialect(options.pglite), {
        wrapAutocommit: false,
        fallbackScope: options.fallbackScope,
      }),
    });
    return { db, kind: 'pglite', pglite: options.pglite, async warmUp() {}, close: () => db.destroy() };
  }
  if (options.pgliteDir) fs.mkdirSync(path.dirname(options.pgliteDir), { recursive: true });
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      dataDir: options.pgliteDir,
      loadDataDir: options.loadDataDir,
      extensions: { btree_gin, btree_gist, pg_trgm },
      parsers: {
        [INT8]: (v: string) => Number(v),
        [DATE]: (v: string) => v,
        [NUMERIC]: (v: string) => Number(v),
      },
    });
  } catch (error) {
    throw new DatabaseUnavailableError(
      `embedded database in ${options.pgliteDir ?? 'memory'} could not be opened (${describe(error)})`,
      error,
    );
  }
  const db = new Kysely<Database>({
    dialect: new ScopedDialect(new PGliteDialect(pglite), {
      wrapAutocommit: false,
      fallbackScope: options.fallbackScope,
    }),
  });
  const closeChanges = registerChangeSource(db, pgliteChangeSource(pglite));
  return {
    db,
    kind: 'pglite',
    pglite,
    async warmUp() {},
    async close() {
      await closeChanges();
      await db.destroy();
    },
  };
}

function describe(error: unknown): string {
  if (error instanceof AggregateError) return error.errors.map(describe).join('; ');
  if (error instanceof Error) return (error as { code?: string }).code ?? error.message;
  return String(error);
}
