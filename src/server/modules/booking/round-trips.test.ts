import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  Kysely,
  PostgresDialect,
  type QueryResult,
} from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Database, Db } from '../../db/database';
import { PGliteDialect } from '../../db/pglite-dialect';
import { withAuthority } from '../../db/scope';
import { ScopedDialect } from '../../db/scoped-driver';
import { pgliteChangeSource, registerChangeSource, serverChangeSource } from '../../db/table-changes';
import { AppError } from '../../http/errors';
import { withDatabase } from '../../test/global-setup';
import { type Agent, createTestApp, type TestApp } from '../../test/test-app';
import { checkSolvedChallenge, issueChallenge, type UsedChallenge } from '../antibot/service';
import { SYSTEM_ACTOR } from '../audit/service';
import { DEMO } from '../places/demo-ids';
import { book } from './book';
import { createHold } from './holds';
import { bookingSettings } from './routes';
import { at, contact, freeWorkingDay, PA, type PlannedDay, planDay } from './test-support';
import { callBookingFunction } from './write-path';

/**
 * ADR 14: a hold, a confirmation and a direct booking each take at most four round trips to the
 * database (here: one), counted at the driver — every statement sent, BEGIN and COMMIT included —
 * once the process caches are warm. The benchmark counts the same at the protocol level.
 *
 * ADR 27: the application's scope travels in that same round trip. The counted database is the
 * application's (on a server: the app role, bound by row-level security, through the scoped
 * driver), and the work runs in the demo authority's scope, as a request would.
 */

/** Counts every statement the driver sends, BEGIN/COMMIT/ROLLBACK and scope settings included. */
class CountingDialect implements Dialect {
  constructor(
    private readonly inner: Dialect,
    private readonly count: () => void,
  ) {}
  createAdapter() {
    return this.inner.createAdapter();
  }
  createIntrospector(db: Kysely<any>) {
    return this.inner.createIntrospector(db);
  }
  createQueryCompiler() {
    return this.inner.createQueryCompiler();
  }
  createDriver(): Driver {
    const driver = this.inner.createDriver();
    const count = this.count;
    const wrap = (conn: DatabaseConnection): DatabaseConnection => ({
      executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
        count();
        return conn.executeQuery<R>(compiled);
      },
      streamQuery: (compiled, chunkSize) => conn.streamQuery(compiled, chunkSize),
    });
    const inner = new WeakMap<DatabaseConnection, DatabaseConnection>();
    const raw = (c: DatabaseConnection, text: string) =>
      c.executeQuery(CompiledQuery.raw(text)).then(() => {});
    return {
      init: () => driver.init(),
      async acquireConnection() {
        const conn = await driver.acquireConnection();
        const wrapped = wrap(conn);
        inner.set(wrapped, conn);
        return wrapped;
      },
      beginTransaction: (c) => raw(c, 'begin'),
      commitTransaction: (c) => raw(c, 'commit'),
      rollbackTransaction: (c) => raw(c, 'rollback'),
      releaseConnection: (c) => driver.releaseConnection(inner.get(c)!),
      destroy: () => driver.destroy(),
    };
  }
}

const A = DEMO.authorityMeerane;
/** An authority id no row belongs to: the scope of someone else's work. */
const OTHER = '00000000-0000-4000-8000-00000000beef';
let t: TestApp;
let coordinator: Agent;
let day: PlannedDay;
let counted: { db: Db; close(): Promise<void> };
let statements = 0;

beforeAll(async () => {
  t = await createTestApp();
  coordinator = await t.login('coordinator');
  day = await planDay(t, coordinator, { date: freeWorkingDay(11), desks: 2 });
  const count = () => {
    statements++;
  };
  if (t.database.kind === 'pglite') {
    const db = new Kysely<Database>({
      dialect: new ScopedDialect(new CountingDialect(new PGliteDialect(t.database.pglite!), count), {
        wrapAutocommit: false,
      }),
    });
    const closeChanges = registerChangeSource(db, pgliteChangeSource(t.database.pglite!));
    counted = { db, close: closeChanges };
  } else {
    const url = withDatabase(inject('testTemplates').appUrl!, t.databaseName);
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    const db = new Kysely<Database>({
      dialect: new ScopedDialect(new CountingDialect(new PostgresDialect({ pool }), count), {
        wrapAutocommit: true,
      }),
    });
    const closeChanges = registerChangeSource(db, serverChangeSource(url));
    counted = {
      db,
      async close() {
        await closeChanges();
        await db.destroy();
      },
    };
  }
});
afterAll(async () => {
  await counted?.close();
  await t?.close();
});

