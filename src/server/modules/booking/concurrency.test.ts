import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../core/ids';
import { type Agent, createTestApp, type TestApp } from '../../test/test-app';
import { isPostgresRun } from '../../test/test-db';
import { solvedChallenge } from '../antibot/test-support';
import { at, bookDirect, contact, freeWorkingDay, PA, planDay } from './test-support';

/**
 * DESIGN.md §4: double booking is impossible by construction. On PostgreSQL these requests run
 * really in parallel (a pool of 20 connections); on PGlite they are serialised, and must still hold.
 */
let t: TestApp;
let coordinator: Agent;
let citizen: Agent;

beforeAll(async () => {
  t = await createTestApp();
  coordinator = await t.login('coordinator');
  citizen = t.anonymous();
});
afterAll(async () => t?.close());

describe(`no double booking (${isPostgresRun() ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('lets exactly one of 50 concurrent bookings of the last free slot succeed; the rest get SLOT_TAKEN', async () => {
    const day = await planDay(t, coordinator, {
      date: freeWorkingDay(9),
      startTime: '09:00',
      endTime: '09:30',
      desks: 1,
    });
    expect((await bookDirect(citizen, day, '09:00')).statusCode).toBe(201);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        bookDirect(citizen, day, '09:15', [PA], contact(`Person ${i} (fiktiv)`)),
      ),
    );
    const codes = results.map((r) => (r.statusCode === 201 ? 'BOOKED' : r.json().code));
    expect(codes.filter((c) => c === 'BOOKED')).toHaveLength(1);
    expect(codes.filter((c) => c === 'SLOT_TAKEN')).toHaveLength(49);
    const active = await t.db
      .selectFrom('appointments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('office_day_id', '=', day.id)
      .where('status', 'in', ['held', 'booked'])
      .executeTakeFirstOrThrow();
    expect(Number(active.n)).toBe(2);
  });

  it('lets exactly one of 30 concurrent holds of one time succeed, on two desks two', async () => {
    const day = await planDay(t, coordinator, {
      date: freeWorkingDay(9, 1),
      startTime: '10:00',
      endTime: '10:15',
      desks: 2,
    });
    const results = await Promise.all(
      Array.from({ length: 30 }, async () =>
        citizen.post(
          '/api/booking/holds',
          {
            officeDayId: day.id,
            startsAt: at(day.date, '10:00'),
            serviceIds: [PA],
          },
          await solvedChallenge(citizen),
        ),
      ),
    );
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(2);
    expect(results.filter((r) => r.statusCode === 409).every((r) => r.json().code === 'SLOT_TAKEN')).toBe(
      true,
    );
    const desks = await t.db
      .selectFrom('appointments')
      .select('desk')
      .where('office_day_id', '=', day.id)
      .where('status', '=', 'held')
      .orderBy('desk')
      .execute();
    expect(desks.map((d) => d.desk)).toEqual([1, 2]);
  });

  it('makes one booking of concurrent repeats with the same Idempotency-Key', async () => {
    const day = await planDay(t, coordinator, {
      date: freeWorkingDay(9, 2),
      startTime: '11:00',
      endTime: '12:00',
      desks: 1,
    });
    const who = contact();
    const key = `double-tap-${uuidv7()}`;
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        bookDirect(citizen, day, '11:00', [PA], who, { 'idempotency-key': key }),
      ),
    );
    expect(results.every((r) => r.statusCode === 201 || r.statusCode === 200)).toBe(true);
    expect(new Set(results.map((r) => r.json().appointment.bookingNumber)).size).toBe(1);
    const rows = await t.db
      .selectFrom('appointments')
      .select('id')
      .where('office_day_id', '=', day.id)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('has the database refuse an overlapping appointment on one desk even when the code is bypassed', async () => {
    const day = await planDay(t, coordinator, {
      date: freeWorkingDay(9, 3),
      startTime: '09:00',
      endTime: '12:00',
      desks: 1,
    });
    expect((await bookDirect(citizen, day, '09:00')).statusCode).toBe(201);
    const row = await t.db
      .selectFrom('appointments')
      .selectAll()
      .where('office_day_id', '=', day.id)
      .executeTakeFirstOrThrow();
    const copy = {
      ...row,
      id: uuidv7(),
      booking_number: 'T-TEST-0001',
      manage_token_hash: 'x'.repeat(64),
      starts_at: new Date(row.starts_at.getTime() + 5 * 60_000),
      ends_at: new Date(row.ends_at.getTime() + 5 * 60_000),
      block_end: new Date(row.block_end.getTime() + 5 * 60_000),
    } as Record<string, unknown>;
    delete copy.during;
    await expect(
      t.db
        .insertInto('appointments')
        .values(copy as never)
        .execute(),
    ).rejects.toMatchObject({
      code: '23P01',
    });
    // A cancelled appointment does not count: the same time on the same desk is allowed again.
    await t.db.updateTable('appointments').set({ status: 'cancelled' }).where('id', '=', row.id).execute();
    await t.db
      .insertInto('appointments')
      .values(copy as never)
      .execute();
    const overlaps = await sql<{ n: number }>`
      select count(*)::int as n from appointments a join appointments b
        on a.office_day_id = b.office_day_id and a.desk = b.desk and a.id < b.id and a.during && b.during
       where a.status in ('held','booked','attended') and b.status in ('held','booked','attended')`.execute(
      t.db,
    );
    expect(overlaps.rows[0]!.n).toBe(0);
  });
});
