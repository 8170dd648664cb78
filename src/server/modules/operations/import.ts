import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';
import { sql } from 'kysely';
import type { Db } from '../../db/database';
import { inTransaction } from '../../db/transaction';
import { AppError, type FieldError } from '../../http/errors';
import { findUnstorableText } from '../../http/validation';
import type { AuditActor } from '../audit/service';
import { generateOneTimePassword, hashPassword } from '../identity/password';
import { type BODY_KINDS, OnboardAuthorityBody, type OnboardAuthorityInput } from './schemas';
import { type OnboardOutcome, onboardAuthority, onboardingRuleErrors } from './service';

const Ajv = (AjvModule as unknown as { default: typeof AjvModule }).default ?? AjvModule;
const addFormats =
  (addFormatsModule as unknown as { default: typeof addFormatsModule }).default ?? addFormatsModule;
const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false });
addFormats(ajv);
const validateOnboarding = ajv.compile(OnboardAuthorityBody as object);

/** Most authorities one import may bring (a whole Land has fewer administrative bodies). */
export const IMPORT_MAX_AUTHORITIES = 500;

/**
 * The CSV columns, in the documented order (docs/operator-import.md). One row per member
 * municipality; rows with the same `slug` form one authority, whose own columns are given on its
 * first row and either repeated identically or left empty on the others.
 */
export const CSV_COLUMNS = [
  'slug',
  'name',
  'short_name',
  'body_kind',
  'host',
  'street',
  'postal_code',
  'city',
  'phone',
  'email',
  'website',
  'joined_115',
  'primary_colour',
  'imprint_representative',
  'imprint_supervisory_authority',
  'admin_username',
  'admin_display_name',
  'admin_email',
  'municipality_ags',
  'municipality_name',
  'municipality_postal_code',
  'lead',
  'villages',
] as const;
type CsvColumn = (typeof CSV_COLUMNS)[number];
const AUTHORITY_COLUMNS: CsvColumn[] = CSV_COLUMNS.slice(0, 18) as CsvColumn[];

/** RFC 4180 CSV with `;` or `,` (whichever the header uses); quoted fields may hold both and newlines. */
export function parseCsv(text: string): { rows: string[][]; lines: number[] } {
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const rows: string[][] = [];
  const lines: number[] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"') {
        if (body[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && body[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f.trim() !== '')) {
        rows.push(row);
        lines.push(rowLine);
      }
      row = [];
      field = '';
      line++;
      rowLine = line;
    } else field += c;
  }
  row.push(field);
  if (row.some((f) => f.trim() !== '')) {
    rows.push(row);
    lines.push(rowLine);
  }
  return { rows, lines };
}

export interface ImportPlan {
  authorities: OnboardAuthorityInput[];
  /** Where each authority came from, for error paths: a JSON pointer prefix or CSV lines. */
  origins: string[];
}

const truthy = (v: string) => ['1', 'ja', 'x', 'yes', 'true', 'j'].includes(v.trim().toLowerCase());

