/**
 * CSV for spreadsheets as German offices use them (#10): semicolons between cells, CRLF between
 * rows, UTF-8 with a byte-order mark so Excel reads umlauts, quotes where a cell needs them.
 * Text that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
 * return) gets a leading apostrophe (OWASP "CSV injection"); numbers are written as numbers.
 */
export type CsvCell = string | number | null | undefined;

export const CSV_BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvCell, decimal: ',' | '.' = ','): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    return decimal === ',' ? String(value).replace('.', ',') : String(value);
  }
  let text = value;
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[;"\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: CsvCell[][], options: { decimal?: ',' | '.' } = {}): string {
  return `${CSV_BOM}${rows.map((r) => r.map((c) => csvCell(c, options.decimal)).join(';')).join('\r\n')}\r\n`;
}
