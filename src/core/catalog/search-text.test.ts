import { describe, expect, it } from 'vitest';
import {
  editDistance,
  foldText,
  highlight,
  indexWords,
  prepareQuery,
  snippet,
  wordMatches,
} from './search-text';

describe('search text', () => {
  it('folds umlauts, ß and accents so that spelling variants meet', () => {
    expect(foldText('Personalausweiß')).toBe('personalausweiss');
    expect(foldText('Führungszeugnis')).toBe(foldText('fuehrungszeugnis'));
    expect(foldText('Café – Öffnung!')).toBe('cafe oeffnung');
  });

  it('splits a question into words and drops the words that say nothing', () => {
    const q = prepareQuery('Ich ziehe um!');
    expect('problem' in q).toBe(false);
    if ('problem' in q) return;
    expect(q.plainTokens).toEqual(['ich', 'ziehe', 'um']);
    expect(q.trigramTokens).toEqual(['ziehe']);
    expect(q.folded).toBe('ich ziehe um');
  });

  it('refuses empty, wildcard-only and overlong queries with a reason', () => {
    expect(prepareQuery('   ')).toEqual({ problem: 'empty' });
    expect(prepareQuery('*')).toEqual({ problem: 'wildcard_only' });
    expect(prepareQuery('%%__??')).toEqual({ problem: 'wildcard_only' });
    expect(prepareQuery('a'.repeat(201))).toEqual({ problem: 'too_long' });
  });

  it('removes markup instead of interpreting it', () => {
    const q = prepareQuery('<script>alert(1)</script>Ausweis');
    if ('problem' in q) throw new Error('unexpected');
    expect(q.display).toBe('alert(1) Ausweis');
    expect(q.plainTokens).toEqual(['alert', '1', 'ausweis']);
    expect(prepareQuery('<b></b>')).toEqual({ problem: 'empty' });
  });

  it('ignores wildcards inside words (the search matches parts of words anyway)', () => {
    const q = prepareQuery('ausw*');
    if ('problem' in q) throw new Error('unexpected');
    expect(q.plainTokens).toEqual(['ausw']);
  });

  it('matches compounds, word beginnings, inflections and small typos', () => {
    expect(wordMatches('personalausweis', 'ausweis')).toBe(true);
    expect(wordMatches('personalausweis', 'perso')).toBe(true);
    expect(wordMatches('anmeldung', 'anmelden')).toBe(true);
    expect(wordMatches('fuehrungszeugnis', 'fuerungszeugnis')).toBe(true);
    expect(wordMatches('hundesteuer', 'hundesteur')).toBe(true);
    expect(wordMatches('reisepass', 'wohnung')).toBe(false);
    expect(wordMatches('um', 'umzug')).toBe(false);
  });

  it('counts transpositions as one edit', () => {
    expect(editDistance('ausweis', 'auswies')).toBe(1);
    expect(editDistance('abc', 'xyz', 1)).toBe(2);
  });

  it('highlights the matching words and keeps the text intact', () => {
    const segs = highlight('Personalausweis beantragen', ['perso']);
    expect(segs).toEqual([
      { text: 'Personalausweis', match: true },
      { text: ' beantragen', match: false },
    ]);
    expect(segs.map((s) => s.text).join('')).toBe('Personalausweis beantragen');
  });

  it('cuts a snippet around the first match of a long text', () => {
    const text = `${'Lorem ipsum dolor sit amet. '.repeat(3)}Die Wohnungsgeberbestätigung brauchen Sie immer. ${'x '.repeat(200)}`;
    const s = snippet(text, ['wohnungsgeberbestaetigung']);
    expect(s?.some((x) => x.match && x.text.includes('Wohnungsgeberbestätigung'))).toBe(true);
    expect(snippet('nichts davon', ['ausweis'])).toBeNull();
  });

  it('indexes the meaningful words of a text once', () => {
    expect(indexWords('Anmeldung einer Wohnung – Anmeldung')).toEqual(['anmeldung', 'wohnung']);
  });
});