/** Turns CSV rows into onboarding inputs, or lists every problem by line and column. */
export function planFromCsv(text: string): { plan: ImportPlan; errors: FieldError[] } {
  const { rows, lines } = parseCsv(text);
  const errors: FieldError[] = [];
  const at = (line: number, column: string, code: string, message: string): FieldError => ({
    path: `/lines/${line}/${column}`,
    code,
    message: `Zeile ${line}, Spalte ${column}: ${message}`,
    params: { line, column },
  });
  const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase());
  const missing = CSV_COLUMNS.filter((c) => !header.includes(c));
  if (rows.length === 0 || missing.length > 0) {
    for (const c of missing) errors.push(at(1, c, 'missingColumn', 'Spalte fehlt in der Kopfzeile'));
    return { plan: { authorities: [], origins: [] }, errors };
  }
  const unknown = header.filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h));
  for (const c of unknown) errors.push(at(1, c, 'unknownColumn', 'unbekannte Spalte'));
  const bySlug = new Map<
    string,
    {
      first: Record<CsvColumn, string>;
      firstLine: number;
      rows: Array<{ r: Record<CsvColumn, string>; line: number }>;
    }
  >();
  for (let i = 1; i < rows.length; i++) {
    const line = lines[i]!;
    const cells = rows[i]!;
    if (cells.length !== header.length) {
      errors.push(at(line, 'line', 'columnCount', `${cells.length} Felder statt ${header.length}`));
      continue;
    }
    const r = Object.fromEntries(header.map((h, j) => [h, cells[j]!.trim()])) as Record<CsvColumn, string>;
    const slug = r.slug;
    if (!slug) {
      errors.push(at(line, 'slug', 'required', 'Pflichtfeld'));
      continue;
    }
    const group = bySlug.get(slug);
    if (!group) {
      bySlug.set(slug, { first: r, firstLine: line, rows: [{ r, line }] });
      continue;
    }
    for (const c of AUTHORITY_COLUMNS) {
      if (r[c] !== '' && r[c] !== group.first[c])
        errors.push(at(line, c, 'inconsistent', `weicht von Zeile ${group.firstLine} ab`));
    }
    group.rows.push({ r, line });
  }
  const authorities: OnboardAuthorityInput[] = [];
  const origins: string[] = [];
  for (const [slug, group] of bySlug) {
    const f = group.first;
    const leads = group.rows.filter((x) => truthy(x.r.lead));
    if (leads.length !== 1)
      errors.push(
        at(
          group.firstLine,
          'lead',
          'leadCount',
          `genau eine Gemeinde der Behörde ${slug} muss führend sein (${leads.length})`,
        ),
      );
    const opt = (v: string) => (v === '' ? undefined : v);
    const input = {
      name: f.name,
      shortName: f.short_name,
      bodyKind: f.body_kind as (typeof BODY_KINDS)[number],
      slug,
      host: opt(f.host),
      street: f.street,
      postalCode: f.postal_code,
      city: f.city,
      phone: opt(f.phone),
      email: opt(f.email),
      website: opt(f.website),
      joined115: truthy(f.joined_115),
      municipalities: group.rows.map(({ r }) => ({
        ags: r.municipality_ags,
        name: r.municipality_name,
        postalCode: r.municipality_postal_code,
        villages: r.villages
          ? r.villages
              .split('|')
              .map((v) => v.trim())
              .filter(Boolean)
              .map((name, k) => ({ name, kind: (k === 0 ? 'core' : 'ortsteil') as 'core' | 'ortsteil' }))
          : undefined,
      })),
      leadMunicipalityAgs: leads[0]?.r.municipality_ags ?? group.rows[0]!.r.municipality_ags,
      branding: f.primary_colour ? { primaryColour: f.primary_colour } : undefined,
      imprint: {
        representative: f.imprint_representative,
        supervisoryAuthority: opt(f.imprint_supervisory_authority),
      },
      firstAdmin: {
        username: f.admin_username,
        displayName: f.admin_display_name,
        email: opt(f.admin_email),
      },
    };
    const clean = JSON.parse(JSON.stringify(input)) as OnboardAuthorityInput;
    // Map schema paths back to CSV columns and lines.
    const columnOf = (p: string): { line: number; column: string } => {
      const m = /^\/municipalities\/(\d+)\/(\w+)/.exec(p);
      if (m) {
        const row = group.rows[Number(m[1])]!;
        const col =
          {
            ags: 'municipality_ags',
            name: 'municipality_name',
            postalCode: 'municipality_postal_code',
            villages: 'villages',
          }[m[2]!] ?? m[2]!;
        return { line: row.line, column: col };
      }
      const map: Record<string, string> = {
        '/name': 'name',
        '/shortName': 'short_name',
        '/bodyKind': 'body_kind',
        '/slug': 'slug',
        '/host': 'host',
        '/street': 'street',
        '/postalCode': 'postal_code',
        '/city': 'city',
        '/phone': 'phone',
        '/email': 'email',
        '/website': 'website',
        '/branding/primaryColour': 'primary_colour',
        '/imprint/representative': 'imprint_representative',
        '/imprint/supervisoryAuthority': 'imprint_supervisory_authority',
        '/firstAdmin/username': 'admin_username',
        '/firstAdmin/displayName': 'admin_display_name',
        '/firstAdmin/email': 'admin_email',
        '/leadMunicipalityAgs': 'lead',
      };
      return { line: group.firstLine, column: map[p] ?? p.replace(/^\//, '') };
    };
    for (const e of checkOne(clean, '')) {
      const { line, column } = columnOf(e.path);
      errors.push(at(line, column, e.code, e.message ?? e.code));
    }
    authorities.push(clean);
    origins.push(`lines ${group.rows.map((x) => x.line).join(',')}`);
  }
  return { plan: { authorities, origins }, errors };
}

/** Schema and rule errors of one onboarding input, with JSON-pointer paths under `base`. */
function checkOne(input: unknown, base: string): FieldError[] {
  const errors: FieldError[] = [];
  errors.push(...findUnstorableText(input, base));
  if (!validateOnboarding(input)) {
    for (const e of validateOnboarding.errors ?? []) {
      const extra =
        e.keyword === 'additionalProperties'
          ? `/${(e.params as { additionalProperty: string }).additionalProperty}`
          : '';
      const missing =
        e.keyword === 'required' ? `/${(e.params as { missingProperty: string }).missingProperty}` : '';
      errors.push({
        path: `${base}${e.instancePath}${extra}${missing}`,
        code: e.keyword,
        message: e.message ?? e.keyword,
      });
    }
    return errors;
  }
  errors.push(...onboardingRuleErrors(input as OnboardAuthorityInput, base));
  return errors;
}

/** Reads the JSON import format `{ "authorities": [ <onboarding>, … ] }`. */
export function planFromJson(text: string): { plan: ImportPlan; errors: FieldError[] } {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return {
      plan: { authorities: [], origins: [] },
      errors: [{ path: '/', code: 'json', message: (error as Error).message.slice(0, 200) }],
    };
  }
  const list = (doc as { authorities?: unknown })?.authorities;
  if (!doc || typeof doc !== 'object' || !Array.isArray(list) || Object.keys(doc).length !== 1)
    return {
      plan: { authorities: [], origins: [] },
      errors: [{ path: '/authorities', code: 'type', message: 'expected { "authorities": [ … ] }' }],
    };
  const errors: FieldError[] = [];
  list.forEach((item, i) => {
    errors.push(...checkOne(item, `/authorities/${i}`));
  });
  return {
    plan: { authorities: list as OnboardAuthorityInput[], origins: list.map((_, i) => `/authorities/${i}`) },
    errors,
  };
}

