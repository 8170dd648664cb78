/**
 * What happens to the appointments of an office day when the coordinator changes it: each one
 * keeps its time if it still fits the new window and a desk is free for it (its own desk first),
 * otherwise it is hit — cancelled, and the citizen is told and asked to rebook. A new date hits
 * every appointment. Pure, so the preview the coordinator sees is exactly what is applied.
 */
import { type BusyInterval, freeDesksAt, type OfficeDayPlan, serviceWindow } from './slots';

export interface PlannedAppointment {
  id: string;
  desk: number;
  start: Date;
  end: Date;
}

export interface Replan {
  kept: { id: string; desk: number }[];
  hit: string[];
}

export function replanAppointments(
  before: Pick<OfficeDayPlan, 'date'>,
  after: OfficeDayPlan,
  appointments: PlannedAppointment[],
): Replan {
  if (before.date !== after.date) return { kept: [], hit: appointments.map((a) => a.id) };
  const w = serviceWindow(after);
  const placed: BusyInterval[] = [];
  const result: Replan = { kept: [], hit: [] };
  const ordered = [...appointments].sort(
    (a, b) => a.start.getTime() - b.start.getTime() || a.desk - b.desk || a.id.localeCompare(b.id),
  );
  for (const a of ordered) {
    const minutes = (a.end.getTime() - a.start.getTime()) / 60_000;
    if (a.start.getTime() < w.start.getTime() || a.end.getTime() > w.end.getTime()) {
      result.hit.push(a.id);
      continue;
    }
    const free = freeDesksAt(after, placed, a.start, minutes);
    const desk = free.includes(a.desk) ? a.desk : free[0];
    if (desk === undefined) {
      result.hit.push(a.id);
      continue;
    }
    placed.push({ desk, start: a.start, end: a.end });
    result.kept.push({ id: a.id, desk });
  }
  return result;
}
