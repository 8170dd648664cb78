import {
  normaliseHouseNumber,
  normaliseName,
  normaliseStreet,
  personSearchText,
} from '../../../core/register/names';
import type {
  DwellingKind,
  IdDocumentKind,
  MaritalStatus,
  Religion,
  Sex,
} from '../../../core/register/vocabulary';
import type { IsoDate } from '../../../core/time';
import type { StoredBlockKind } from './tables';

/**
 * A deterministic generator of clearly fictitious residents: the same seed gives the same
 * people, dwellings and households every time. Names are common German names combined at
 * random, streets are invented, and every row is marked `fictitious` (shown as "Demo" in the
 * desk and printed as "MUSTER" on documents). Used by the demo seed (~900 in Schönberg,
 * ~14,000 in Meerane) and by `npm run generate` for Saxony-scale benchmarks.
 */

export interface GeneratorMunicipality {
  id: string;
  /** Name printed in addresses, e.g. "Meerane". */
  city: string;
  postalCode: string;
  /** Villages (Ortsteile) with a weight; the first is the core. */
  villages: { id: string; name: string; weight: number; core: boolean }[];
  /** Care homes (§ 52 BMG conditional block) in the municipality: village and street. */
  careHomes?: { villageId: string; street: string; houseNumber: string; residents: number }[];
  residents: number;
}

export interface GeneratorOptions {
  authorityId: string;
  municipalities: GeneratorMunicipality[];
  seed: number;
  /** The date the register is "as of" (ages, validity of documents). */
  asOf: IsoDate;
  /** Rows per batch handed to the caller. */
  batchSize?: number;
  /** Distinguishes id ranges of separate generator runs in one database. */
  idSpace?: number;
}

export interface GeneratedDwelling {
  id: string;
  municipality_id: string;
  village_id: string;
  street: string;
  house_number: string;
  unit: string | null;
  postal_code: string;
  city: string;
  kind: DwellingKind;
  street_norm: string;
  house_number_norm: string;
}

export interface GeneratedPerson {
  id: string;
  family_name: string;
  given_names: string;
  call_name: string | null;
  birth_name: string | null;
  doctoral_degree: string | null;
  birth_date: IsoDate;
  birth_place: string;
  sex: Sex;
  nationalities: string[];
  religion: Religion;
  marital_status: MaritalStatus;
  household_id: string;
  family_name_norm: string;
  given_names_norm: string;
  search_name: string;
}

export interface GeneratedResidence {
  id: string;
  person_id: string;
  dwelling_id: string;
  kind: 'sole';
  moved_in_on: IsoDate;
  registered_on: IsoDate;
}

export interface GeneratedBlock {
  id: string;
  person_id: string;
  kind: StoredBlockKind;
  valid_from: IsoDate;
  valid_until: IsoDate | null;
}

export interface GeneratedIdDocument {
  id: string;
  person_id: string;
  kind: IdDocumentKind;
  serial_number: string;
  issued_on: IsoDate;
  valid_until: IsoDate;
  issuing_authority: string;
  status: 'valid' | 'expired';
}

export interface GeneratedBatch {
  dwellings: GeneratedDwelling[];
  households: { id: string }[];
  persons: GeneratedPerson[];
  residences: GeneratedResidence[];
  blocks: GeneratedBlock[];
  idDocuments: GeneratedIdDocument[];
}

// ---------------------------------------------------------------------------------------------
// Deterministic randomness
// ---------------------------------------------------------------------------------------------

/** sfc32: small, fast, good enough for test data, and the same in every JavaScript engine. */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.next();
  }
  next(): number {
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    this.d >>>= 0;
    let t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    t = (t + this.d) | 0;
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)]!;
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1]![0];
  }
}

/** Deterministic UUIDv7-shaped ids: a fixed time base, the id space and a counter. */
export function generatedId(space: number, kind: number, n: number): string {
  const hex = (v: number, len: number) => v.toString(16).padStart(len, '0').slice(-len);
  // 0188… = mid-2023 in UUIDv7 time; kind and space keep tables and runs apart.
  return `0188${hex(space, 4)}-${hex(kind, 4)}-7${hex(Math.floor(n / 2 ** 32), 3)}-8${hex(Math.floor(n / 2 ** 16) % 4096, 3)}-${hex(n % 2 ** 16, 4)}${hex(n * 2654435761, 8)}`;
}