/** A challenge solved as the citizen's browser would, verified as the route does (ADR 33). */
async function solved(): Promise<UsedChallenge> {
  const challenge = await issueChallenge(t.config);
  const solution = (await solveChallenge({ challenge, deriveKey }))!;
  const header = Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
  return checkSolvedChallenge(t.config, header);
}

async function roundTrips<T>(work: () => Promise<T>): Promise<{ result: T; trips: number }> {
  const before = statements;
  const result = await withAuthority(counted.db, A, () => work());
  return { result, trips: statements - before };
}

describe('round trips of the booking write path (#13)', () => {
  it('holds, confirms and books directly in one round trip each once the caches are warm', async () => {
    const settings = bookingSettings(t.config, t.app.authorities);
    // A citizen's hold: the solved challenge is marked used by the hold's own statement (ADR 33).
    const hold = async (time: string) => {
      const challenge = await solved();
      return roundTrips(() =>
        createHold(counted.db, settings, {
          officeDayId: day.id,
          startsAt: at(day.date, time),
          serviceIds: [PA],
          channel: 'portal',
          locale: 'de',
          challenge,
        }),
      );
    };
    // Warm: the office day's place, the place and the service are loaded once.
    await hold('09:00');
    // The change listener of this connection is up before the counting starts.
    await new Promise((r) => setTimeout(r, 200));
    await hold('09:15');

    const held = await hold('09:30');
    expect(held.trips).toBeLessThanOrEqual(4);
    expect(held.trips).toBe(1);

    const confirmed = await roundTrips(() =>
      book(counted.db, settings, SYSTEM_ACTOR, {
        holdId: held.result.holdId,
        holdToken: held.result.holdToken,
        contact: contact(),
        locale: 'de',
        channel: 'portal',
      }),
    );
    expect(confirmed.result.appointment.status).toBe('booked');
    // A citizen's own booking also checks the authority's no-show rule (#14) — in the same
    // statement (migration 0640).
    expect(confirmed.trips).toBe(1);

    // A citizen's direct booking: challenge mark, no-show rule and booking in one statement.
    const challenge = await solved();
    const citizen = await roundTrips(() =>
      book(counted.db, settings, SYSTEM_ACTOR, {
        officeDayId: day.id,
        startsAt: at(day.date, '11:00'),
        serviceIds: [PA],
        contact: contact(),
        locale: 'de',
        channel: 'portal',
        challenge,
      }),
    );
    expect(citizen.result.appointment.status).toBe('booked');
    expect(citizen.trips).toBe(1);
    const marked = await t.db
      .selectFrom('antibot_used_challenges')
      .select('nonce')
      .where('nonce', '=', challenge.nonce)
      .execute();
    expect(marked).toHaveLength(1);

    const direct = await roundTrips(() =>
      book(
        counted.db,
        settings,
        SYSTEM_ACTOR,
        {
          officeDayId: day.id,
          startsAt: at(day.date, '10:00'),
          serviceIds: [PA],
          contact: contact(),
          locale: 'de',
          channel: 'hotline',
        },
        `rt-${Date.now()}`,
      ),
    );
    expect(direct.result.appointment.status).toBe('booked');
    expect(direct.trips).toBe(1);

    // Everything a booking writes is there: the mail, the reminder, the audit row.
    const written = await t.db
      .selectFrom('outbox_messages')
      .select('template')
      .where('related_id', '=', direct.result.appointment.id)
      .execute();
    expect(written.map((w) => w.template)).toEqual(['booking.confirmation']);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'resource_id'])
      .where('resource_id', '=', direct.result.appointment.id)
      .execute();
    expect(audit).toEqual([{ action: 'appointment.book', resource_id: direct.result.appointment.id }]);
  });

  it('drops a cached place when the place changes', async () => {
    const settings = bookingSettings(t.config, t.app.authorities);
    const before = await withAuthority(counted.db, A, () =>
      book(counted.db, settings, SYSTEM_ACTOR, {
        officeDayId: day.id,
        startsAt: at(day.date, '10:30'),
        serviceIds: [PA],
        contact: contact(),
        locale: 'de',
        channel: 'hotline',
      }),
    );
    const renamed = `${before.appointment.location.name} (neu)`;
    await t.db
      .updateTable('locations')
      .set({ name: renamed })
      .where('id', '=', before.appointment.location.id)
      .execute();
    await new Promise((r) => setTimeout(r, 200)); // the notification travels to the other connection
    const after = await withAuthority(counted.db, A, () =>
      book(counted.db, settings, SYSTEM_ACTOR, {
        officeDayId: day.id,
        startsAt: at(day.date, '10:45'),
        serviceIds: [PA],
        contact: contact(),
        locale: 'de',
        channel: 'hotline',
      }),
    );
    expect(after.appointment.location.name).toBe(renamed);
  });

  it('runs the booking functions under the scope: another authority’s work finds no office day', async () => {
    const settings = bookingSettings(t.config, t.app.authorities);
    const request = {
      officeDayId: day.id,
      startsAt: at(day.date, '11:00'),
      serviceIds: [PA],
      channel: 'portal' as const,
      locale: 'de' as const,
    };
    // The application's wall: the caches know the day, but not for this authority.
    await expect(
      withAuthority(counted.db, OTHER, () => createHold(counted.db, settings, request)),
    ).rejects.toMatchObject({
      code: 'OFFICE_DAY_NOT_FOUND',
    });
    // The database's wall (a server; PGlite runs as superuser, whom row-level security does not
    // bind): the function itself, called with another authority's scope in its one round trip,
    // finds no office day.
    if (t.database.kind === 'postgres') {
      const before = statements;
      const refused = await withAuthority(counted.db, OTHER, () =>
        callBookingFunction(
          counted.db,
          'booking_hold',
          {
            now: new Date().toISOString(),
            cutoffHours: settings.cutoffHours,
            holdMinutes: settings.holdMinutes,
            officeDayId: day.id,
            locationId: DEMO.locations.gemeindeamtSchoenberg,
            startsAt: request.startsAt,
            minutes: 15,
            services: [],
            id: '00000000-0000-4000-8000-0000000000aa',
            bookingNumber: 'T-RLS-PROBE',
            tokenHash: 'x'.repeat(64),
            locale: 'de',
            channel: 'portal',
          },
          { locale: 'de' },
        ).then(
          () => null,
          (error: unknown) => error,
        ),
      );
      expect(statements - before).toBe(1);
      expect(refused).toBeInstanceOf(AppError);
      expect((refused as AppError).code).toBe('OFFICE_DAY_NOT_FOUND');
    }
    // A's hold confirmed with its token in another authority's scope: unknown there, refused by
    // the confirmation's own statement (the function's scope check on PGlite, row-level security
    // on a server), and the hold stays held.
    const challenge = await solved();
    const held = await withAuthority(counted.db, A, () =>
      createHold(counted.db, settings, { ...request, startsAt: at(day.date, '11:30'), challenge }),
    );
    const before = statements;
    await expect(
      withAuthority(counted.db, OTHER, () =>
        book(counted.db, settings, SYSTEM_ACTOR, {
          holdId: held.holdId,
          holdToken: held.holdToken,
          contact: contact(),
          locale: 'de',
          channel: 'portal',
        }),
      ),
    ).rejects.toMatchObject({ code: 'BOOKING_TOKEN_INVALID' });
    expect(statements - before).toBe(1);
    const still = await t.db
      .selectFrom('appointments')
      .select('status')
      .where('id', '=', held.holdId)
      .executeTakeFirstOrThrow();
    expect(still.status).toBe('held');
    // Nothing was written for the other authority.
    const rows = await t.db
      .selectFrom('appointments')
      .select('id')
      .where('authority_id', '=', OTHER)
      .execute();
    expect(rows).toEqual([]);
  });
});
