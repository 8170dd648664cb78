import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Database, Db } from '../../db/database';
import { PGliteDialect } from '../../db/pglite-dialect';
import { pgliteChangeSource, registerChangeSource, serverChangeSource } from '../../db/table-changes';
import { withDatabase } from '../../test/global-setup';
import { type Agent, createTestApp, type TestApp } from '../../test/test-app';
import { checkSolvedChallenge, issueChallenge, type UsedChallenge } from '../antibot/service';
import { SYSTEM_ACTOR } from '../audit/service';
import { book } from './book';
import { createHold } from './holds';
import { bookingSettings } from './routes';
import { at, contact, freeWorkingDay, PA, type PlannedDay, planDay } from './test-support';

/**
 * ADR 14: a hold, a confirmation and a direct booking each take at most four round trips to the
 * database (here: one), counted at the driver — every statement sent, BEGIN and COMMIT included —
 * once the process caches are warm. The benchmark counts the same at the protocol level.
 */
let t: TestApp;
let coordinator: Agent;
let day: PlannedDay;
let counted: { db: Db; close(): Promise<void> };
let statements = 0;

beforeAll(async () => {
  t = await createTestApp();
  coordinator = await t.login('coordinator');
  day = await planDay(t, coordinator, { date: freeWorkingDay(11), desks: 2 });
  const log = () => {
    statements++;
  };
  if (t.database.kind === 'pglite') {
    const db = new Kysely<Database>({ dialect: new PGliteDialect(t.database.pglite!), log });
    const closeChanges = registerChangeSource(db, pgliteChangeSource(t.database.pglite!));
    counted = { db, close: closeChanges };
  } else {
    const url = withDatabase(
      inject('testTemplates').adminUrl!,
      (t.database as unknown as { name: string }).name,
    );
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log });
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
  const result = await work();
  return { result, trips: statements - before };
}

describe('round trips of the booking write path (#13)', () => {
  it('holds, confirms and books directly in one round trip each once the caches are warm', async () => {
    const settings = bookingSettings(t.config);
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
    const settings = bookingSettings(t.config);
    const before = await book(counted.db, settings, SYSTEM_ACTOR, {
      officeDayId: day.id,
      startsAt: at(day.date, '10:30'),
      serviceIds: [PA],
      contact: contact(),
      locale: 'de',
      channel: 'hotline',
    });
    const renamed = `${before.appointment.location.name} (neu)`;
    await t.db
      .updateTable('locations')
      .set({ name: renamed })
      .where('id', '=', before.appointment.location.id)
      .execute();
    await new Promise((r) => setTimeout(r, 200)); // the notification travels to the other connection
    const after = await book(counted.db, settings, SYSTEM_ACTOR, {
      officeDayId: day.id,
      startsAt: at(day.date, '10:45'),
      serviceIds: [PA],
      contact: contact(),
      locale: 'de',
      channel: 'hotline',
    });
    expect(after.appointment.location.name).toBe(renamed);
  });
});
