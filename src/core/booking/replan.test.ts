import { describe, expect, it } from 'vitest';
import { replanAppointments } from './replan';
import type { OfficeDayPlan } from './slots';

const plan = (over: Partial<OfficeDayPlan> = {}): OfficeDayPlan => ({
  date: '2026-12-08',
  startTime: '09:00',
  endTime: '12:00',
  desks: 2,
  slotMinutes: 15,
  changeoverMinutes: 0,
  setupMinutes: 0,
  teardownMinutes: 0,
  travelBeforeMinutes: 0,
  travelAfterMinutes: 0,
  ...over,
});
const appt = (id: string, desk: number, from: string, to: string) => ({
  id,
  desk,
  start: new Date(`2026-12-08T${from}:00+01:00`),
  end: new Date(`2026-12-08T${to}:00+01:00`),
});

describe('replanning the appointments of a changed office day', () => {
  const appointments = [
    appt('a', 1, '09:00', '09:15'),
    appt('b', 2, '09:00', '09:15'),
    appt('c', 1, '11:30', '11:45'),
    appt('d', 2, '10:00', '10:30'),
  ];

  it('hits every appointment when the day moves to another date', () => {
    expect(replanAppointments(plan(), plan({ date: '2026-12-09' }), appointments)).toEqual({
      kept: [],
      hit: ['a', 'b', 'c', 'd'],
    });
  });

  it('hits only the appointments outside a shortened window', () => {
    const r = replanAppointments(plan(), plan({ endTime: '11:00' }), appointments);
    expect(r.hit).toEqual(['c']);
    expect(r.kept).toEqual([
      { id: 'a', desk: 1 },
      { id: 'b', desk: 2 },
      { id: 'd', desk: 2 },
    ]);
  });

  it('moves appointments to a remaining desk when there is room and hits the rest', () => {
    const r = replanAppointments(plan(), plan({ desks: 1 }), appointments);
    expect(r.kept).toEqual([
      { id: 'a', desk: 1 },
      { id: 'd', desk: 1 },
      { id: 'c', desk: 1 },
    ]);
    expect(r.hit).toEqual(['b']);
  });
});
