import type { Locale } from '../../../core/locale';

/** Dates and times for messages, always in Berlin time, as people read them. */
const cache = new Map<string, Intl.DateTimeFormat>();
function fmt(locale: Locale, kind: 'date' | 'time' | 'weekdayDate'): Intl.DateTimeFormat {
  const key = `${locale}:${kind}`;
  let f = cache.get(key);
  if (!f) {
    const tag = locale === 'de' ? 'de-DE' : 'en-GB';
    f = new Intl.DateTimeFormat(
      tag,
      kind === 'time'
        ? { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' }
        : kind === 'date'
          ? { timeZone: 'Europe/Berlin', day: 'numeric', month: 'long', year: 'numeric' }
          : { timeZone: 'Europe/Berlin', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' },
    );
    cache.set(key, f);
  }
  return f;
}

const asDate = (v: string | Date) =>
  typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T12:00:00Z`) : new Date(v);

export function formatDay(locale: Locale, value: string | Date): string {
  return fmt(locale, 'weekdayDate').format(asDate(value));
}

export function formatTime(locale: Locale, value: string | Date): string {
  const t = fmt(locale, 'time').format(new Date(value));
  return locale === 'de' ? `${t} Uhr` : t;
}

export function formatTimeRange(locale: Locale, start: string | Date, end: string | Date): string {
  const a = fmt(locale, 'time').format(new Date(start));
  const b = fmt(locale, 'time').format(new Date(end));
  return locale === 'de' ? `${a}–${b} Uhr` : `${a}–${b}`;
}
