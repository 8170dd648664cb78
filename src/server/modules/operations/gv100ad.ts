/**
 * Reader for Destatis' Gemeindeverzeichnis in the GV100AD record format ("Gemeindeverzeichnis-
 * Informationssystem GV-ISys", ASCII file GV100AD_DDMMYY.txt). One line per record, fixed
 * columns, 1-based positions as in the record description Destatis ships with every file. The
 * layout we read is documented in docs/gv100ad.md; this reader is the single place that knows it.
 *
 * Bytes, not characters: the files were ISO-8859-1 up to about 2019 and UTF-8 since; we decode
 * a file as UTF-8 when it is valid UTF-8 and as ISO-8859-1 otherwise, then cut each line by
 * character position (every field before the name is ASCII digits; the name field is 50
 * characters in both encodings' published files).
 */

/** A record type (Satzart). */
export type Satzart = '10' | '20' | '30' | '40' | '50' | '60';

export interface Gv100Base {
  satzart: Satzart;
  /** Gebietsstand (territorial status) of the record, ISO date. */
  validOn: string;
  /** Land (2), Regierungsbezirk (1), Kreis (2), Gemeinde (3) as far as the record has them. */
  land: string;
  regbez: string;
  kreis: string;
  gemeinde: string;
  /** Gemeindeverband key (4 digits, positions 19–22), where the record has one. */
  verband: string;
  name: string;
  /** Textkennzeichen (positions 123–124): what kind of unit this is. */
  textKey: string;
}

export interface Gv100Municipality extends Gv100Base {
  satzart: '60';
  /** Amtlicher Gemeindeschlüssel, 8 digits: Land + RB + Kreis + Gemeinde. */
  ags: string;
  /** Amtlicher Regionalschlüssel, 12 digits: Land + RB + Kreis + Verband + Gemeinde. */
  ars: string;
  areaHa: number | null;
  population: number | null;
  postalCode: string | null;
  /** More than one postal code serves the municipality (positions 171–175 not blank). */
  postalCodeAmbiguous: boolean;
}

export type Gv100Record = Gv100Base | Gv100Municipality;

export interface Gv100Error {
  line: number;
  field: string;
  message: string;
}

export interface Gv100Result {
  encoding: 'utf-8' | 'iso-8859-1';
  records: Gv100Record[];
  municipalities: Gv100Municipality[];
  /** Gemeindeverbände by their 9-digit key (Land+RB+Kreis+Verband). */
  associations: Map<string, Gv100Base>;
  /** Kreise by their 5-digit key. */
  districts: Map<string, Gv100Base>;
  /** Länder by their 2-digit key. */
  states: Map<string, Gv100Base>;
  errors: Gv100Error[];
  /** Lines skipped because they are empty. */
  blankLines: number;
}

/** The columns (1-based, inclusive) this reader uses; docs/gv100ad.md shows the same table. */
export const GV100AD_FIELDS = {
  satzart: [1, 2],
  gebietsstand: [3, 10],
  land: [11, 12],
  regbez: [13, 13],
  kreis: [14, 15],
  gemeinde: [16, 18],
  verband: [19, 22],
  name: [23, 72],
  sitz: [73, 122],
  textKey: [123, 124],
  areaHa: [129, 139],
  population: [140, 150],
  postalCode: [166, 170],
  postalCodeAmbiguous: [171, 175],
} as const satisfies Record<string, readonly [number, number]>;

/** Textkennzeichen of a Gemeinde (Satzart 60). */
export const MUNICIPALITY_TEXT_KEYS: Record<string, string> = {
  '60': 'Markt',
  '61': 'Kreisfreie Stadt',
  '62': 'Stadtkreis',
  '63': 'Stadt',
  '64': 'Kreisangehörige Gemeinde',
  '65': 'Gemeindefreies Gebiet, bewohnt',
  '66': 'Gemeindefreies Gebiet, unbewohnt',
  '67': 'Große Kreisstadt',
};

