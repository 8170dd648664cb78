import { sql } from 'kysely';
import { uuidv7 } from '../../../core/ids';
import { addDays, weekday, zonedDateTimeToInstant } from '../../../core/time';
import type { Db } from '../../db/database';
import { inTransaction } from '../../db/transaction';
import { AppError } from '../../http/errors';
import { type AuditActor, SYSTEM_ACTOR } from '../audit/service';
import { SEED_SERVICES } from '../catalog/seed-services';
import { applyImport, checkImportEntries } from '../catalog/transfer';
import { hashPassword } from '../identity/password';
import { insertGeneratedBatch } from '../register/bulk-insert';
import { type GeneratorMunicipality, generateResidents, Random } from '../register/generator';
import { DEMO_REGISTER_AS_OF } from '../register/seed';
import { saxonHoliday } from '../schedule/holidays';
import { todayInBerlin } from '../schedule/service';
import type { OnboardAuthorityInput } from './schemas';
import { onboardAuthority } from './service';

/**
 * A Saxony-sized demo (#12; `npm run generate -- --authorities 50`): fictitious authorities,
 * deterministic for a seed, each onboarded through the operator's own path (onboardAuthority), with
 * the seed catalogue published, office days at every location and generated residents.
 *
 * Everything invented is marked: every name ends in "(fiktiv)", the municipality keys lie in
 * 149xxxxx — Saxony (14) has no Regierungsbezirk 9, so no key can be a real municipality's —,
 * portal addresses start with `fiktiv-`, and the residents carry the register's `fictitious` flag.
 */

/** Saxony's key, a Regierungsbezirk that does not exist: keys no real municipality has. */
export const FICTITIOUS_AGS_PREFIX = '149';
export const FICTITIOUS_SLUG_PREFIX = 'fiktiv-';

const FIRST = [
  'Linden',
  'Birken',
  'Erlen',
  'Eschen',
  'Wiesen',
  'Mühl',
  'Stein',
  'Sonnen',
  'Rosen',
  'Buchen',
  'Tannen',
  'Hasel',
  'Wald',
  'Quell',
  'Feld',
  'Heide',
  'Falken',
  'Kranich',
  'Ahorn',
  'Ulmen',
];
const LAST = ['au', 'bach', 'hain', 'walde', 'dorf', 'grün', 'tal', 'berg', 'feld', 'born', 'ried', 'roda'];
const PREFIX = ['Ober', 'Nieder', 'Alt', 'Neu', 'Groß', 'Klein'];
const STREETS = ['Markt', 'Hauptstraße', 'Kirchplatz', 'Schulstraße', 'Am Anger', 'Lindenallee'];
/** Dark enough for AA contrast on white (checked by the onboarding as for any authority). */
const COLOURS = ['#00366f', '#1b5e20', '#7b1e3a', '#4a148c', '#004d40', '#5d4037', '#263238', '#0d47a1'];

const KINDS = ['verwaltungsgemeinschaft', 'verwaltungsverband', 'einheitsgemeinde', 'stadt'] as const;

export interface AuthorityPlan {
  input: OnboardAuthorityInput;
  /** Residents of each member municipality, in the input's order. */
  residents: number[];
}

