import Holidays from 'date-holidays';
import type { Locale } from '../../../core/locale';
import type { IsoDate } from '../../../core/time';

/**
 * Public holidays in Saxony (§ 1 SächsSFG), from date-holidays for DE-SN: Neujahr, Karfreitag,
 * Ostermontag, 1. Mai, Christi Himmelfahrt, Pfingstmontag, Tag der Deutschen Einheit,
 * Reformationstag (31 Oct) and Buß- und Bettag (the Wednesday before 23 Nov), Christmas.
 * Only the type "public" counts; observances (Totensonntag, Fronleichnam outside the Sorbian
 * area) are working days.
 */
const calendars: Record<Locale, Holidays> = {
  de: new Holidays('DE', 'SN', { languages: ['de'] }),
  en: new Holidays('DE', 'SN', { languages: ['en'] }),
};
const cache = new Map<string, Map<IsoDate, string>>();

function holidaysOf(year: number, locale: Locale): Map<IsoDate, string> {
  const key = `${year}:${locale}`;
  let map = cache.get(key);
  if (!map) {
    map = new Map();
    for (const h of calendars[locale].getHolidays(year, locale)) {
      if (h.type === 'public') map.set(h.date.slice(0, 10), h.name);
    }
    cache.set(key, map);
  }
  return map;
}

/** The name of the Saxon public holiday on this date, or null on a working day. */
export function saxonHoliday(date: IsoDate, locale: Locale = 'de'): string | null {
  return holidaysOf(Number(date.slice(0, 4)), locale).get(date) ?? null;
}
