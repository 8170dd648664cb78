/**
 * Text handling of the catalogue search, shared by the server (query preparation, stored
 * search columns, highlighting) and the browser. Pure functions.
 *
 * Two forms of a word are used: the *plain* form (lower case, umlauts kept) goes to PostgreSQL's
 * German full-text search, whose stemmer knows "anmelden" ≈ "Anmeldung"; the *folded* form
 * (ä → ae, ß → ss, accents dropped) goes to trigram similarity, which forgives typos
 * ("fürungszeugnis") and spelling variants ("personalausweiß", "fuehrungszeugnis").
 */

export const MAX_QUERY_LENGTH = 200;
export const MAX_QUERY_TOKENS = 8;

/** Lower case, umlauts and ß transliterated, accents dropped, anything but letters/digits → space. */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Words people add to a question that say nothing about the service ("ich ziehe um" → "ziehe"). */
const STOP_WORDS = new Set([
  // German
  'ich',
  'du',
  'wir',
  'sie',
  'er',
  'es',
  'man',
  'mein',
  'meine',
  'meinen',
  'meinem',
  'meiner',
  'mich',
  'mir',
  'unser',
  'unsere',
  'ein',
  'eine',
  'einen',
  'einem',
  'einer',
  'eines',
  'der',
  'die',
  'das',
  'den',
  'dem',
  'des',
  'und',
  'oder',
  'fuer',
  'mit',
  'ohne',
  'wie',
  'wo',
  'was',
  'wann',
  'warum',
  'wer',
  'welche',
  'kann',
  'koennen',
  'will',
  'moechte',
  'muss',
  'brauche',
  'bei',
  'beim',
  'im',
  'in',
  'am',
  'an',
  'auf',
  'zu',
  'zum',
  'zur',
  'von',
  'vom',
  'um',
  'ist',
  'sind',
  'bin',
  'habe',
  'hat',
  'haben',
  'nicht',
  'kein',
  'keine',
  'bitte',
  'hallo',
  'noch',
  'auch',
  'so',
  'da',
  'hier',
  'nach',
  'aus',
  'bis',
  'als',
  // English
  'i',
  'my',
  'me',
  'the',
  'a',
  'an',
  'to',
  'for',
  'of',
  'how',
  'do',
  'does',
  'what',
  'where',
  'when',
  'can',
  'is',
  'are',
  'need',
  'want',
  'get',
  'and',
  'or',
  'at',
  'on',
  'with',
  'please',
]);

export function isStopWord(foldedWord: string): boolean {
  return STOP_WORDS.has(foldedWord);
}

/** The distinct folded words of a text that are worth matching (3 letters or more, no stop words). */
export function indexWords(text: string): string[] {
  return [...new Set(foldText(text).split(' '))].filter((w) => w.length >= 3 && !STOP_WORDS.has(w));
}

export interface PreparedQuery {
  /** The query as it is shown back (tags and control characters removed, spaces collapsed). */
  display: string;
  /** The whole query folded, for exact synonym matches ("ich ziehe um"). */
  folded: string;
  /** Words for full-text search: lower case, umlauts kept, only letters and digits. */
  plainTokens: string[];
  /** The same words folded, without stop words and without words shorter than 3 letters. */
  trigramTokens: string[];
}

export type QueryProblem = 'empty' | 'wildcard_only' | 'too_long';

const WILDCARDS = /[*?%_~^$]/g;

/**
 * Cleans a raw query: markup is removed (never interpreted), wildcards are ignored (the search
 * matches parts of words anyway), and the words are split for the two kinds of matching.
 */