/** Textkennzeichen of a Gemeindeverband (Satzart 50). */
export const ASSOCIATION_TEXT_KEYS: Record<string, string> = {
  '50': 'Verbandsfreie Gemeinde',
  '51': 'Amt',
  '52': 'Samtgemeinde',
  '53': 'Verbandsgemeinde',
  '54': 'Verwaltungsgemeinschaft',
  '55': 'Kirchspielslandgemeinde',
  '56': 'Verwaltungsverband',
  '57': 'Verwaltungsgemeinschaft (Trägermodell)',
  '58': 'Erfüllende Gemeinde',
};

/** The minimum length of a line: up to the end of the name (published lines are padded to 220). */
const MIN_LENGTH = 72;

export function decodeGv100(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'iso-8859-1' } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text, encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('latin1').decode(bytes), encoding: 'iso-8859-1' };
  }
}

function cut(line: string, [from, to]: readonly [number, number]): string {
  return line.slice(from - 1, to);
}

function digits(value: string, length: number): boolean {
  return value.length === length && /^[0-9]+$/.test(value);
}

function optionalInt(raw: string): number | null | 'invalid' {
  const v = raw.trim();
  if (v === '') return null;
  if (!/^[0-9]{1,11}$/.test(v)) return 'invalid';
  return Number(v);
}

/**
 * Parses a GV100AD file. Lines with errors are reported (line number and field) and left out;
 * every well-formed record is returned. A caller that wants all-or-nothing checks `errors`.
 */
export function parseGv100ad(bytes: Uint8Array): Gv100Result {
  const { text, encoding } = decodeGv100(bytes);
  const result: Gv100Result = {
    encoding,
    records: [],
    municipalities: [],
    associations: new Map(),
    districts: new Map(),
    states: new Map(),
    errors: [],
    blankLines: 0,
  };
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const lineNo = index + 1;
    const line = raw.replace(/\r$/, '').padEnd(220, ' ');
    if (line.trim() === '') {
      result.blankLines++;
      continue;
    }
    const error = (field: string, message: string): void => {
      result.errors.push({ line: lineNo, field, message });
    };
    if (line.includes('\u0000')) {
      error('line', 'contains a NUL byte');
      continue;
    }
    const length = raw.replace(/\r$/, '').length;
    if (length < MIN_LENGTH) {
      error('line', `too short: ${length} characters, at least ${MIN_LENGTH} expected`);
      continue;
    }
    const satzart = cut(line, GV100AD_FIELDS.satzart);
    if (!['10', '20', '30', '40', '50', '60'].includes(satzart)) {
      error('satzart', `unknown record type "${satzart}"`);
      continue;
    }
    const stand = cut(line, GV100AD_FIELDS.gebietsstand);
    if (!digits(stand, 8)) {
      error('gebietsstand', `"${stand}" is not a date YYYYMMDD`);
      continue;
    }
    const validOn = `${stand.slice(0, 4)}-${stand.slice(4, 6)}-${stand.slice(6, 8)}`;
    const date = new Date(`${validOn}T00:00:00Z`);
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== validOn) {
      error('gebietsstand', `"${stand}" is not a valid date`);
      continue;
    }
    const land = cut(line, GV100AD_FIELDS.land);
    if (!digits(land, 2)) {
      error('land', `"${land}" is not a two-digit Land key`);
      continue;
    }
    const regbez = cut(line, GV100AD_FIELDS.regbez).trim();
    const kreis = cut(line, GV100AD_FIELDS.kreis).trim();
    const gemeinde = cut(line, GV100AD_FIELDS.gemeinde).trim();
    const verband = cut(line, GV100AD_FIELDS.verband).trim();
    const name = cut(line, GV100AD_FIELDS.name).trim();
    if (name === '') {
      error('name', 'the name is empty');
      continue;
    }
    const textKey = cut(line, GV100AD_FIELDS.textKey).trim();
    const base: Gv100Base = {
      satzart: satzart as Satzart,
      validOn,
      land,
      regbez,
      kreis,
      gemeinde,
      verband,
      name,
      textKey,
    };
    const needs: Record<Satzart, Array<[string, string, number]>> = {
      '10': [],
      '20': [['regbez', regbez, 1]],
      '30': [['regbez', regbez, 1]],
      '40': [
        ['regbez', regbez, 1],
        ['kreis', kreis, 2],
      ],
      '50': [
        ['regbez', regbez, 1],
        ['kreis', kreis, 2],
        ['verband', verband, 4],
      ],
      '60': [
        ['regbez', regbez, 1],
        ['kreis', kreis, 2],
        ['gemeinde', gemeinde, 3],
        ['verband', verband, 4],
      ],
    };
    const missing = needs[base.satzart].find(([, value, length]) => !digits(value, length));
    if (missing) {
      error(missing[0], `"${missing[1]}" is not ${missing[2]} digits`);
      continue;
    }
    if (base.satzart === '60') {
      if (!(textKey in MUNICIPALITY_TEXT_KEYS)) {
        error('textkennzeichen', `"${textKey}" is no Textkennzeichen of a Gemeinde`);
        continue;
      }
      const areaHa = optionalInt(cut(line, GV100AD_FIELDS.areaHa));
      if (areaHa === 'invalid') {
        error('flaeche', 'the area is not a whole number of hectares');
        continue;
      }
      const population = optionalInt(cut(line, GV100AD_FIELDS.population));
      if (population === 'invalid') {
        error('bevoelkerung', 'the population is not a whole number');
        continue;
      }
      const plz = cut(line, GV100AD_FIELDS.postalCode).trim();
      if (plz !== '' && !digits(plz, 5)) {
        error('plz', `"${plz}" is not a five-digit postal code`);
        continue;
      }
      const record: Gv100Municipality = {
        ...base,
        satzart: '60',
        ags: `${land}${regbez}${kreis}${gemeinde}`,
        ars: `${land}${regbez}${kreis}${verband}${gemeinde}`,
        areaHa,
        population,
        postalCode: plz || null,
        postalCodeAmbiguous: cut(line, GV100AD_FIELDS.postalCodeAmbiguous).trim() !== '',
      };
      result.records.push(record);
      result.municipalities.push(record);
      continue;
    }
    if (base.satzart === '50') {
      if (!(textKey in ASSOCIATION_TEXT_KEYS)) {
        error('textkennzeichen', `"${textKey}" is no Textkennzeichen of a Gemeindeverband`);
        continue;
      }
      result.associations.set(`${land}${regbez}${kreis}${verband}`, base);
    }
    if (base.satzart === '40') result.districts.set(`${land}${regbez}${kreis}`, base);
    if (base.satzart === '10') result.states.set(land, base);
    result.records.push(base);
  }
  return result;
}

