import { type IsoDate, isIsoDate } from './time';

/**
 * A date as people type it in German forms — "31.12.2026", "1.2.2026", "01.02.26" — or as
 * ISO ("2026-12-31"), to an ISO date; null when it is no real date. Two-digit years are 20xx.
 */
export function parseDateInput(input: string): IsoDate | null {
  const text = input.trim();
  if (isIsoDate(text)) return text;
  const m = /^(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{2}|\d{4})$/.exec(text);
  if (!m) return null;
  const year = m[3]!.length === 2 ? `20${m[3]}` : m[3]!;
  const iso = `${year}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/** An ISO date as German forms show it: "31.12.2026". */
export function germanDate(date: IsoDate): string {
  const [y, m, d] = date.split('-');
  return `${d}.${m}.${y}`;
}
