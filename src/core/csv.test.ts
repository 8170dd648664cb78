import { describe, expect, it } from 'vitest';
import { CSV_BOM, csvCell, toCsv } from './csv';

describe('CSV for spreadsheets (#10)', () => {
  it('writes UTF-8 with a byte-order mark, semicolons and CRLF, German decimals', () => {
    expect(
      toCsv([
        ['Ort', 'Wartezeit'],
        ['Köthel', 12.5],
      ]),
    ).toBe(`${CSV_BOM}Ort;Wartezeit\r\nKöthel;12,5\r\n`);
    expect(toCsv([[1.5]], { decimal: '.' })).toBe(`${CSV_BOM}1.5\r\n`);
  });

  it('quotes cells with separators, quotes, line breaks or outer spaces', () => {
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('Saal "Linde"')).toBe('"Saal ""Linde"""');
    expect(csvCell('Zeile 1\nZeile 2')).toBe('"Zeile 1\nZeile 2"');
    expect(csvCell(' Rand')).toBe('" Rand"');
    expect(csvCell('ohne')).toBe('ohne');
    expect(csvCell(null)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('never lets a spreadsheet run a cell as a formula', () => {
    for (const evil of ['=HYPERLINK("http://x","klick")', '+49 3764', '-1+1', '@SUM(A1)', '\tx', '\r=1']) {
      const cell = csvCell(evil);
      expect(cell.replace(/^"/, '').startsWith("'"), evil).toBe(true);
    }
    expect(csvCell('=1;2')).toBe(`"'=1;2"`);
    // Numbers stay numbers, negative ones too.
    expect(csvCell(-3)).toBe('-3');
  });
});