function slugOf(name: string): string {
  return name
    .toLowerCase()
    .replaceAll('ä', 'ae')
    .replaceAll('ö', 'oe')
    .replaceAll('ü', 'ue')
    .replaceAll('ß', 'ss')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * The plan of `count` fictitious authorities for a seed: the same seed always gives the same
 * names, keys, villages, colours and resident counts (pure; tested).
 */
export function planAuthorities(
  count: number,
  options: { seed?: number; residentsPerAuthority?: number } = {},
): AuthorityPlan[] {
  const random = new Random(options.seed ?? 20260112);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random.next() * list.length)]!;
  const usedNames = new Set<string>();
  const placeName = (): string => {
    for (;;) {
      const base = `${pick(FIRST)}${pick(LAST)}`;
      const name = random.next() < 0.25 ? `${pick(PREFIX)}${base.toLowerCase()}` : base;
      if (!usedNames.has(name)) {
        usedNames.add(name);
        return name;
      }
    }
  };
  const perAuthority = options.residentsPerAuthority ?? 2000;
  const plans: AuthorityPlan[] = [];
  let kreis = 0;
  for (let i = 1; i <= count; i++) {
    const kind = KINDS[(i - 1) % KINDS.length]!;
    const members = kind === 'verwaltungsgemeinschaft' ? 2 + (i % 2) : kind === 'verwaltungsverband' ? 3 : 1;
    // Up to 99 municipalities per fictitious Kreis: keys 149KK GGG (KK from 01).
    const municipalities = Array.from({ length: members }, (_, m) => {
      kreis++;
      const name = placeName();
      const villages = Array.from({ length: 1 + Math.floor(random.next() * 4) }, (_, v) =>
        v === 0 ? name : placeName(),
      );
      return {
        ags: `${FICTITIOUS_AGS_PREFIX}${String(Math.ceil(kreis / 99)).padStart(2, '0')}${String(((kreis - 1) % 99) + 1).padStart(3, '0')}`,
        name: `${name} (fiktiv)`,
        postalCode: `0${String(1000 + ((i * 7 + m) % 8999)).padStart(4, '0')}`,
        villages: villages.map((v, j) => ({
          name: `${v} (fiktiv)`,
          kind: j === 0 ? ('core' as const) : ('ortsteil' as const),
        })),
        weight: 1 + random.next() * 4,
      };
    });
    const lead = municipalities[0]!;
    const leadName = lead.name.replace(' (fiktiv)', '');
    const name =
      kind === 'verwaltungsgemeinschaft'
        ? `Verwaltungsgemeinschaft ${leadName} (fiktiv)`
        : kind === 'verwaltungsverband'
          ? `Verwaltungsverband ${leadName} (fiktiv)`
          : kind === 'stadt'
            ? `Stadtverwaltung ${leadName} (fiktiv)`
            : `Gemeindeverwaltung ${leadName} (fiktiv)`;
    const totalWeight = municipalities.reduce((s, m) => s + m.weight, 0);
    let assigned = 0;
    const residents = municipalities.map((m, j) => {
      const share =
        j === municipalities.length - 1
          ? perAuthority - assigned
          : Math.round((perAuthority * m.weight) / totalWeight);
      assigned += share;
      return Math.max(0, share);
    });
    const number = String(i).padStart(2, '0');
    plans.push({
      residents,
      input: {
        name,
        shortName: `${leadName} (fiktiv)`.slice(0, 80),
        bodyKind: kind,
        slug: `${FICTITIOUS_SLUG_PREFIX}${number}-${slugOf(leadName)}`.slice(0, 60),
        street: `${pick(STREETS)} ${1 + Math.floor(random.next() * 30)}`,
        postalCode: lead.postalCode,
        city: leadName,
        email: `poststelle@${slugOf(leadName)}.example`,
        joined115: i % 3 !== 0,
        municipalities: municipalities.map(({ weight: _weight, ...m }) => m),
        leadMunicipalityAgs: lead.ags,
        branding: { primaryColour: pick(COLOURS) },
        imprint: { representative: `Bürgermeisterin ${leadName} (fiktiv)` },
        firstAdmin: {
          username: `admin.${FICTITIOUS_SLUG_PREFIX}${number}`,
          displayName: `Admin ${leadName} (fiktiv)`,
        },
      } as OnboardAuthorityInput,
    });
  }
  return plans;
}

/**
 * Plausible coordinates in Saxony for a generated authority's villages (#14, tour planner): the
 * authority's centre somewhere inside the state (50.35–51.45 N, 12.3–14.7 E) and its villages
 * scattered up to about 9 km around it. Its own random stream (seed + authority number), so the
 * names and counts of `planAuthorities` stay as they were.
 */
export function villageCoordinates(seed: number, index: number, villages: number) {
  const random = new Random(seed * 31 + 7 + index);
  const centre = { latitude: 50.35 + random.next() * 1.1, longitude: 12.3 + random.next() * 2.4 };
  const round = (x: number) => Math.round(x * 10_000) / 10_000;
  return Array.from({ length: villages }, () => ({
    latitude: round(centre.latitude + (random.next() - 0.5) * 0.16),
    longitude: round(centre.longitude + (random.next() - 0.5) * 0.26),
  }));
}

export interface GenerateAuthoritiesOptions {
  /** How many authorities the installation holds afterwards, the existing (real or demo) ones included. */
  authorities: number;
  seed?: number;
  residentsPerAuthority?: number;
  /** Weeks of office days from today (one a week at each location). */
  weeks?: number;
  dataDir: string;
  actor?: AuditActor;
  onProgress?(done: number, total: number, slug: string): void;
}