// ---------------------------------------------------------------------------------------------
// Vocabulary (common names; the combinations are invented)
// ---------------------------------------------------------------------------------------------

const FAMILY_NAMES = [
  'Müller',
  'Schmidt',
  'Schneider',
  'Fischer',
  'Weber',
  'Meyer',
  'Wagner',
  'Becker',
  'Schulz',
  'Hoffmann',
  'Schäfer',
  'Koch',
  'Bauer',
  'Richter',
  'Klein',
  'Wolf',
  'Schröder',
  'Neumann',
  'Schwarz',
  'Zimmermann',
  'Braun',
  'Krüger',
  'Hofmann',
  'Hartmann',
  'Lange',
  'Schmitt',
  'Werner',
  'Schmitz',
  'Krause',
  'Meier',
  'Lehmann',
  'Schmid',
  'Schulze',
  'Maier',
  'Köhler',
  'Herrmann',
  'König',
  'Walter',
  'Mayer',
  'Huber',
  'Kaiser',
  'Fuchs',
  'Peters',
  'Lang',
  'Scholz',
  'Möller',
  'Weiß',
  'Jung',
  'Hahn',
  'Schubert',
  'Vogel',
  'Friedrich',
  'Keller',
  'Günther',
  'Frank',
  'Berger',
  'Winkler',
  'Roth',
  'Beck',
  'Lorenz',
  'Baumann',
  'Franke',
  'Albrecht',
  'Schuster',
  'Simon',
  'Ludwig',
  'Böhm',
  'Winter',
  'Kraus',
  'Martin',
  'Schumacher',
  'Krämer',
  'Vogt',
  'Stein',
  'Jäger',
  'Otto',
  'Sommer',
  'Groß',
  'Seidel',
  'Heinrich',
  'Brandt',
  'Haas',
  'Schreiber',
  'Graf',
  'Schulte',
  'Dietrich',
  'Ziegler',
  'Kuhn',
  'Kühn',
  'Pohl',
  'Engel',
  'Horn',
  'Busch',
  'Bergmann',
  'Thomas',
  'Voigt',
  'Sauer',
  'Arnold',
  'Wolff',
  'Pfeiffer',
  'Ullrich',
  'Kretzschmar',
  'Uhlig',
  'Nestler',
  'Ebert',
  'Hänel',
  'Thieme',
  'Lindner',
  'Rößler',
  'Seifert',
  'Schuricht',
  'Gläser',
  'Heinze',
  'Unger',
  'Fiedler',
  'Böttger',
  'Reinhold',
  'Drechsel',
  'Petzold',
  'Wendler',
  'Müller-Lüdenscheidt',
  'Schmidt-Wagner',
  'Nguyen',
  'Kowalski',
  'Nowak',
  'Öztürk',
  'Yılmaz',
  'Popescu',
  'Dvořák',
  'Lefèvre',
];

const FEMALE_NAMES = [
  'Anna',
  'Maria',
  'Ursula',
  'Monika',
  'Petra',
  'Elisabeth',
  'Sabine',
  'Renate',
  'Helga',
  'Karin',
  'Brigitte',
  'Ingrid',
  'Erika',
  'Andrea',
  'Gisela',
  'Claudia',
  'Susanne',
  'Gabriele',
  'Christa',
  'Christine',
  'Hildegard',
  'Uta',
  'Anja',
  'Heike',
  'Katrin',
  'Kerstin',
  'Manuela',
  'Simone',
  'Silke',
  'Nicole',
  'Stefanie',
  'Julia',
  'Katharina',
  'Sandra',
  'Melanie',
  'Lisa',
  'Laura',
  'Sarah',
  'Lena',
  'Leonie',
  'Emma',
  'Mia',
  'Hannah',
  'Sophia',
  'Emilia',
  'Lina',
  'Marie',
  'Clara',
  'Ella',
  'Frieda',
  'Johanna',
  'Luise',
  'Greta',
  'Charlotte',
  'Jana',
  'Franziska',
  'Doreen',
  'Mandy',
  'Peggy',
  'Ramona',
  'Zoë',
  'Chloé',
  'Małgorzata',
];

