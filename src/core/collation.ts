/**
 * One way to sort text for people: German collation (DIN 5007-1 as browsers and Node implement
 * it in `Intl.Collator('de')`), so "Übigau" stands with the U's, "Österreich" with the O's and
 * "Vereinigtes Königreich" under V — not after Z as a code-point sort would put them. Numbers in
 * names sort by value ("Ortsteil 2" before "Ortsteil 10").
 *
 * English lists use the English collator; German is the default because the catalogue, places
 * and people are German. Collators are cached: creating one is far dearer than comparing.
 */
const collators = new Map<string, Intl.Collator>();

export function collator(locale: 'de' | 'en' = 'de'): Intl.Collator {
  let c = collators.get(locale);
  if (!c) {
    c = new Intl.Collator(locale, { numeric: true, sensitivity: 'base' });
    collators.set(locale, c);
  }
  return c;
}

/** Compares two texts as a German (or English) reader expects; null and undefined sort first. */
export function compareText(
  a: string | null | undefined,
  b: string | null | undefined,
  locale: 'de' | 'en' = 'de',
): number {
  return collator(locale).compare(a ?? '', b ?? '');
}

/** A copy of `items` sorted by the text `key` returns, in German (or English) order. */
export function sortByText<T>(
  items: readonly T[],
  key: (item: T) => string,
  locale: 'de' | 'en' = 'de',
): T[] {
  const c = collator(locale);
  return [...items].sort((a, b) => c.compare(key(a), key(b)));
}
