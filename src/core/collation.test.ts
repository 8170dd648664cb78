import { describe, expect, it } from 'vitest';
import { compareText, sortByText } from './collation';
import { COUNTRIES } from './register/countries';

describe('German collation (#10)', () => {
  it('sorts umlauts with their base letter, not after z', () => {
    const names = ['Zwickau', 'Übigau', 'Ursprung', 'Oberwiera', 'Österreich', 'Ärzte', 'Ahorn'];
    expect(sortByText(names, (n) => n)).toEqual([
      'Ahorn',
      'Ärzte',
      'Oberwiera',
      'Österreich',
      'Übigau',
      'Ursprung',
      'Zwickau',
    ]);
  });

  it('sorts ß like ss and ignores case', () => {
    expect(compareText('Straße', 'Strasse')).toBe(0);
    expect(compareText('meerane', 'Meerane')).toBe(0);
    expect(compareText('Schönberg', 'Schonung')).toBeLessThan(0);
  });

  it('sorts numbers in names by value', () => {
    expect(sortByText(['Ortsteil 10', 'Ortsteil 2'], (n) => n)).toEqual(['Ortsteil 2', 'Ortsteil 10']);
  });

  it('puts "Vereinigtes Königreich" under V in the list of states, Germany first, stateless last', () => {
    const names = COUNTRIES.map((c) => c.name.de);
    expect(names[0]).toBe('Deutschland');
    expect(names.at(-1)).toBe('staatenlos');
    const middle = names.slice(1, -1);
    expect(middle).toEqual(sortByText(middle, (n) => n));
    const v = middle.indexOf('Vereinigtes Königreich');
    expect(middle[v - 1]! < 'V' || middle[v - 1]!.startsWith('V')).toBe(true);
    expect(middle.indexOf('Österreich')).toBeLessThan(middle.indexOf('Pakistan'));
    expect(middle.indexOf('Österreich')).toBeGreaterThan(middle.indexOf('Norwegen'));
    expect(middle.indexOf('Belarus')).toBeLessThan(middle.indexOf('Belgien'));
  });

  it('sorts English names with the English collator', () => {
    expect(sortByText(['Türkiye', 'Tunisia', 'Thailand'], (n) => n, 'en')).toEqual([
      'Thailand',
      'Tunisia',
      'Türkiye',
    ]);
  });
});
