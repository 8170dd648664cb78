import * as rruleModule from 'rrule';
import { addDays, daysBetween, type IsoDate, isIsoDate } from '../../../core/time';
import { AppError } from '../../http/errors';
import { saxonHoliday } from './holidays';

// rrule ships CommonJS (Node) and ESM (bundlers): take the functions from whichever shape arrived.
const rrule = (
  (rruleModule as { rrulestr?: unknown }).rrulestr
    ? rruleModule
    : (rruleModule as unknown as { default: typeof rruleModule }).default
) as typeof rruleModule;
const { rrulestr } = rrule;

/** A series may span at most a year and produce at most this many office days. */
export const MAX_SERIES_DAYS = 366;
export const MAX_OCCURRENCES = 120;

export interface RecurrenceInput {
  /** RFC 5545 RRULE value, e.g. "FREQ=MONTHLY;BYDAY=2TU,4TU" (an "RRULE:" prefix is accepted). */
  rrule: string;
  firstDate: IsoDate;
  lastDate: IsoDate;
  /** Dates taken out of the series (EXDATE). */
  exdates?: IsoDate[];
}

export type SkipReason = 'holiday' | 'exception';

export interface Expansion {
  dates: IsoDate[];
  skipped: { date: IsoDate; reason: SkipReason; holiday?: string }[];
}

const ALLOWED = /^(FREQ|INTERVAL|BYDAY|BYSETPOS|BYMONTHDAY|BYMONTH|WKST|COUNT)=[A-Z0-9,+-]+$/;

/** Checks and normalises an RRULE value: known parts only, FREQ DAILY/WEEKLY/MONTHLY, no UNTIL. */
export function normaliseRrule(input: string): string {
  const value = input
    .trim()
    .replace(/^RRULE:/i, '')
    .toUpperCase();
  const parts = value.split(';').filter(Boolean);
  const freq = parts.find((p) => p.startsWith('FREQ='));
  if (
    parts.length === 0 ||
    !parts.every((p) => ALLOWED.test(p)) ||
    !freq ||
    !['FREQ=DAILY', 'FREQ=WEEKLY', 'FREQ=MONTHLY'].includes(freq)
  ) {
    throw new AppError('RECURRENCE_INVALID', {}, [{ path: '/recurrence/rrule', code: 'recurrence' }]);
  }
  return parts.join(';');
}

/**
 * The dates of a recurring office day between firstDate and lastDate (both included), without
 * exception dates and without Saxon public holidays (each skipped date is reported with why).
 */
export function expandRecurrence(input: RecurrenceInput): Expansion {
  if (!isIsoDate(input.firstDate) || !isIsoDate(input.lastDate) || input.lastDate < input.firstDate) {
    throw new AppError('RECURRENCE_INVALID', {}, [{ path: '/recurrence/lastDate', code: 'recurrence' }]);
  }
  if (daysBetween(input.firstDate, input.lastDate) > MAX_SERIES_DAYS) {
    throw new AppError('RECURRENCE_TOO_LONG', { max: MAX_OCCURRENCES, days: MAX_SERIES_DAYS });
  }
  const value = normaliseRrule(input.rrule);
  const [y, m, d] = input.firstDate.split('-').map(Number) as [number, number, number];
  let rule: { between(a: Date, b: Date, inc: boolean): Date[] };
  try {
    rule = rrulestr(`RRULE:${value}`, { dtstart: new Date(Date.UTC(y, m - 1, d)) });
  } catch {
    throw new AppError('RECURRENCE_INVALID', {}, [{ path: '/recurrence/rrule', code: 'recurrence' }]);
  }
  const from = new Date(`${input.firstDate}T00:00:00Z`);
  const to = new Date(`${addDays(input.lastDate, 1)}T00:00:00Z`);
  const raw = rule.between(from, to, true).map((date) => date.toISOString().slice(0, 10));
  const exdates = new Set(input.exdates ?? []);
  const result: Expansion = { dates: [], skipped: [] };
  for (const date of raw) {
    if (date > input.lastDate) continue;
    if (exdates.has(date)) {
      result.skipped.push({ date, reason: 'exception' });
      continue;
    }
    const holiday = saxonHoliday(date);
    if (holiday) {
      result.skipped.push({ date, reason: 'holiday', holiday });
      continue;
    }
    result.dates.push(date);
  }
  if (result.dates.length > MAX_OCCURRENCES) {
    throw new AppError('RECURRENCE_TOO_LONG', { max: MAX_OCCURRENCES, days: MAX_SERIES_DAYS });
  }
  return result;
}