export interface GenerateAuthoritiesResult {
  created: number;
  existing: number;
  authorities: number;
  residents: number;
  officeDays: number;
  seconds: number;
}

/**
 * Adds fictitious authorities until the installation holds `authorities` of them (idempotent:
 * generated authorities already there are kept, so a second run adds nothing). Each authority is
 * one transaction: onboarding, catalogue and office days; its residents follow in batches.
 * The first admins get a password nobody knows (set it with `npm run admin:create`).
 */
export async function generateAuthorities(
  db: Db,
  options: GenerateAuthoritiesOptions,
): Promise<GenerateAuthoritiesResult> {
  const started = Date.now();
  const actor = options.actor ?? { ...SYSTEM_ACTOR, username: 'cli:generate', reason: 'Demo (fiktiv)' };
  const all = await db.selectFrom('authorities').select(['slug']).execute();
  const real = all.filter((a) => !a.slug.startsWith(FICTITIOUS_SLUG_PREFIX)).length;
  const wanted = Math.max(0, options.authorities - real);
  const plans = planAuthorities(wanted, options);
  const present = new Set(all.map((a) => a.slug));
  // One hash of a random password for all generated first admins: nobody knows it.
  const unknown = `${uuidv7()}-${uuidv7()}`;
  const passwordHash = { hash: await hashPassword(unknown), password: unknown };
  const { entries, problems } = checkImportEntries(
    Object.values(SEED_SERVICES).map((s) => ({ content: s.content, synonyms: s.synonyms })),
    'de',
  );
  if (problems.length) throw new AppError('CATALOG_IMPORT_INVALID', { count: problems.length });
  const today = todayInBerlin();
  const weeks = options.weeks ?? 8;
  let created = 0;
  let residents = 0;
  let officeDays = 0;
  for (const [index, plan] of plans.entries()) {
    const slug = plan.input.slug;
    if (present.has(slug)) continue;
    const outcome = await inTransaction(db, async (trx) => {
      const onboarded = await onboardAuthority(trx, actor, plan.input, {
        dataDir: options.dataDir,
        passwordHash,
      });
      const authorityId = onboarded.authorityId;
      // The seed catalogue, published; slugs are installation-wide, so each gets the authority's.
      await applyImport(
        trx,
        { ...actor, authorityId },
        authorityId,
        entries.map((e) => ({
          ...e,
          id: undefined,
          content: { ...e.content, slug: `${e.content.slug}-${slug}`.slice(0, 80) },
        })),
        true,
        'de',
      );
      const municipalities = await trx
        .selectFrom('municipalities')
        .select(['id', 'ags', 'name', 'postal_code'])
        .where('authority_id', '=', authorityId)
        .execute();
      const villages = await trx
        .selectFrom('villages')
        .select(['id', 'municipality_id', 'name', 'kind'])
        .where('authority_id', '=', authorityId)
        .execute();
      const townHall = await trx
        .selectFrom('locations')
        .select(['id', 'municipality_id'])
        .where('authority_id', '=', authorityId)
        .executeTakeFirstOrThrow();
      const coordinates = villageCoordinates(options.seed ?? 20260112, index, villages.length);
      const villageAt = new Map(villages.map((v, k) => [v.id, coordinates[k]!]));
      for (const v of villages) {
        await trx.updateTable('villages').set(villageAt.get(v.id)!).where('id', '=', v.id).execute();
      }
      const leadCore = villages.find(
        (v) => v.municipality_id === townHall.municipality_id && v.kind === 'core',
      );
      if (leadCore) {
        await trx
          .updateTable('locations')
          .set({ ...villageAt.get(leadCore.id)!, village_id: leadCore.id })
          .where('id', '=', townHall.id)
          .execute();
      }
      // A community hall in every other member municipality.
      const locations = [townHall.id];
      for (const m of municipalities) {
        if (m.id === townHall.municipality_id) continue;
        const core = villages.find((v) => v.municipality_id === m.id && v.kind === 'core');
        const id = uuidv7();
        await trx
          .insertInto('locations')
          .values({
            id,
            authority_id: authorityId,
            municipality_id: m.id,
            village_id: core?.id ?? null,
            name: `Gemeindeamt ${m.name}`,
            slug: `${slug}-${m.ags}`,
            kind: 'village_hall',
            street: 'Dorfstraße 1',
            postal_code: m.postal_code,
            city: m.name,
            latitude: core ? villageAt.get(core.id)!.latitude : null,
            longitude: core ? villageAt.get(core.id)!.longitude : null,
            step_free: true,
            accessibility_notes: null,
            opening_notes: null,
          })
          .execute();
        locations.push(id);
      }
      // A village hall in every district (Ortsteil) where a kit can set up; no regular office days.
      for (const v of villages) {
        if (v.kind === 'core') continue;
        const m = municipalities.find((x) => x.id === v.municipality_id)!;
        await trx
          .insertInto('locations')
          .values({
            id: uuidv7(),
            authority_id: authorityId,
            municipality_id: m.id,
            village_id: v.id,
            name: `Dorfgemeinschaftshaus ${v.name}`,
            slug: `${slug}-${m.ags}-${v.id.slice(-6)}`,
            kind: 'village_hall',
            street: 'Dorfplatz 1',
            postal_code: m.postal_code,
            city: m.name,
            ...villageAt.get(v.id)!,
            step_free: true,
            accessibility_notes: null,
            opening_notes: null,
          })
          .execute();
      }
      // Demand signals without a contact (0–5 a village), so that the tour planner has work.
      const demandRandom = new Random((options.seed ?? 20260112) * 17 + index);
      const signals = villages.flatMap((v) =>
        Array.from({ length: Math.floor(demandRandom.next() * 6) }, () => ({
          id: uuidv7(),
          authority_id: authorityId,
          municipality_id: v.municipality_id,
          village_id: v.id,
          email: null,
          phone: null,
          locale: 'de' as const,
          note: null,
        })),
      );
      if (signals.length) await trx.insertInto('demand_signals').values(signals).execute();
      // One office day a week at each location, 09–12, on a weekday that depends on the location.
      const days = [];
      for (const [li, locationId] of locations.entries()) {
        for (let d = 1; d <= weeks * 7; d++) {
          const date = addDays(today, d);
          if (weekday(date) !== 1 + ((index + li) % 5) || saxonHoliday(date)) continue;
          days.push({
            id: uuidv7(),
            authority_id: authorityId,
            location_id: locationId,
            series_id: null,
            date,
            start_time: '09:00',
            end_time: '12:00',
            starts_at: zonedDateTimeToInstant(date, '09:00'),
            ends_at: zonedDateTimeToInstant(date, '12:00'),
            desks: 2,
            kit_id: null,
            slot_minutes: 15,
            service_ids: null,
            cancel_reason: null,
            note: null,
          });
        }
      }
      if (days.length) await trx.insertInto('office_days').values(days).execute();
      return { authorityId, municipalities, villages, officeDays: days.length };
    });
    officeDays += outcome.officeDays;
    const byAgs = new Map(outcome.municipalities.map((m) => [m.ags.trim(), m]));
    const generatorMunicipalities: GeneratorMunicipality[] = plan.input.municipalities.map((m, j) => {
      const row = byAgs.get(m.ags)!;
      return {
        id: row.id,
        city: m.name,
        postalCode: m.postalCode,
        residents: plan.residents[j]!,
        villages: outcome.villages
          .filter((v) => v.municipality_id === row.id)
          .map((v) => ({
            id: v.id,
            name: v.name,
            weight: v.kind === 'core' ? 4 : 1,
            core: v.kind === 'core',
          })),
      };
    });
    for (const batch of generateResidents({
      authorityId: outcome.authorityId,
      municipalities: generatorMunicipalities,
      seed: (options.seed ?? 20260112) + index,
      asOf: DEMO_REGISTER_AS_OF,
      batchSize: 20_000,
      // Id spaces 1 and 2 are the demo seed's and `--residents`'; generated authorities from 0x100.
      idSpace: 0x100 + index,
    })) {
      await inTransaction(db, (trx) => insertGeneratedBatch(trx, outcome.authorityId, batch));
      residents += batch.persons.length;
    }
    created++;
    options.onProgress?.(created, plans.length, slug);
  }
  if (created > 0) {
    for (const table of ['register_persons', 'register_residences', 'office_days', 'catalog_search_words'])
      await sql`analyze ${sql.table(table)}`.execute(db);
  }
  const total = await db
    .selectFrom('authorities')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return {
    created,
    existing: plans.length - created,
    authorities: Number(total.n),
    residents,
    officeDays,
    seconds: (Date.now() - started) / 1000,
  };
}
