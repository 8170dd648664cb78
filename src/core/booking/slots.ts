/**
 * Slot computation for office days (Sprechtage): pure, shared by the server (booking, capacity
 * re-check under the office-day lock) and the browser (showing times). All instants are real
 * instants; the office day's window is given as a Berlin wall-clock date and times, so a window on
 * a daylight-saving Sunday is as long as the clocks say (2 real hours for 01:00–04:00 on the last
 * Sunday in March, 4 in October).
 */
import {
  type AppointmentPlaceKind,
  type CatalogServiceSummary,
  durationFor,
  type ServiceDuration,
} from '../catalog/types';
import { type IsoDate, type LocalTime, TIME_ZONE, zonedDateTimeToInstant } from '../time';

const MINUTE = 60_000;

export interface OfficeDayPlan {
  /** Local date and window in Europe/Berlin, e.g. 2026-12-08 09:00–12:00. */
  date: IsoDate;
  startTime: LocalTime;
  endTime: LocalTime;
  /** Desks (clerks) serving at the same time; each is one seat. */
  desks: number;
  /** Grid of possible start times, in minutes from the window start (e.g. 15). */
  slotMinutes: number;
  /** Buffer after each appointment at a desk before the next one (changing over, 0 = none). */
  changeoverMinutes: number;
  /** Setting up the kit before the window and packing it after, in minutes. */
  setupMinutes: number;
  teardownMinutes: number;
  /** Travel to the location before setup and away after teardown, in minutes. */
  travelBeforeMinutes: number;
  travelAfterMinutes: number;
  /** The window as instants, when already known (stored with the office day): saves the zone arithmetic. */
  window?: Interval;
}

/** An appointment (held or booked) that occupies a desk. `end` excludes the changeover. */
export interface BusyInterval {
  desk: number;
  start: Date;
  end: Date;
}

export interface Slot {
  start: Date;
  end: Date;
  /** Desks still free for the whole appointment, lowest first. */
  freeDesks: number[];
}

export interface Interval {
  start: Date;
  end: Date;
}

/** The window in which appointments take place (the published hours of the office day). */
export function serviceWindow(
  plan: Pick<OfficeDayPlan, 'date' | 'startTime' | 'endTime' | 'window'>,
): Interval {
  if (plan.window) return plan.window;
  const start = zonedDateTimeToInstant(plan.date, plan.startTime, TIME_ZONE);
  const end = zonedDateTimeToInstant(plan.date, plan.endTime, TIME_ZONE);
  if (end.getTime() <= start.getTime()) {
    throw new RangeError(`window ends before it starts: ${plan.date} ${plan.startTime}–${plan.endTime}`);
  }
  return { start, end };
}

/**
 * The time the kit (and its clerks) are bound to this office day: the window plus setup and
 * teardown on site, plus travel there and back. Two office days or home visits of one kit must
 * not overlap in this sense (a tour).
 */
export function kitOccupancy(plan: OfficeDayPlan): Interval {
  const w = serviceWindow(plan);
  return {
    start: new Date(w.start.getTime() - (plan.setupMinutes + plan.travelBeforeMinutes) * MINUTE),
    end: new Date(w.end.getTime() + (plan.teardownMinutes + plan.travelAfterMinutes) * MINUTE),
  };
}

export function overlaps(a: Interval, b: Interval): boolean {
  return a.start.getTime() < b.end.getTime() && b.start.getTime() < a.end.getTime();
}

/** Minutes one appointment for several services takes at a kind of place: the durations add up. */
export function appointmentMinutes(
  services: { duration: ServiceDuration; durationOverrideMinutes?: number | null }[],
  placeKind: AppointmentPlaceKind,
): number {
  let total = 0;
  for (const s of services) total += durationFor(s.duration, placeKind, s.durationOverrideMinutes ?? null);
  return total;
}

/** Convenience for catalogue summaries. */
export function minutesForServices(
  services: Pick<CatalogServiceSummary, 'duration'>[],
  placeKind: AppointmentPlaceKind,
): number {
  return appointmentMinutes(services, placeKind);
}

/** Start instants on the office day's grid, in real time from the window start. */
export function gridStarts(plan: OfficeDayPlan, durationMinutes: number): Date[] {
  if (!(plan.slotMinutes > 0)) throw new RangeError('slotMinutes must be positive');
  if (!(durationMinutes > 0)) throw new RangeError('duration must be positive');
  const w = serviceWindow(plan);
  const out: Date[] = [];
  for (
    let t = w.start.getTime();
    t + durationMinutes * MINUTE <= w.end.getTime();
    t += plan.slotMinutes * MINUTE
  ) {
    out.push(new Date(t));
  }
  return out;
}

/** True when `start` lies on the grid and the appointment ends inside the window. */
export function fitsWindow(plan: OfficeDayPlan, start: Date, durationMinutes: number): boolean {
  const w = serviceWindow(plan);
  const offset = start.getTime() - w.start.getTime();
  if (offset < 0 || offset % (plan.slotMinutes * MINUTE) !== 0) return false;
  return start.getTime() + durationMinutes * MINUTE <= w.end.getTime();
}

/**
 * Desks free for an appointment from `start` for `durationMinutes`, keeping the changeover after
 * every appointment (existing and new) free. Lowest desk first.
 */
export function freeDesksAt(
  plan: OfficeDayPlan,
  busy: BusyInterval[],
  start: Date,
  durationMinutes: number,
): number[] {
  const change = plan.changeoverMinutes * MINUTE;
  const wanted: Interval = {
    start,
    end: new Date(start.getTime() + durationMinutes * MINUTE + change),
  };
  const free: number[] = [];
  for (let desk = 1; desk <= plan.desks; desk++) {
    const taken = busy.some(
      (b) => b.desk === desk && overlaps(wanted, { start: b.start, end: new Date(b.end.getTime() + change) }),
    );
    if (!taken) free.push(desk);
  }
  return free;
}

/**
 * Bookable slots of one office day for an appointment of `durationMinutes`: every grid start
 * where at least one desk is free for the whole appointment. `notBefore` drops starts earlier
 * than that instant (now, or the booking cutoff).
 */
export function computeSlots(
  plan: OfficeDayPlan,
  busy: BusyInterval[],
  durationMinutes: number,
  options: { notBefore?: Date } = {},
): Slot[] {
  const slots: Slot[] = [];
  for (const start of gridStarts(plan, durationMinutes)) {
    if (options.notBefore && start.getTime() < options.notBefore.getTime()) continue;
    const freeDesks = freeDesksAt(plan, busy, start, durationMinutes);
    if (freeDesks.length > 0) {
      slots.push({ start, end: new Date(start.getTime() + durationMinutes * MINUTE), freeDesks });
    }
  }
  return slots;
}

/** How many appointments of `durationMinutes` still fit, desk by desk, greedily from the start. */
export function remainingCapacity(
  plan: OfficeDayPlan,
  busy: BusyInterval[],
  durationMinutes: number,
): number {
  const taken = [...busy];
  let count = 0;
  for (const start of gridStarts(plan, durationMinutes)) {
    for (;;) {
      const desks = freeDesksAt(plan, taken, start, durationMinutes);
      if (desks.length === 0) break;
      taken.push({
        desk: desks[0]!,
        start,
        end: new Date(start.getTime() + durationMinutes * MINUTE),
      });
      count++;
    }
  }
  return count;
}
