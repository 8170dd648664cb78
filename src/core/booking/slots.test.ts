import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localTime } from '../time';
import {
  appointmentMinutes,
  type BusyInterval,
  computeSlots,
  fitsWindow,
  freeDesksAt,
  kitOccupancy,
  type OfficeDayPlan,
  overlaps,
  remainingCapacity,
  serviceWindow,
} from './slots';

const plan = (over: Partial<OfficeDayPlan> = {}): OfficeDayPlan => ({
  date: '2026-12-08',
  startTime: '09:00',
  endTime: '12:00',
  desks: 2,
  slotMinutes: 15,
  changeoverMinutes: 0,
  setupMinutes: 30,
  teardownMinutes: 15,
  travelBeforeMinutes: 20,
  travelAfterMinutes: 20,
  ...over,
});
const at = (iso: string) => new Date(iso);

describe('slot computation', () => {
  it('offers every quarter hour of a 9–12 window in Berlin winter time', () => {
    const slots = computeSlots(plan(), [], 15);
    expect(slots).toHaveLength(12);
    expect(slots[0]!.start.toISOString()).toBe('2026-12-08T08:00:00.000Z');
    expect(slots.at(-1)!.end.toISOString()).toBe('2026-12-08T11:00:00.000Z');
    expect(slots[0]!.freeDesks).toEqual([1, 2]);
  });

  it('adds up the durations of several services in one appointment', () => {
    const minutes = appointmentMinutes(
      [
        { duration: { defaultMinutes: 15 } },
        { duration: { defaultMinutes: 10, byPlaceKind: { care_home: 20 } } },
        { duration: { defaultMinutes: 5 }, durationOverrideMinutes: 12 },
      ],
      'care_home',
    );
    expect(minutes).toBe(15 + 20 + 12);
    // 47 minutes in a 3-hour window: the last start leaves 47 minutes before 12:00.
    const slots = computeSlots(plan(), [], minutes);
    expect(localTime(slots.at(-1)!.start)).toBe('11:00');
    expect(fitsWindow(plan(), at('2026-12-08T10:15:00Z'), minutes)).toBe(false);
    expect(fitsWindow(plan(), at('2026-12-08T10:00:00Z'), minutes)).toBe(true);
  });

  it('keeps a slot while one desk is free and drops it when all desks are busy', () => {
    const busy: BusyInterval[] = [
      { desk: 1, start: at('2026-12-08T08:00:00Z'), end: at('2026-12-08T08:30:00Z') },
    ];
    expect(freeDesksAt(plan(), busy, at('2026-12-08T08:15:00Z'), 15)).toEqual([2]);
    busy.push({ desk: 2, start: at('2026-12-08T08:00:00Z'), end: at('2026-12-08T08:15:00Z') });
    const slots = computeSlots(plan(), busy, 15);
    expect(slots.map((s) => localTime(s.start))).not.toContain('09:00');
    expect(slots.find((s) => localTime(s.start) === '09:15')!.freeDesks).toEqual([2]);
  });

  it('keeps the changeover buffer free after every appointment', () => {
    const p = plan({ desks: 1, changeoverMinutes: 5 });
    const busy: BusyInterval[] = [
      { desk: 1, start: at('2026-12-08T08:00:00Z'), end: at('2026-12-08T08:15:00Z') },
    ];
    // 09:15 would start right at the end of the 09:00 appointment: inside its changeover.
    expect(freeDesksAt(p, busy, at('2026-12-08T08:15:00Z'), 15)).toEqual([]);
    expect(freeDesksAt(p, busy, at('2026-12-08T08:30:00Z'), 15)).toEqual([1]);
    // A new appointment needs its own changeover before the next one too.
    const later: BusyInterval[] = [
      { desk: 1, start: at('2026-12-08T08:30:00Z'), end: at('2026-12-08T08:45:00Z') },
    ];
    expect(freeDesksAt(p, later, at('2026-12-08T08:15:00Z'), 15)).toEqual([]);
    expect(remainingCapacity(p, [], 15)).toBeLessThan(remainingCapacity(plan({ desks: 1 }), [], 15));
  });

  it('binds the kit for setup, teardown and travel around the window', () => {
    const occ = kitOccupancy(plan());
    expect(occ.start.toISOString()).toBe('2026-12-08T07:10:00.000Z'); // 09:00 − 30 − 20
    expect(occ.end.toISOString()).toBe('2026-12-08T11:35:00.000Z'); // 12:00 + 15 + 20
    const afternoon = kitOccupancy(plan({ startTime: '12:30', endTime: '14:00' }));
    expect(overlaps(occ, afternoon)).toBe(true); // 12:35 end vs 11:40 start of the next
    const later = kitOccupancy(plan({ startTime: '13:30', endTime: '15:00' }));
    expect(overlaps(occ, later)).toBe(false);
  });

  it('drops starts before the cutoff instant', () => {
    const slots = computeSlots(plan(), [], 15, { notBefore: at('2026-12-08T09:40:00Z') });
    expect(localTime(slots[0]!.start)).toBe('10:45');
  });

  it('refuses a window that ends before it starts', () => {
    expect(() => serviceWindow({ date: '2026-12-08', startTime: '12:00', endTime: '09:00' })).toThrow(
      RangeError,
    );
  });
});

