import { feeSentence } from '../../../core/catalog/fee-text';
import type { FeeSchedule } from '../../../core/catalog/fees';
import type { LandField } from '../../../core/catalog/land';
import type { Locale } from '../../../core/locale';

/** A Land field's value as lines of text, for the diff of a "Land text changed" item. */
export function fieldLines(field: LandField, value: unknown, locale: Locale): string[] {
  if (value === null || value === undefined) return [];
  switch (field) {
    case 'name':
    case 'shortText': {
      const v = value as { de: string; en: string };
      return [v[locale] || v.de];
    }
    case 'documents':
      return (value as { item: string; note: string | null }[]).map((d) =>
        d.note ? `${d.item} – ${d.note}` : d.item,
      );
    case 'legalBases':
      return (value as { title: string; url: string | null }[]).map((l) =>
        l.url ? `${l.title} (${l.url})` : l.title,
      );
    case 'fees': {
      const fees = value as FeeSchedule;
      const note = fees.note?.[locale] || fees.note?.de;
      return [feeSentence(fees, locale), ...(note ? [note] : [])];
    }
    default:
      return Array.isArray(value) ? value.map(String) : [String(value)];
  }
}
