import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitsWindow, freeDesksAt, type OfficeDayPlan } from '../../../core/booking/slots';
import { uuidv7 } from '../../../core/ids';
import { zonedDateTimeToInstant } from '../../../core/time';
import { createTestApp, type TestApp } from '../../test/test-app';
import { DEMO } from '../places/demo-ids';
import { freeWorkingDay, PA } from './test-support';
import { refusal } from './write-path';

/**
 * The database function that picks a desk (booking_choose_desk, ADR 14) and the rules the browser
 * and the slot listing use (src/core/booking/slots) must agree: for random office days, random
 * appointments on their desks (booked, held, held but expired, cancelled) and a random request,
 * booking_reserve() answers with the same desk — or the same refusal — as fitsWindow and
 * freeDesksAt. The call runs in a transaction that is rolled back.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const MINUTE = 60_000;

const scenario = fc.record({
  desks: fc.integer({ min: 1, max: 3 }),
  slot: fc.constantFrom(5, 10, 15, 20, 30),
  slots: fc.integer({ min: 2, max: 12 }),
  changeover: fc.constantFrom(0, 5, 10),
  busy: fc.array(
    fc.record({
      desk: fc.integer({ min: 1, max: 3 }),
      gap: fc.integer({ min: 0, max: 40 }),
      minutes: fc.integer({ min: 5, max: 45 }),
      status: fc.constantFrom('booked', 'booked', 'held', 'expired-hold', 'cancelled', 'attended'),
    }),
    { maxLength: 10 },
  ),
  // on the grid most of the time (where desks matter), anywhere sometimes
  onGrid: fc.integer({ min: -1, max: 13 }),
  anywhere: fc.option(fc.integer({ min: -20, max: 200 }), { freq: 4, nil: null }),
  minutes: fc.integer({ min: 5, max: 90 }),
});

/** Desk 1 of one, four times of 15 minutes; a request for the first one. */
const base = {
  desks: 1,
  slot: 15,
  slots: 4,
  changeover: 0,
  busy: [] as { desk: number; gap: number; minutes: number; status: string }[],
  onGrid: 0,
  anywhere: null as number | null,
  minutes: 15,
};

class Rollback extends Error {}