const MALE_NAMES = [
  'Peter',
  'Michael',
  'Thomas',
  'Andreas',
  'Wolfgang',
  'Klaus',
  'Jürgen',
  'Günter',
  'Stefan',
  'Christian',
  'Uwe',
  'Werner',
  'Horst',
  'Frank',
  'Dieter',
  'Manfred',
  'Gerhard',
  'Hans',
  'Bernd',
  'Torsten',
  'Matthias',
  'Jens',
  'Ralf',
  'Steffen',
  'Sven',
  'Mario',
  'René',
  'Ronny',
  'Daniel',
  'Tobias',
  'Markus',
  'Alexander',
  'Sebastian',
  'Florian',
  'Martin',
  'Tim',
  'Jan',
  'Felix',
  'Lukas',
  'Paul',
  'Ben',
  'Leon',
  'Noah',
  'Elias',
  'Finn',
  'Jonas',
  'Luis',
  'Emil',
  'Anton',
  'Theo',
  'Karl',
  'Oskar',
  'Friedrich',
  'Heinz',
  'Rolf',
  'Lothar',
  'Dirk',
  'Holger',
  'Maik',
  'Enrico',
  'José',
  'Łukasz',
  'Çağrı',
];

/** Common German names (for benchmarks that build residents of their own). */
export const NAME_VOCABULARY = {
  family: FAMILY_NAMES,
  given: [...FEMALE_NAMES, ...MALE_NAMES],
} as const;

const BIRTH_PLACES = [
  'Meerane',
  'Glauchau',
  'Zwickau',
  'Crimmitschau',
  'Werdau',
  'Chemnitz',
  'Leipzig',
  'Dresden',
  'Altenburg',
  'Gera',
  'Plauen',
  'Hohenstein-Ernstthal',
  'Limbach-Oberfrohna',
  'Schmölln',
  'Gößnitz',
  'Reichenbach im Vogtland',
  'Aue',
  'Erfurt',
  'Berlin',
  'Halle (Saale)',
  'Magdeburg',
  'Jena',
  'Freiberg',
  'Annaberg-Buchholz',
];

const FOREIGN = [
  ['PL', 'Kraków'],
  ['VN', 'Hanoi'],
  ['TR', 'Izmir'],
  ['RO', 'Cluj-Napoca'],
  ['UA', 'Lwiw'],
  ['SY', 'Aleppo'],
  ['CZ', 'Cheb'],
  ['RU', 'Omsk'],
] as const;

const STREET_STEMS = [
  'Ahorn',
  'Birken',
  'Buchen',
  'Eichen',
  'Erlen',
  'Eschen',
  'Linden',
  'Pappel',
  'Tannen',
  'Weiden',
  'Kastanien',
  'Rosen',
  'Tulpen',
  'Nelken',
  'Lilien',
  'Flieder',
  'Holunder',
  'Schlehen',
  'Kirsch',
  'Apfel',
  'Mühlen',
  'Wiesen',
  'Feld',
  'Berg',
  'Tal',
  'Bach',
  'Teich',
  'Quell',
  'Wald',
  'Heide',
  'Schul',
  'Kirch',
  'Garten',
  'Sonnen',
  'Mond',
  'Stern',
  'Lerchen',
  'Finken',
  'Amsel',
  'Drossel',
  'Schwalben',
  'Meisen',
  'Falken',
  'Weber',
  'Gerber',
  'Färber',
  'Töpfer',
  'Brauhaus',
  'Bahnhof',
  'Post',
  'Markt',
  'Anger',
  'Hof',
  'Brunnen',
  'Steinbruch',
  'Ziegelei',
  'Spinnerei',
  'Tuchmacher',
  'Hopfen',
  'Lein',
];

const STREET_SUFFIXES = ['straße', 'weg', 'ring', 'gasse', 'allee', 'steig', 'winkel', 'pfad'];
const STREET_PREFIXES = [
  '',
  'Obere ',
  'Untere ',
  'Alte ',
  'Neue ',
  'Kleine ',
  'Große ',
  'Hintere ',
  'Vordere ',
];

