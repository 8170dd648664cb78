import { type CsvCell, toCsv } from '../../../core/csv';
import type { Locale } from '../../../core/locale';
import type { overview } from './service';

type Overview = Awaited<ReturnType<typeof overview>>;

/** Column headers of the evaluation's CSV, in the language asked for (German by default). */
const HEADERS: Record<Locale, string[]> = {
  de: [
    'Standort',
    'Ort',
    'Gemeinde',
    'Sprechtage',
    'Termine',
    'Erschienen',
    'Nicht erschienen',
    'Nicht erschienen (%)',
    'Abgesagt',
    'Vorgänge',
    'Wartenummern',
    'Bedient',
    'Wartezeit Median (Minuten)',
    'Bedienzeit Median (Minuten)',
    'Ersparte Wege',
    'Ersparte Kilometer (geschätzt)',
  ],
  en: [
    'Location',
    'Village',
    'Municipality',
    'Office days',
    'Appointments',
    'Attended',
    'Did not attend',
    'Did not attend (%)',
    'Cancelled',
    'Cases',
    'Tickets',
    'Served',
    'Median waiting time (minutes)',
    'Median service time (minutes)',
    'Trips saved',
    'Kilometres saved (estimated)',
  ],
};

const SERVICE_HEADERS: Record<Locale, string[]> = {
  de: ['Leistung', 'Termine', 'Nicht erschienen', 'Nicht erschienen (%)'],
  en: ['Service', 'Appointments', 'Did not attend', 'Did not attend (%)'],
};

/**
 * The figures per place as CSV for a spreadsheet (#10): one row per location, the same numbers as
 * the page's table; German headers and decimal commas for German, English otherwise.
 */
export function overviewCsv(data: Overview, locale: Locale): string {
  const rows: CsvCell[][] = [HEADERS[locale]];
  for (const l of data.locations) {
    rows.push([
      l.locationName,
      l.villageName,
      l.municipalityName,
      l.officeDays,
      l.appointments,
      l.attended,
      l.noShows,
      l.noShowRate,
      l.cancelled,
      l.cases,
      l.tickets,
      l.served,
      l.waitingMedianMinutes,
      l.serviceMedianMinutes,
      l.tripsSaved,
      l.kmSaved,
    ]);
  }
  // Below the places, after an empty line: appointments and no-shows per service (#14).
  rows.push([]);
  rows.push(SERVICE_HEADERS[locale]);
  for (const s of data.services) {
    if (s.appointments === 0) continue;
    rows.push([s.name?.[locale] ?? s.serviceId, s.appointments, s.noShows, s.noShowRate]);
  }
  return toCsv(rows, { decimal: locale === 'de' ? ',' : '.' });
}

export function csvFilename(data: Overview): string {
  return `auswertung-${data.period.from}-bis-${data.period.to}.csv`;
}