export function prepareQuery(raw: string): PreparedQuery | { problem: QueryProblem } {
  if (raw.length > MAX_QUERY_LENGTH) return { problem: 'too_long' };
  const withoutMarkup = raw
    .replace(/<[^>]*>/g, ' ')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we remove
    .replace(/[\u0000-\u001f\u007f]/g, ' ');
  const hadWildcards = WILDCARDS.test(withoutMarkup);
  const display = withoutMarkup.replace(WILDCARDS, ' ').replace(/\s+/g, ' ').trim();
  const words = display
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
  if (words.length === 0) return { problem: hadWildcards ? 'wildcard_only' : 'empty' };
  const plainTokens = [...new Set(words)].slice(0, MAX_QUERY_TOKENS);
  const folded = foldText(display);
  const trigramTokens = [
    ...new Set(
      plainTokens
        .map(foldText)
        .flatMap((w) => w.split(' '))
        .filter((w) => w.length >= 3 && !STOP_WORDS.has(w)),
    ),
  ];
  return { display, folded, plainTokens, trigramTokens };
}

/** Damerau–Levenshtein distance (optimal string alignment), stopping early above `max`. */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const prevPrev: number[] = new Array(b.length + 1).fill(0);
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, prevPrev[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    for (let j = 0; j <= b.length; j++) prevPrev[j] = prev[j]!;
    prev = cur;
  }
  return prev[b.length]!;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/**
 * Does a word of a text match a query token? Parts of compounds ("ausweis" in "Personalausweis"),
 * word beginnings ("perso"), inflections ("anmelden" ~ "Anmeldung") and small typos count.
 */
export function wordMatches(foldedWord: string, foldedToken: string): boolean {
  const w = foldedWord;
  const t = foldedToken;
  if (t.length < 3 || w.length < 3) return t.length >= 2 && w === t;
  if (w.includes(t)) return true;
  if (w.length >= 4 && t.startsWith(w)) return true;
  const minLen = Math.min(w.length, t.length);
  if (minLen >= 5 && commonPrefix(w, t) >= Math.max(4, minLen - 3)) return true;
  const allowed = t.length >= 8 ? 2 : t.length >= 5 ? 1 : 0;
  if (allowed === 0) return false;
  if (editDistance(w, t, allowed) <= allowed) return true;
  // A misspelt compound part: compare the token with the word's start of the same length.
  if (w.length > t.length && editDistance(w.slice(0, t.length), t, allowed) <= allowed) return true;
  return false;
}

export interface TextSegment {
  text: string;
  match: boolean;
}

/** Splits a text into segments, marking the words that match one of the folded tokens. */
export function highlight(text: string, foldedTokens: string[]): TextSegment[] {
  const segments: TextSegment[] = [];
  const push = (s: string, match: boolean) => {
    const last = segments[segments.length - 1];
    if (last && last.match === match) last.text += s;
    else segments.push({ text: s, match });
  };
  for (const part of text.split(/([\p{L}\p{N}]+)/u)) {
    if (part === '') continue;
    const isWord = /^[\p{L}\p{N}]+$/u.test(part);
    const folded = isWord ? foldText(part) : '';
    const match = isWord && foldedTokens.some((t) => wordMatches(folded, t));
    push(part, match);
  }
  return segments;
}

export function hasMatch(segments: TextSegment[]): boolean {
  return segments.some((s) => s.match);
}

/**
 * A short passage of a long text around its first match (for result snippets), highlighted.
 * Returns null if no word matches.
 */
export function snippet(text: string, foldedTokens: string[], maxLength = 180): TextSegment[] | null {
  const sentences = text.split(/(?<=[.!?])\s+/);
  for (const sentence of sentences) {
    const segs = highlight(sentence, foldedTokens);
    if (!hasMatch(segs)) continue;
    if (sentence.length <= maxLength) return segs;
    // Cut around the first match.
    let offset = 0;
    for (const s of segs) {
      if (s.match) break;
      offset += s.text.length;
    }
    const start = Math.max(0, offset - Math.floor(maxLength / 3));
    const cut = sentence.slice(start, start + maxLength);
    const result = highlight(cut, foldedTokens);
    if (start > 0) result.unshift({ text: '… ', match: false });
    if (start + maxLength < sentence.length) result.push({ text: ' …', match: false });
    return result;
  }
  return null;
}
