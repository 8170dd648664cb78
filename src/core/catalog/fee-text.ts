import type { Locale } from '../locale';
import type { AgeBand, FeeRule, FeeSchedule, FeeUnit } from './fees';

/**
 * Fee schedules in words: "46,00 € (ab 24 Jahren) · 27,60 € (unter 24 Jahren)". Used by the
 * service pages, the hotline's read-out text and the schema.org data. Pure; money via Intl.
 */
export function formatCents(cents: number, locale: Locale): string {
  return new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB', {
    style: 'currency',
    currency: 'EUR',
  }).format(cents / 100);
}

const UNIT: Record<FeeUnit, { de: string; en: string }> = {
  page: { de: 'je Seite', en: 'per page' },
  document: { de: 'je Dokument', en: 'per document' },
  signature: { de: 'je Unterschrift', en: 'per signature' },
  item: { de: 'je Stück', en: 'per item' },
};

function band(b: AgeBand, locale: Locale): string {
  const de = locale === 'de';
  if (b.minAge === undefined && b.maxAge !== undefined)
    return de ? `unter ${b.maxAge} Jahren` : `under ${b.maxAge}`;
  if (b.minAge !== undefined && b.maxAge === undefined)
    return de ? `ab ${b.minAge} Jahren` : `${b.minAge} and over`;
  if (b.minAge !== undefined && b.maxAge !== undefined)
    return de ? `${b.minAge} bis unter ${b.maxAge} Jahre` : `${b.minAge} to under ${b.maxAge}`;
  return de ? 'jedes Alter' : 'any age';
}

export function describeRule(rule: FeeRule, locale: Locale): string {
  const label = rule.label ? `${rule.label[locale]}: ` : '';
  if (rule.kind === 'fixed') return `${label}${formatCents(rule.amountCents, locale)}`;
  if (rule.kind === 'per_unit')
    return `${label}${formatCents(rule.amountCents, locale)} ${UNIT[rule.unit][locale]}`;
  const bands = [...rule.bands].sort((a, b) => (b.minAge ?? 0) - (a.minAge ?? 0));
  return `${label}${bands.map((b) => `${formatCents(b.amountCents, locale)} (${band(b, locale)})`).join(' · ')}`;
}

export type FeeKind = 'free' | 'unconfirmed' | 'charged';

export function feeKind(schedule: FeeSchedule): FeeKind {
  if (schedule.amountUnconfirmed) return 'unconfirmed';
  return schedule.rules.length === 0 ? 'free' : 'charged';
}

/** Whether a calculator helps: the amount depends on age, quantity or chosen options. */
export function feeNeedsCalculator(schedule: FeeSchedule): boolean {
  if (schedule.amountUnconfirmed) return false;
  return schedule.rules.some((r) => r.kind !== 'fixed') || (schedule.options?.length ?? 0) > 0;
}

/** One sentence for the fee, as the hotline reads it out or a result list shows it. */
export function feeSentence(schedule: FeeSchedule, locale: Locale): string {
  const de = locale === 'de';
  const kind = feeKind(schedule);
  if (kind === 'unconfirmed') {
    const known = schedule.rules.map((r) => describeRule(r, locale)).join('; ');
    const base = de ? 'Die Gebühr ist noch nicht bestätigt' : 'The fee is not confirmed yet';
    return known ? `${base} (${known}).` : `${base}.`;
  }
  if (kind === 'free') return de ? 'Gebührenfrei.' : 'Free of charge.';
  const main = schedule.rules.map((r) => describeRule(r, locale)).join('; ');
  const options = (schedule.options ?? []).map(
    (o) => `${o.label[locale]} plus ${formatCents(o.amountCents, locale)}`,
  );
  return `${main}.${options.length ? ` ${de ? 'Zuschläge' : 'Surcharges'}: ${options.join('; ')}.` : ''}`;
}
