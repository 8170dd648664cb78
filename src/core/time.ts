/**
 * Calendar and wall-clock helpers. Instants are `Date`s (UTC underneath); what people see and
 * plan with are local dates ('YYYY-MM-DD') and times ('HH:MM') in Europe/Berlin.
 * Only Intl is used, so this runs unchanged in Node and in the browser.
 */
export const TIME_ZONE = 'Europe/Berlin';

export type IsoDate = string; // YYYY-MM-DD
export type LocalTime = string; // HH:MM

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function zonedParts(instant: Date, timeZone: string = TIME_ZONE): ZonedParts {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour === 24 ? 0 : parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** Offset of the zone from UTC at the instant, in minutes (Berlin: +60 in winter, +120 in summer). */
export function zoneOffsetMinutes(instant: Date, timeZone: string = TIME_ZONE): number {
  const p = zonedParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const truncated = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((asUtc - truncated) / 60000);
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isIsoDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return (
    d.getUTCFullYear() === Number(m[1]) &&
    d.getUTCMonth() === Number(m[2]) - 1 &&
    d.getUTCDate() === Number(m[3])
  );
}

export function isLocalTime(value: string): boolean {
  return TIME_RE.test(value);
}

/** Minutes since midnight for 'HH:MM'. */
export function minutesOfDay(time: LocalTime): number {
  const m = TIME_RE.exec(time);
  if (!m) throw new RangeError(`not a time: ${time}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export function formatMinutesOfDay(minutes: number): LocalTime {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/**
 * The instant at which the wall clock in `timeZone` shows `date` `time`.
 * A time that does not exist (the spring-forward gap) maps to the instant one offset later,
 * as clocks do; an ambiguous time (the autumn hour that happens twice) maps to the first one.
 */
export function zonedDateTimeToInstant(date: IsoDate, time: LocalTime, timeZone: string = TIME_ZONE): Date {
  const dm = DATE_RE.exec(date);
  if (!dm || !isIsoDate(date)) throw new RangeError(`not a date: ${date}`);
  const minutes = minutesOfDay(time);
  const wallAsUtc = Date.UTC(Number(dm[1]), Number(dm[2]) - 1, Number(dm[3]), 0, minutes);
  // Try both candidate offsets (before and after a possible transition); take the earliest that matches.
  const offsetA = zoneOffsetMinutes(new Date(wallAsUtc - 36e5 * 3), timeZone);
  const offsetB = zoneOffsetMinutes(new Date(wallAsUtc + 36e5 * 3), timeZone);
  const candidates = [...new Set([offsetA, offsetB])].map((o) => wallAsUtc - o * 60000).sort((a, b) => a - b);
  for (const c of candidates) {
    const p = zonedParts(new Date(c), timeZone);
    if (Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) === wallAsUtc) return new Date(c);
  }
  // In the gap: no candidate shows this wall time; use the offset before the transition.
  return new Date(wallAsUtc - Math.min(offsetA, offsetB) * 60000);
}

export function localDate(instant: Date, timeZone: string = TIME_ZONE): IsoDate {
  const p = zonedParts(instant, timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

export function localTime(instant: Date, timeZone: string = TIME_ZONE): LocalTime {
  const p = zonedParts(instant, timeZone);
  return formatMinutesOfDay(p.hour * 60 + p.minute);
}

/** Calendar arithmetic on local dates (no time zone involved). */
export function addDays(date: IsoDate, days: number): IsoDate {
  const dm = DATE_RE.exec(date);
  if (!dm) throw new RangeError(`not a date: ${date}`);
  const d = new Date(Date.UTC(Number(dm[1]), Number(dm[2]) - 1, Number(dm[3]) + days));
  return d.toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: IsoDate): number {
  const dm = DATE_RE.exec(date);
  if (!dm) throw new RangeError(`not a date: ${date}`);
  return new Date(Date.UTC(Number(dm[1]), Number(dm[2]) - 1, Number(dm[3]))).getUTCDay();
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  return Math.round((b - a) / 86400000);
}

/** Completed years between a birth date and a reference date (both local dates). */
export function ageOn(birthDate: IsoDate, on: IsoDate): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age -= 1;
  return age;
}