/** The invented street names of a municipality: enough for its size, deterministic. */
export function streetNames(count: number, random: Random): string[] {
  const all: string[] = [];
  for (const prefix of STREET_PREFIXES)
    for (const stem of STREET_STEMS)
      for (const suffix of STREET_SUFFIXES) {
        const base = `${stem}${suffix}`;
        // "Obere Ahornstraße": the adjective takes the feminine/masculine ending loosely.
        all.push(
          prefix
            ? `${prefix}${base[0]!.toUpperCase()}${base.slice(1)}`
            : base[0]!.toUpperCase() + base.slice(1),
        );
      }
  // Shuffle deterministically, then take the first `count` (plain names first for small places).
  const plain = all.slice(0, STREET_STEMS.length * STREET_SUFFIXES.length);
  const rest = all.slice(plain.length);
  for (const list of [plain, rest])
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(random.next() * (i + 1));
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
  return [...plain, ...rest].slice(0, Math.max(1, Math.min(count, all.length)));
}

/** Saxony's population is old: weights of 10-year age bands 0–9 … 90–99. */
const AGE_BANDS: [number, number][] = [
  [0, 8],
  [10, 8],
  [20, 8],
  [30, 11],
  [40, 11],
  [50, 14],
  [60, 16],
  [70, 12],
  [80, 9],
  [90, 3],
];

