import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  announcedMinutes,
  estimateWaitMinutes,
  FALLBACK_SERVICE_MINUTES,
  headsUpDue,
  SERVICE_SAMPLE_SIZE,
  typicalServiceMinutes,
} from './wait-estimate';

describe('typical service time', () => {
  it('is the median of the recent durations, not pulled up by one long case', () => {
    expect(typicalServiceMinutes([8, 9, 10, 11, 90])).toBe(10);
    expect(typicalServiceMinutes([8, 12])).toBe(10);
  });

  it('uses only the most recent durations (the day’s pace)', () => {
    const recent = Array.from({ length: SERVICE_SAMPLE_SIZE }, () => 5);
    expect(
      typicalServiceMinutes([
        ...recent,
        60,
        60,
        60,
        60,
        60,
        60,
        60,
        60,
        60,
        60,
        60,
        60,
        60,
        60,
        60,
        60,
        60,
        60,
        60,
        60,
        60,
        60,
      ]),
    ).toBe(5);
  });

  it('falls back to the planned duration without any finished ticket, and ignores nonsense', () => {
    expect(typicalServiceMinutes([])).toBe(FALLBACK_SERVICE_MINUTES);
    expect(typicalServiceMinutes([], 15)).toBe(15);
    expect(typicalServiceMinutes([Number.NaN, -3], 15)).toBe(15);
    expect(typicalServiceMinutes([0, 0, 0])).toBe(1);
  });

  it('always lies within the sampled durations (at least one minute)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 600 }), { minLength: 1, maxLength: 60 }), (d) => {
        const m = typicalServiceMinutes(d);
        const sample = d.slice(0, SERVICE_SAMPLE_SIZE);
        expect(m).toBeGreaterThanOrEqual(Math.max(1, Math.min(...sample)));
        expect(m).toBeLessThanOrEqual(Math.max(1, Math.max(...sample)));
      }),
    );
  });
});

describe('waiting time', () => {
  it('shares the people ahead among the open desks', () => {
    expect(estimateWaitMinutes({ ahead: 4, serviceMinutes: 10, openDesks: 2 })).toBe(20);
    expect(estimateWaitMinutes({ ahead: 3, serviceMinutes: 7, openDesks: 2 })).toBe(11);
    expect(estimateWaitMinutes({ ahead: 0, serviceMinutes: 7, openDesks: 2 })).toBe(0);
  });

  it('counts no open desk as one (someone will call)', () => {
    expect(estimateWaitMinutes({ ahead: 2, serviceMinutes: 10, openDesks: 0 })).toBe(20);
  });

  it('grows with the people ahead and shrinks with more desks, never negative', () => {
    const input = fc.record({
      ahead: fc.integer({ min: 0, max: 500 }),
      serviceMinutes: fc.double({ min: 0, max: 240, noNaN: true }),
      openDesks: fc.integer({ min: -2, max: 30 }),
    });
    fc.assert(
      fc.property(input, (i) => {
        const w = estimateWaitMinutes(i);
        expect(w).toBeGreaterThanOrEqual(0);
        expect(Number.isInteger(w)).toBe(true);
        expect(estimateWaitMinutes({ ...i, ahead: i.ahead + 1 })).toBeGreaterThanOrEqual(w);
        expect(estimateWaitMinutes({ ...i, openDesks: Math.max(1, i.openDesks) + 1 })).toBeLessThanOrEqual(w);
      }),
    );
  });
});

describe('heads-up', () => {
  it('is due once the estimate has come down to the lead time, and always for the next person', () => {
    expect(headsUpDue({ ahead: 3, serviceMinutes: 5, openDesks: 1 }, 10)).toBe(false);
    expect(headsUpDue({ ahead: 2, serviceMinutes: 5, openDesks: 1 }, 10)).toBe(true);
    expect(headsUpDue({ ahead: 0, serviceMinutes: 500, openDesks: 1 }, 10)).toBe(true);
  });

  it('is due exactly when the estimate is within the lead time or nobody is ahead', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 120 }),
        (ahead, serviceMinutes, openDesks, lead) => {
          const due = headsUpDue({ ahead, serviceMinutes, openDesks }, lead);
          expect(due).toBe(ahead === 0 || estimateWaitMinutes({ ahead, serviceMinutes, openDesks }) <= lead);
        },
      ),
    );
  });

  it('announces whole minutes, at least one, in fives above ten', () => {
    expect(announcedMinutes(0)).toBe(1);
    expect(announcedMinutes(7)).toBe(7);
    expect(announcedMinutes(10)).toBe(10);
    expect(announcedMinutes(11)).toBe(15);
    expect(announcedMinutes(21)).toBe(25);
  });
});