/** Conflicts between the authorities of one import (slug, host, municipality, user name twice). */
function crossErrors(plan: ImportPlan, format: 'csv' | 'json'): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Map<string, string>();
  plan.authorities.forEach((a, i) => {
    const keys: Array<[string, string, string]> = [
      [`slug:${a.slug}`, 'slug', a.slug],
      ...(a.host ? ([[`host:${a.host}`, 'host', a.host]] as Array<[string, string, string]>) : []),
      [`user:${a.firstAdmin?.username?.toLowerCase()}`, 'firstAdmin/username', a.firstAdmin?.username],
      ...(a.municipalities ?? []).map(
        (m, j) => [`ags:${m.ags}`, `municipalities/${j}/ags`, m.ags] as [string, string, string],
      ),
    ];
    for (const [key, field, value] of keys) {
      const other = seen.get(key);
      if (other !== undefined)
        errors.push({
          path: format === 'json' ? `/authorities/${i}/${field}` : `/authorities/${a.slug}/${field}`,
          code: 'duplicateInImport',
          message: `${value} kommt auch bei ${other} vor`,
        });
      else seen.set(key, plan.origins[i] ?? String(i));
    }
  });
  return errors;
}

export interface ImportOutcome {
  dryRun: boolean;
  authorities: Array<{ slug: string; municipalities: number; firstAdmin: string; oneTimePassword?: string }>;
}

/**
 * Checks an import completely first — schema, rules, duplicates within the file, conflicts with
 * the database (tried in a transaction that is rolled back) — and lists every error; only an
 * import without any error is applied, in one transaction. A dry run stops after the check.
 */
export async function importAuthorities(
  db: Db,
  actor: AuditActor,
  input: { format: 'csv' | 'json'; content: string; dryRun: boolean; dataDir: string },
): Promise<ImportOutcome> {
  const { plan, errors } = input.format === 'csv' ? planFromCsv(input.content) : planFromJson(input.content);
  if (plan.authorities.length > IMPORT_MAX_AUTHORITIES)
    errors.push({ path: '/authorities', code: 'maxItems', params: { limit: IMPORT_MAX_AUTHORITIES } });
  if (errors.length === 0 && plan.authorities.length === 0)
    errors.push({ path: '/authorities', code: 'minItems', message: 'no authority in the file' });
  errors.push(...(errors.length === 0 ? crossErrors(plan, input.format) : []));
  if (errors.length > 0)
    throw new AppError('IMPORT_INVALID', {}, errors.slice(0, 500), { errorCount: errors.length });
  // One-time passwords are hashed outside the transaction (Argon2id takes a while each).
  const secrets = await Promise.all(
    plan.authorities.map(async () => {
      const password = generateOneTimePassword();
      return { password, hash: await hashPassword(password) };
    }),
  );
  const ROLLBACK = Symbol('dry run');
  const outcomes: OnboardOutcome[] = [];
  const conflicts: FieldError[] = [];
  try {
    await inTransaction(db, async (trx) => {
      outcomes.length = 0;
      conflicts.length = 0;
      for (const [i, authority] of plan.authorities.entries()) {
        const base = input.format === 'json' ? `/authorities/${i}` : `/authorities/${authority.slug}`;
        try {
          // A savepoint per authority: one conflict is listed and the check goes on with the next.
          await sql`savepoint import_one`.execute(trx);
          outcomes.push(
            await onboardAuthority(trx, { ...actor }, authority, {
              dataDir: input.dataDir,
              base,
              passwordHash: secrets[i],
            }),
          );
          await sql`release savepoint import_one`.execute(trx);
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          await sql`rollback to savepoint import_one`.execute(trx);
          conflicts.push(
            ...(error.fieldErrors.length > 0 ? error.fieldErrors : [{ path: base, code: error.code }]),
          );
        }
      }
      if (conflicts.length > 0 || input.dryRun) throw ROLLBACK;
    });
  } catch (error) {
    if (error !== ROLLBACK) throw error;
    if (conflicts.length > 0)
      throw new AppError('IMPORT_INVALID', {}, conflicts.slice(0, 500), { errorCount: conflicts.length });
  }
  return {
    dryRun: input.dryRun,
    authorities: plan.authorities.map((a, i) => ({
      slug: a.slug,
      municipalities: a.municipalities.length,
      firstAdmin: a.firstAdmin.username,
      ...(input.dryRun ? {} : { oneTimePassword: outcomes[i]!.firstAdmin.oneTimePassword }),
    })),
  };
}