describe('slot computation across daylight-saving changes', () => {
  it('uses summer time after the clocks go forward on 29 March 2026', () => {
    const slots = computeSlots(plan({ date: '2026-03-29' }), [], 15);
    expect(slots[0]!.start.toISOString()).toBe('2026-03-29T07:00:00.000Z'); // 09:00 CEST
    expect(slots).toHaveLength(12);
    // The day before is still winter time.
    expect(computeSlots(plan({ date: '2026-03-28' }), [], 15)[0]!.start.toISOString()).toBe(
      '2026-03-28T08:00:00.000Z',
    );
  });

  it('has only two real hours in a 01:00–04:00 window on 29 March 2026', () => {
    const slots = computeSlots(plan({ date: '2026-03-29', startTime: '01:00', endTime: '04:00' }), [], 15);
    expect(slots).toHaveLength(8);
    // 01:45 CET is followed by 03:00 CEST: the hour 02:00–03:00 does not exist.
    expect(slots.map((s) => localTime(s.start))).toEqual([
      '01:00',
      '01:15',
      '01:30',
      '01:45',
      '03:00',
      '03:15',
      '03:30',
      '03:45',
    ]);
  });

  it('has four real hours in a 01:00–04:00 window on 25 October 2026', () => {
    const slots = computeSlots(plan({ date: '2026-10-25', startTime: '01:00', endTime: '04:00' }), [], 15);
    expect(slots).toHaveLength(16);
    // 02:00–03:00 happens twice (first CEST, then CET): distinct instants, one hour apart.
    const twoOClock = slots.filter((s) => localTime(s.start) === '02:00');
    expect(twoOClock.map((s) => s.start.toISOString())).toEqual([
      '2026-10-25T00:00:00.000Z',
      '2026-10-25T01:00:00.000Z',
    ]);
  });

  it('uses winter time after the clocks go back on 25 October 2026', () => {
    expect(computeSlots(plan({ date: '2026-10-25' }), [], 15)[0]!.start.toISOString()).toBe(
      '2026-10-25T08:00:00.000Z',
    );
    expect(computeSlots(plan({ date: '2026-10-24' }), [], 15)[0]!.start.toISOString()).toBe(
      '2026-10-24T07:00:00.000Z',
    );
  });
});

describe('slot computation (properties)', () => {
  it('never offers a slot that overlaps a busy appointment on every desk, and never leaves the window', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 5, max: 45 }),
        fc.array(fc.record({ desk: fc.integer({ min: 1, max: 3 }), slot: fc.integer({ min: 0, max: 11 }) }), {
          maxLength: 12,
        }),
        (desks, duration, taken) => {
          const p = plan({ desks });
          const w = serviceWindow(p);
          const busy = taken
            .filter((b) => b.desk <= desks)
            .map((b) => {
              const start = new Date(w.start.getTime() + b.slot * 15 * 60_000);
              return { desk: b.desk, start, end: new Date(start.getTime() + 15 * 60_000) };
            });
          for (const slot of computeSlots(p, busy, duration)) {
            expect(slot.start.getTime()).toBeGreaterThanOrEqual(w.start.getTime());
            expect(slot.end.getTime()).toBeLessThanOrEqual(w.end.getTime());
            for (const desk of slot.freeDesks) {
              expect(busy.some((b) => b.desk === desk && overlaps(b, slot))).toBe(false);
            }
          }
        },
      ),
    );
  });
});