describe('the desk the database picks (#13)', () => {
  it('agrees with fitsWindow and freeDesksAt of src/core', async () => {
    const date = freeWorkingDay(40);
    const now = new Date();
    let run = 0;
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(scenario, async (scenario) => {
        const s = { ...scenario, offset: scenario.anywhere ?? scenario.onGrid * scenario.slot };
        const start = zonedDateTimeToInstant(date, '09:00');
        const end = new Date(start.getTime() + s.slot * s.slots * MINUTE);
        const plan: OfficeDayPlan = {
          date,
          startTime: '09:00',
          endTime: '12:00', // not used: the window is given
          desks: s.desks,
          slotMinutes: s.slot,
          changeoverMinutes: s.changeover,
          setupMinutes: 0,
          teardownMinutes: 0,
          travelBeforeMinutes: 0,
          travelAfterMinutes: 0,
          window: { start, end },
        };
        const dayId = uuidv7();
        // Appointments one after another on each desk, as the exclusion constraint allows them.
        const nextFree = new Map<number, number>();
        const rows = s.busy
          .filter((b) => b.desk <= s.desks)
          .map((b) => {
            const from = (nextFree.get(b.desk) ?? start.getTime() - 30 * MINUTE) + b.gap * MINUTE;
            const to = from + b.minutes * MINUTE;
            nextFree.set(b.desk, to + s.changeover * MINUTE);
            return { ...b, from: new Date(from), to: new Date(to) };
          });
        const expected = (() => {
          const windowMinutes = (end.getTime() - start.getTime()) / MINUTE;
          if (s.minutes > windowMinutes) return 'APPOINTMENT_TOO_LONG';
          const at = new Date(start.getTime() + s.offset * MINUTE);
          if (!fitsWindow(plan, at, s.minutes)) return 'SLOT_OUTSIDE_WINDOW';
          const busy = rows
            .filter((r) => r.status === 'booked' || r.status === 'attended' || r.status === 'held')
            .map((r) => ({ desk: r.desk, start: r.from, end: r.to }));
          return freeDesksAt(plan, busy, at, s.minutes)[0] ?? 'SLOT_TAKEN';
        })();
        let actual: number | string = 'none';
        await t.db
          .transaction()
          .execute(async (trx) => {
            await trx
              .insertInto('office_days')
              .values({
                id: dayId,
                authority_id: DEMO.authorityMeerane,
                location_id: DEMO.locations.koethel,
                series_id: null,
                date,
                start_time: '09:00',
                end_time: '12:00',
                starts_at: start,
                ends_at: end,
                desks: s.desks,
                kit_id: null,
                slot_minutes: s.slot,
                changeover_minutes: s.changeover,
                service_ids: null,
                cancel_reason: null,
                note: null,
              })
              .execute();
            for (const [i, r] of rows.entries()) {
              await trx
                .insertInto('appointments')
                .values({
                  id: uuidv7(),
                  authority_id: DEMO.authorityMeerane,
                  office_day_id: dayId,
                  location_id: DEMO.locations.koethel,
                  service_date: date,
                  desk: r.desk,
                  starts_at: r.from,
                  ends_at: r.to,
                  block_end: new Date(r.to.getTime() + s.changeover * MINUTE),
                  status: r.status === 'expired-hold' ? 'held' : (r.status as 'booked'),
                  hold_expires_at:
                    r.status === 'held'
                      ? new Date(now.getTime() + 5 * MINUTE)
                      : r.status === 'expired-hold'
                        ? new Date(now.getTime() - 5 * MINUTE)
                        : null,
                  booking_number: `T-P${run}-${i}-${dayId.slice(-6)}`,
                  manage_token_hash: `${dayId}-${i}`,
                  service_ids: [PA],
                  duration_minutes: r.minutes,
                  name: r.status.includes('held') ? null : 'Test (fiktiv)',
                  email: r.status.includes('held') ? null : 'test@example.org',
                  phone: null,
                  contact_key: null,
                  locale: 'de',
                  channel: 'portal',
                  note: null,
                  created_by: null,
                  confirmed_at: null,
                  cancelled_at: null,
                  cancel_reason: null,
                  anonymised_at: null,
                })
                .execute();
            }
            try {
              const result = await sql<{ r: { desk: number } }>`
                select booking_reserve(${dayId}::uuid, ${DEMO.locations.koethel}::uuid,
                  ${new Date(start.getTime() + s.offset * MINUTE)}::timestamptz, ${s.minutes}::int,
                  ${JSON.stringify([{ id: PA, authorityId: DEMO.authorityMeerane, mobile: true }])}::jsonb,
                  ${now}::timestamptz, 12, null) as r`.execute(trx);
              actual = result.rows[0]!.r.desk;
            } catch (error) {
              actual = refusal(error)?.code ?? String(error);
            }
            throw new Rollback();
          })
          .catch((error) => {
            if (!(error instanceof Rollback)) throw error;
          });
        run++;
        seen.add(typeof expected === 'number' ? 'desk' : expected);
        expect(actual).toEqual(expected);
      }),
      {
        numRuns: 200,
        // One of each kind of answer for sure, whatever the random ones bring.
        examples: [
          [{ ...base, busy: [{ desk: 1, gap: 30, minutes: 15, status: 'booked' }] }], // SLOT_TAKEN
          [{ ...base, busy: [{ desk: 1, gap: 30, minutes: 15, status: 'expired-hold' }] }], // desk 1
          [{ ...base, minutes: 90 }], // APPOINTMENT_TOO_LONG
          [{ ...base, anywhere: 7 }], // SLOT_OUTSIDE_WINDOW
        ],
      },
    );
    // The runs covered every kind of answer, not just the easy ones.
    expect([...seen].sort()).toEqual(['APPOINTMENT_TOO_LONG', 'SLOT_OUTSIDE_WINDOW', 'SLOT_TAKEN', 'desk']);
  }, 120_000);
});