/** Days since 1970-01-01 and back (H. Hinnant's civil calendar algorithms): no Date objects in the hot loop. */
export function toDays(iso: IsoDate): number {
  let y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function fromDays(days: number): IsoDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

function birthDateFor(random: Random, asOfDays: number, minAge: number, maxAge: number): IsoDate {
  const age = random.int(minAge, maxAge);
  const day = random.int(0, 364);
  return fromDays(asOfDays - (age * 365 + Math.floor(age / 4) + day + 1));
}

// ---------------------------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------------------------

interface Member {
  sex: Sex;
  minAge: number;
  maxAge: number;
  role: 'adult' | 'partner' | 'child';
}

function householdShape(random: Random): Member[] {
  const shape = random.weighted([
    ['single', 41],
    ['couple', 33],
    ['family', 19],
    ['single_parent', 7],
  ] as const);
  const sexA: Sex = random.chance(0.5) ? 'female' : 'male';
  const sexB: Sex = random.chance(0.97) ? (sexA === 'female' ? 'male' : 'female') : sexA;
  if (shape === 'single') {
    const band = random.weighted(AGE_BANDS.filter(([a]) => a >= 20).map(([a, w]) => [a, w] as const));
    return [{ sex: sexA, minAge: Math.max(18, band), maxAge: band + 9, role: 'adult' }];
  }
  if (shape === 'couple') {
    const band = random.weighted(
      AGE_BANDS.filter(([a]) => a >= 20 && a < 90).map(([a, w]) => [a, w] as const),
    );
    return [
      { sex: sexA, minAge: band, maxAge: band + 9, role: 'adult' },
      { sex: sexB, minAge: Math.max(18, band - 4), maxAge: band + 12, role: 'partner' },
    ];
  }
  const children = random.weighted([
    [1, 45],
    [2, 40],
    [3, 12],
    [4, 3],
  ] as const);
  const parentBand = random.int(26, 52);
  const members: Member[] = [{ sex: sexA, minAge: parentBand, maxAge: parentBand + 3, role: 'adult' }];
  if (shape === 'family')
    members.push({ sex: sexB, minAge: parentBand - 3, maxAge: parentBand + 5, role: 'partner' });
  for (let i = 0; i < children; i++)
    members.push({
      sex: random.chance(0.5) ? 'female' : 'male',
      minAge: 0,
      maxAge: Math.min(parentBand - 20, 17),
      role: 'child',
    });
  return members;
}

function religionFor(random: Random): Religion {
  return random.weighted([
    ['none', 74],
    ['ev', 20],
    ['rk', 4],
    ['other_taxed', 2],
  ] as const);
}

function serial(random: Random): string {
  const chars = 'CFGHJKLMNPRTVWXYZ0123456789';
  let s = 'L';
  for (let i = 0; i < 8; i++) s += chars[random.int(0, chars.length - 1)];
  return s;
}

function addYears(date: IsoDate, years: number): IsoDate {
  const [y, m, d] = date.split('-') as [string, string, string];
  const target = `${Number(y) + years}-${m}-${d === '29' && m === '02' ? '28' : d}`;
  return target;
}

/** Names repeat a lot in generated data: normalise each distinct one once. */
function memo<A extends string[], R>(fn: (...args: A) => R): (...args: A) => R {
  const cache = new Map<string, R>();
  return (...args: A) => {
    const key = args.join('\u0000');
    let value = cache.get(key);
    if (value === undefined) {
      value = fn(...args);
      cache.set(key, value);
    }
    return value;
  };
}
const normName = memo((name: string) => normaliseName(name));
const searchText = memo((family: string, birth: string) => personSearchText(family, birth || null));
const normStreet = memo((street: string) => normaliseStreet(street));
const normHouse = memo((house: string) => normaliseHouseNumber(house));

/**
 * Generates the residents in batches (each batch is self-contained: a dwelling's households and
 * persons arrive together). Deterministic for a given seed and options.
 */
export function* generateResidents(options: GeneratorOptions): Generator<GeneratedBatch> {
  const space = options.idSpace ?? 1;
  const batchSize = options.batchSize ?? 5000;
  const counters = { dwelling: 0, household: 0, person: 0, residence: 0, block: 0, doc: 0 };
  const asOfDays = toDays(options.asOf);
  const daysAgo = (n: number) => fromDays(asOfDays - n);
  const id = (kind: keyof typeof counters, code: number) => generatedId(space, code, ++counters[kind]);
  let batch: GeneratedBatch = emptyBatch();
  for (const [mi, m] of options.municipalities.entries()) {
    const random = new Random(options.seed * 1000 + mi + 1);
    const streets = streetNames(Math.max(6, Math.ceil(m.residents / 120)), random);
    const streetVillage = streets.map(() => random.weighted(m.villages.map((v) => [v, v.weight] as const)));
    let made = 0;

    const addPerson = (
      member: Member,
      familyName: string,
      householdId: string,
      dwellingId: string,
      movedInOn: IsoDate,
      birthName: string | null,
    ) => {
      const given = member.sex === 'female' ? FEMALE_NAMES : MALE_NAMES;
      const first = random.pick(given);
      const second = random.chance(0.3) ? random.pick(given) : null;
      const givenNames = second && second !== first ? `${first} ${second}` : first;
      const birthDate = birthDateFor(random, asOfDays, member.minAge, Math.max(member.minAge, member.maxAge));
      const foreign = random.chance(0.05) ? random.pick(FOREIGN) : null;
      const age = Number(options.asOf.slice(0, 4)) - Number(birthDate.slice(0, 4));
      const personId = id('person', 3);
      const person: GeneratedPerson = {
        id: personId,
        family_name: familyName,
        given_names: givenNames,
        call_name: second ? first : null,
        birth_name: birthName,
        doctoral_degree: age > 30 && random.chance(0.012) ? 'Dr.' : null,
        birth_date: birthDate,
        birth_place: foreign ? foreign[1] : random.pick(BIRTH_PLACES),
        sex: member.sex,
        nationalities: foreign ? (random.chance(0.2) ? ['DE', foreign[0]] : [foreign[0]]) : ['DE'],
        religion: religionFor(random),
        marital_status:
          member.role === 'child' || age < 18
            ? 'single'
            : member.role === 'partner'
              ? 'married'
              : random.weighted([
                  ['single', 35],
                  ['married', 35],
                  ['divorced', 15],
                  ['widowed', age > 60 ? 25 : 3],
                ] as const),
        household_id: householdId,
        family_name_norm: normName(familyName),
        given_names_norm: normName(givenNames),
        search_name: searchText(familyName, birthName ?? ''),
      };
      batch.persons.push(person);
      batch.residences.push({
        id: id('residence', 4),
        person_id: personId,
        dwelling_id: dwellingId,
        kind: 'sole',
        moved_in_on: movedInOn < birthDate ? birthDate : movedInOn,
        registered_on: movedInOn < birthDate ? birthDate : movedInOn,
      });
      // Blocks: a few information blocks; objections as often as offices see them.
      const blockFrom = daysAgo(random.int(30, 700));
      if (random.chance(0.003))
        batch.blocks.push({
          id: id('block', 5),
          person_id: personId,
          kind: 'information_block',
          valid_from: blockFrom,
          valid_until: addYears(blockFrom, 2),
        });
      for (const [kind, p] of [
        ['jubilees', 0.05],
        ['parties', 0.03],
        ['address_books', 0.02],
        ['religious_community', 0.01],
      ] as const) {
        if (random.chance(p))
          batch.blocks.push({
            id: id('block', 5),
            person_id: personId,
            kind,
            valid_from: blockFrom,
            valid_until: null,
          });
      }
      // ID documents held: most adults an ID card, many a passport.
      if (age >= 16 && person.nationalities.includes('DE')) {
        for (const [kind, p] of [
          ['id_card', 0.9],
          ['passport', 0.35],
        ] as const) {
          if (!random.chance(p)) continue;
          const years = age < 24 ? 6 : 10;
          const issuedDays = asOfDays - random.int(10, years * 365 + 200);
          const issued = fromDays(issuedDays);
          const until = fromDays(toDays(addYears(issued, years)) - 1);
          batch.idDocuments.push({
            id: id('doc', 6),
            person_id: personId,
            kind,
            serial_number: serial(random),
            issued_on: issued,
            valid_until: until,
            issuing_authority: 'Stadt Meerane',
            status: until < options.asOf ? 'expired' : 'valid',
          });
        }
      }
      made++;
    };

    const flush = function* () {
      if (batch.persons.length >= batchSize) {
        yield batch;
        batch = emptyBatch();
      }
    };

    // Care homes first (their residents get the § 52 conditional block through the dwelling kind).
    for (const home of m.careHomes ?? []) {
      const village = m.villages.find((v) => v.id === home.villageId) ?? m.villages[0]!;
      for (let r = 0; r < home.residents && made < m.residents; r++) {
        const dwellingId = id('dwelling', 1);
        batch.dwellings.push(
          dwelling(dwellingId, m, village, home.street, home.houseNumber, `Zimmer ${r + 1}`, 'care_home'),
        );
        const householdId = id('household', 2);
        batch.households.push({ id: householdId });
        addPerson(
          { sex: random.chance(0.7) ? 'female' : 'male', minAge: 78, maxAge: 99, role: 'adult' },
          random.pick(FAMILY_NAMES),
          householdId,
          dwellingId,
          daysAgo(random.int(30, 2500)),
          null,
        );
      }
    }

    const nextNumber = new Map<number, number>();
    while (made < m.residents) {
      const si = random.int(0, streets.length - 1);
      const street = streets[si]!;
      const village = streetVillage[si]!;
      const number = (nextNumber.get(si) ?? 0) + random.int(1, 2);
      nextNumber.set(si, number);
      const houseNumber = random.chance(0.06) ? `${number}${random.pick(['a', 'b'])}` : String(number);
      const units = village.core && random.chance(0.55) ? random.int(2, 10) : 1;
      for (let u = 0; u < units && made < m.residents; u++) {
        const unit =
          units === 1
            ? null
            : `${Math.floor(u / 2) === 0 ? 'EG' : `${Math.floor(u / 2)}. OG`} ${u % 2 === 0 ? 'links' : 'rechts'}`;
        const dwellingId = id('dwelling', 1);
        batch.dwellings.push(dwelling(dwellingId, m, village, street, houseNumber, unit, 'standard'));
        const householdId = id('household', 2);
        batch.households.push({ id: householdId });
        const familyName = random.pick(FAMILY_NAMES);
        const movedIn = daysAgo(random.int(20, 40 * 365));
        for (const member of householdShape(random)) {
          if (made >= m.residents) break;
          const partnerOwnName = member.role === 'partner' && random.chance(0.15);
          const name = partnerOwnName ? random.pick(FAMILY_NAMES) : familyName;
          const birthName =
            member.role === 'partner' && !partnerOwnName && random.chance(0.8)
              ? random.pick(FAMILY_NAMES)
              : null;
          addPerson(member, name, householdId, dwellingId, movedIn, birthName !== name ? birthName : null);
        }
      }
      yield* flush();
    }
  }
  if (batch.persons.length > 0) yield batch;
}

function dwelling(
  id: string,
  m: GeneratorMunicipality,
  village: { id: string; name: string; core: boolean },
  street: string,
  houseNumber: string,
  unit: string | null,
  kind: DwellingKind,
): GeneratedDwelling {
  return {
    id,
    municipality_id: m.id,
    village_id: village.id,
    street,
    house_number: houseNumber,
    unit,
    postal_code: m.postalCode,
    city: village.core ? m.city : `${m.city} OT ${village.name}`,
    kind,
    street_norm: normStreet(street),
    house_number_norm: normHouse(houseNumber),
  };
}

function emptyBatch(): GeneratedBatch {
  return { dwellings: [], households: [], persons: [], residences: [], blocks: [], idDocuments: [] };
}
