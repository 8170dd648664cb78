/**
 * German name and street normalisation for register search. The same function fills the
 * normalised columns in the database and turns what a clerk types into a search key, so
 * "Müller", "Mueller" and "MÜLLER" meet, "Weiß" finds "Weiss", "José" finds "Jose", and a part
 * of a double name ("Schmidt") finds "Müller-Schmidt".
 */

/** Letters that NFD does not decompose into a base letter plus accent. */
const SPECIAL: Record<string, string> = {
  ä: 'ae',
  ö: 'oe',
  ü: 'ue',
  ß: 'ss',
  ẞ: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ŀ: 'l',
};

/**
 * Lower case, umlauts spelt out (ä → ae), ß → ss, other accents dropped (é → e), everything
 * that is not a letter or digit becomes a separator. Returns the words.
 */
export function nameTokens(input: string): string[] {
  const lower = input.normalize('NFC').toLowerCase();
  let out = '';
  for (const ch of lower) {
    const code = ch.charCodeAt(0);
    if (code < 128) {
      // ASCII fast path: letters and digits stay, everything else separates words.
      out += (code >= 97 && code <= 122) || (code >= 48 && code <= 57) ? ch : ' ';
      continue;
    }
    const special = SPECIAL[ch];
    if (special) {
      out += special;
      continue;
    }
    // Decompose and keep the base letters only (é → e + ◌́ → e).
    for (const part of ch.normalize('NFD')) {
      if (/[a-z0-9]/.test(part)) out += part;
      else if (/\p{M}/u.test(part)) continue;
      else out += ' ';
    }
  }
  return out.split(' ').filter(Boolean);
}

/** The normalised form stored in the *_norm columns: tokens joined by single spaces. */
export function normaliseName(input: string): string {
  return nameTokens(input).join(' ');
}

/**
 * The text the trigram index covers for a person: family name and birth name, each word
 * preceded by a space, so that `like '% mueller%'` matches a word start in any part of a
 * double name.
 */
export function personSearchText(familyName: string, birthName?: string | null): string {
  const tokens = new Set([...nameTokens(familyName), ...nameTokens(birthName ?? '')]);
  return ` ${[...tokens].join(' ')}`;
}

const STREET_SUFFIXES: [RegExp, string][] = [
  [/strasse\b/g, 'str'],
  [/\bstrasse\b/g, 'str'],
  [/\bstr\b/g, 'str'],
];

/**
 * Street names: like names, and "Straße", "Strasse", "Str." all become "str", so
 * "Hauptstr. 5" finds "Hauptstraße 5". Words stay separated ("am markt").
 */
export function normaliseStreet(input: string): string {
  let s = nameTokens(input).join(' ');
  for (const [re, by] of STREET_SUFFIXES) s = s.replace(re, by);
  return s;
}

/** House numbers: "12 a", "12a", "12-A" → "12a". */
export function normaliseHouseNumber(input: string): string {
  return nameTokens(input).join('');
}

/** Escapes LIKE wildcards in a search key. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
