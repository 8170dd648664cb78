import { type IsoDate, type LocalTime, minutesOfDay } from '../time';

/**
 * When two office days at one place on one date clash (#10): the same window is the same day
 * planned twice and is never allowed; an overlapping window is allowed only when the coordinator
 * says so explicitly ("trotzdem planen", e.g. a second team with its own kit). Windows that only
 * touch (12:00 end, 12:00 start) do not clash.
 */
export type ClashKind = 'identical' | 'overlap';

export interface DayWindow {
  date: IsoDate;
  startTime: LocalTime;
  endTime: LocalTime;
}

export function officeDayClash(planned: DayWindow, existing: DayWindow): ClashKind | null {
  if (planned.date !== existing.date) return null;
  if (planned.startTime === existing.startTime && planned.endTime === existing.endTime) return 'identical';
  const a = [minutesOfDay(planned.startTime), minutesOfDay(planned.endTime)] as const;
  const b = [minutesOfDay(existing.startTime), minutesOfDay(existing.endTime)] as const;
  return a[0] < b[1] && b[0] < a[1] ? 'overlap' : null;
}