/** Builds one GV100AD line (tests and the demo generator write files in the published layout). */
export function gv100Line(fields: {
  satzart: Satzart;
  validOn: string;
  land: string;
  regbez?: string;
  kreis?: string;
  gemeinde?: string;
  verband?: string;
  name: string;
  sitz?: string;
  textKey?: string;
  areaHa?: number;
  population?: number;
  postalCode?: string;
  postalCodeAmbiguous?: boolean;
}): string {
  const chars = Array.from({ length: 220 }, () => ' ');
  const put = ([from, to]: readonly [number, number], value: string, align: 'left' | 'right' = 'left') => {
    const width = to - from + 1;
    const v = align === 'right' ? value.padStart(width, ' ') : value.padEnd(width, ' ');
    for (let i = 0; i < width; i++) chars[from - 1 + i] = v[i] ?? ' ';
  };
  const F = GV100AD_FIELDS;
  put(F.satzart, fields.satzart);
  put(F.gebietsstand, fields.validOn.replaceAll('-', ''));
  put(F.land, fields.land);
  put(F.regbez, fields.regbez ?? ' ');
  put(F.kreis, fields.kreis ?? '  ');
  put(F.gemeinde, fields.gemeinde ?? '   ');
  put(F.verband, fields.verband ?? '    ');
  put(F.name, fields.name.slice(0, 50));
  put(F.sitz, (fields.sitz ?? '').slice(0, 50));
  put(F.textKey, fields.textKey ?? '  ');
  if (fields.areaHa !== undefined) put(F.areaHa, String(fields.areaHa).padStart(11, '0'), 'right');
  if (fields.population !== undefined)
    put(F.population, String(fields.population).padStart(11, '0'), 'right');
  if (fields.postalCode) put(F.postalCode, fields.postalCode);
  if (fields.postalCodeAmbiguous) put(F.postalCodeAmbiguous, '*****');
  return chars.join('');
}
