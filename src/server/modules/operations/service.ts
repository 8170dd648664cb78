import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { AA_NORMAL_TEXT, contrastAgainstWhite } from '../../../core/contrast';
import { uuidv7 } from '../../../core/ids';
import type { Db, Executor } from '../../db/database';
import { inTransaction, pgConstraint, pgErrorCode } from '../../db/transaction';
import { AppError, type FieldError } from '../../http/errors';
import { type AuditActor, recordAudit } from '../audit/service';
import { generateOneTimePassword, hashPassword } from '../identity/password';
import { brandingDir } from '../places/portal-look';
import type { OnboardAuthorityInput } from './schemas';

export { brandingDir };

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const LOGO_MAX_BYTES = 256 * 1024;

/**
 * Checks an uploaded logo: a real PNG, or an SVG without anything that runs (scripts, event
 * handlers, foreign objects, external references). Returns the bytes and the stored file name.
 */
export function checkLogo(logo: { mediaType: 'image/png' | 'image/svg+xml'; dataBase64: string }): {
  bytes: Buffer;
  fileName: string;
} {
  const bytes = Buffer.from(logo.dataBase64, 'base64');
  const bad = (code: string) => new AppError('VALIDATION_FAILED', {}, [{ path: '/branding/logo', code }]);
  if (bytes.length === 0 || bytes.length > LOGO_MAX_BYTES) throw bad('size');
  if (logo.mediaType === 'image/png') {
    if (!PNG_MAGIC.every((b, i) => bytes[i] === b)) throw bad('notPng');
  } else {
    const text = bytes.toString('utf8');
    if (!/<svg[\s>]/i.test(text)) throw bad('notSvg');
    if (
      /<script|<foreignObject|\son[a-z]+\s*=|javascript:|<!ENTITY|xlink:href\s*=\s*["'](?!#)|href\s*=\s*["'](?!#)/i.test(
        text,
      )
    )
      throw bad('unsafeSvg');
  }
  const sha = createHash('sha256').update(bytes).digest('hex');
  return { bytes, fileName: `${sha}.${logo.mediaType === 'image/png' ? 'png' : 'svg'}` };
}

/** Field errors of an onboarding beyond its schema (rules that need several fields). */
export function onboardingRuleErrors(input: OnboardAuthorityInput, base = ''): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  input.municipalities.forEach((m, i) => {
    if (seen.has(m.ags)) errors.push({ path: `${base}/municipalities/${i}/ags`, code: 'duplicate' });
    seen.add(m.ags);
    const villages = new Set<string>();
    (m.villages ?? []).forEach((v, j) => {
      const key = v.name.trim().toLowerCase();
      if (villages.has(key))
        errors.push({ path: `${base}/municipalities/${i}/villages/${j}/name`, code: 'duplicate' });
      villages.add(key);
    });
  });
  if (!seen.has(input.leadMunicipalityAgs))
    errors.push({ path: `${base}/leadMunicipalityAgs`, code: 'notAMember' });
  const colour = input.branding?.primaryColour;
  if (colour && contrastAgainstWhite(colour) < AA_NORMAL_TEXT)
    errors.push({
      path: `${base}/branding/primaryColour`,
      code: 'contrast',
      params: { ratio: contrastAgainstWhite(colour), minimum: AA_NORMAL_TEXT },
    });
  return errors;
}

function villageSlug(name: string, used: Set<string>): string {
  const base =
    name
      .toLowerCase()
      .replaceAll('ä', 'ae')
      .replaceAll('ö', 'oe')
      .replaceAll('ü', 'ue')
      .replaceAll('ß', 'ss')
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'ort';
  let slug = base;
  for (let n = 2; used.has(slug); n++) slug = `${base}-${n}`;
  used.add(slug);
  return slug;
}

export interface OnboardOutcome {
  authorityId: string;
  slug: string;
  firstAdmin: { username: string; oneTimePassword: string };
}

/**
 * Creates an authority with its member municipalities and villages, a town-hall location at its
 * address, its look and imprint, and its first admin (one-time password; the admin must change it
 * and set up a second factor at first sign-in). One transaction: all of it or nothing.
 * Values from the loaded municipality directory (ARS, population) fill what the input leaves out.
 */
export async function onboardAuthority(
  executor: Executor,
  actor: AuditActor,
  input: OnboardAuthorityInput,
  options: { dataDir: string; base?: string; passwordHash?: { hash: string; password: string } },
): Promise<OnboardOutcome> {
  const base = options.base ?? '';
  const ruleErrors = onboardingRuleErrors(input, base);
  if (ruleErrors.length > 0) {
    const contrast = ruleErrors.find((e) => e.code === 'contrast');
    if (contrast && ruleErrors.length === 1)
      throw new AppError(
        'BRANDING_CONTRAST',
        { colour: input.branding!.primaryColour!, ratio: String(contrast.params!.ratio).replace('.', ',') },
        ruleErrors,
      );
    throw new AppError('VALIDATION_FAILED', {}, ruleErrors);
  }
  const logo = input.branding?.logo ? checkLogo(input.branding.logo) : null;
  const oneTimePassword = options.passwordHash?.password ?? generateOneTimePassword();
  const hash = options.passwordHash?.hash ?? (await hashPassword(oneTimePassword));
  const authorityId = uuidv7();
  const directory = await executor
    .selectFrom('municipality_directory')
    .select(['ags', 'ars', 'population', 'valid_on'])
    .where(
      'ags',
      'in',
      input.municipalities.map((m) => m.ags),
    )
    .execute();
  const fromDirectory = new Map(directory.map((d) => [d.ags.trim(), d]));
  const taken = await executor
    .selectFrom('municipalities')
    .select(['ags'])
    .where(
      'ags',
      'in',
      input.municipalities.map((m) => m.ags),
    )
    .execute();
  if (taken.length > 0) {
    const ags = taken[0]!.ags.trim();
    const index = input.municipalities.findIndex((m) => m.ags === ags);
    throw new AppError('MUNICIPALITY_TAKEN', { ags }, [
      { path: `${base}/municipalities/${index}/ags`, code: 'taken' },
    ]);
  }
  const lead = input.municipalities.find((m) => m.ags === input.leadMunicipalityAgs)!;
  const branding: Record<string, string> = {};
  if (input.branding?.primaryColour) branding.primaryColour = input.branding.primaryColour.toLowerCase();
  if (logo) branding.logo = logo.fileName;
  const imprint = Object.fromEntries(Object.entries(input.imprint).filter(([, v]) => v !== undefined));
  try {
    await executor
      .insertInto('authorities')
      .values({
        id: authorityId,
        authority_id: authorityId,
        name: input.name.trim(),
        short_name: input.shortName.trim(),
        kind: 'lead_municipality',
        ags: lead.ags,
        ars: fromDirectory.get(lead.ags)?.ars ?? null,
        street: input.street.trim(),
        postal_code: input.postalCode,
        city: input.city.trim(),
        phone: input.phone ?? null,
        email: input.email ?? null,
        website: input.website ?? null,
        slug: input.slug,
        host: input.host ?? null,
        status: 'active',
        status_changed_at: null,
        status_note: null,
        body_kind: input.bodyKind,
        lead_municipality_id: null,
        joined_115: input.joined115 ?? false,
        branding: JSON.stringify(branding) as never,
        imprint: JSON.stringify(imprint) as never,
      })
      .execute();
  } catch (error) {
    const constraint = pgConstraint(error);
    if (
      pgErrorCode(error) === '23505' &&
      (constraint === 'authorities_slug' || constraint === 'authorities_host')
    )
      throw new AppError('AUTHORITY_SLUG_TAKEN', {}, [
        { path: `${base}/${constraint === 'authorities_slug' ? 'slug' : 'host'}`, code: 'taken' },
      ]);
    throw error;
  }
  let leadId = '';
  let leadCoreVillage: string | null = null;
  for (const m of input.municipalities) {
    const id = uuidv7();
    const dir = fromDirectory.get(m.ags);
    await executor
      .insertInto('municipalities')
      .values({
        id,
        authority_id: authorityId,
        name: m.name.trim(),
        ags: m.ags,
        ars: dir?.ars ?? null,
        postal_code: m.postalCode,
        population: m.population ?? dir?.population ?? null,
        population_date:
          m.population === undefined && dir?.population != null ? String(dir.valid_on).slice(0, 10) : null,
        latitude: m.latitude ?? null,
        longitude: m.longitude ?? null,
      })
      .execute();
    const used = new Set<string>();
    const villages = m.villages?.length ? m.villages : [{ name: m.name.trim(), kind: 'core' as const }];
    for (const v of villages) {
      const villageId = uuidv7();
      await executor
        .insertInto('villages')
        .values({
          id: villageId,
          authority_id: authorityId,
          municipality_id: id,
          name: v.name.trim(),
          kind: v.kind,
          parent_village_id: null,
          slug: villageSlug(v.name, used),
        })
        .execute();
      if (m.ags === lead.ags && v.kind === 'core' && !leadCoreVillage) leadCoreVillage = villageId;
    }
    if (m.ags === lead.ags) leadId = id;
  }
  await executor
    .updateTable('authorities')
    .set({ lead_municipality_id: leadId })
    .where('id', '=', authorityId)
    .execute();
  // The town hall at the authority's address: where office days can be planned from day one.
  await executor
    .insertInto('locations')
    .values({
      id: uuidv7(),
      authority_id: authorityId,
      municipality_id: leadId,
      village_id: leadCoreVillage,
      name: `Rathaus ${input.city.trim()}`,
      slug: `${input.slug}-rathaus`.slice(0, 100),
      kind: 'town_hall',
      street: input.street.trim(),
      postal_code: input.postalCode,
      city: input.city.trim(),
      latitude: lead.latitude ?? null,
      longitude: lead.longitude ?? null,
      step_free: true,
      accessibility_notes: null,
      opening_notes: null,
    })
    .execute();
  const adminId = uuidv7();
  try {
    await executor
      .insertInto('staff_users')
      .values({
        id: adminId,
        authority_id: authorityId,
        username: input.firstAdmin.username,
        display_name: input.firstAdmin.displayName.trim(),
        email: input.firstAdmin.email ?? null,
        // The first admin also plans: a new authority has nobody else yet.
        roles: ['admin', 'coordinator'],
        password_hash: hash,
        must_change_password: true,
        password_changed_at: null,
        totp_secret: null,
        totp_last_step: null,
        locked_until: null,
        disabled_at: null,
        last_login_at: null,
      })
      .execute();
  } catch (error) {
    if (pgErrorCode(error) === '23505')
      throw new AppError('USERNAME_TAKEN', {}, [{ path: `${base}/firstAdmin/username`, code: 'taken' }]);
    throw error;
  }
  await recordAudit(executor, actor, {
    action: 'operator.authority_onboard',
    resourceType: 'authority',
    resourceId: authorityId,
    authorityId,
    after: {
      slug: input.slug,
      host: input.host ?? null,
      bodyKind: input.bodyKind,
      municipalities: input.municipalities.map((m) => m.ags),
      lead: lead.ags,
      branding,
      firstAdmin: input.firstAdmin.username,
    },
  });
  await recordAudit(executor, actor, {
    action: 'staff.create',
    resourceType: 'staff_user',
    resourceId: adminId,
    authorityId,
    after: { username: input.firstAdmin.username, roles: ['admin', 'coordinator'] },
  });
  if (logo) {
    const dir = brandingDir(options.dataDir, authorityId);
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, logo.fileName), logo.bytes);
  }
  return {
    authorityId,
    slug: input.slug,
    firstAdmin: { username: input.firstAdmin.username, oneTimePassword },
  };
}

/** Runs onboardAuthority in its own transaction (the single onboarding through the API). */
export function onboardOne(db: Db, actor: AuditActor, input: OnboardAuthorityInput, dataDir: string) {
  return inTransaction(db, (trx) => onboardAuthority(trx, actor, input, { dataDir }));
}

export async function listAuthorities(db: Executor) {
  const rows = await db
    .selectFrom('authorities as a')
    .select([
      'a.id',
      'a.name',
      'a.short_name',
      'a.slug',
      'a.host',
      'a.ags',
      'a.body_kind',
      'a.status',
      'a.status_note',
      'a.joined_115',
      'a.created_at',
    ])
    .select((eb) => [
      eb
        .selectFrom('municipalities as m')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('m.authority_id', '=', 'a.id')
        .as('municipalities'),
      eb
        .selectFrom('staff_users as u')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('u.authority_id', '=', 'a.id')
        .as('staff'),
    ])
    .orderBy('a.created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    shortName: r.short_name,
    slug: r.slug,
    host: r.host,
    ags: r.ags?.trim() ?? null,
    bodyKind: r.body_kind,
    status: r.status,
    statusNote: r.status_note,
    joined115: r.joined_115,
    municipalities: Number(r.municipalities ?? 0),
    staff: Number(r.staff ?? 0),
    createdAt: r.created_at.toISOString(),
  }));
}

/**
 * Suspends an authority: its staff cannot sign in, every open session ends at once, and its
 * portal shows the note. Resuming lifts all of it; sessions stay ended.
 */
export async function setAuthorityStatus(
  db: Db,
  actor: AuditActor,
  authorityId: string,
  status: 'active' | 'suspended',
  note: string | null,
): Promise<{ sessionsEnded: number }> {
  return inTransaction(db, async (trx) => {
    const authority = await trx
      .selectFrom('authorities')
      .select(['id', 'status', 'status_note'])
      .where('id', '=', authorityId)
      .forUpdate()
      .executeTakeFirst();
    if (!authority) throw new AppError('AUTHORITY_NOT_FOUND');
    if (authority.status === status) throw new AppError('AUTHORITY_STATUS_UNCHANGED');
    await trx
      .updateTable('authorities')
      .set({ status, status_note: status === 'suspended' ? note : null, status_changed_at: new Date() })
      .where('id', '=', authorityId)
      .execute();
    let sessionsEnded = 0;
    if (status === 'suspended') {
      const res = await trx
        .updateTable('staff_sessions')
        .set({ revoked_at: new Date() })
        .where('authority_id', '=', authorityId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      sessionsEnded = Number(res.numUpdatedRows);
    }
    await recordAudit(trx, actor, {
      action: status === 'suspended' ? 'operator.authority_suspend' : 'operator.authority_resume',
      resourceType: 'authority',
      resourceId: authorityId,
      authorityId,
      before: { status: authority.status, note: authority.status_note },
      after: { status, note: status === 'suspended' ? note : null },
      details: { sessionsEnded },
    });
    return { sessionsEnded };
  });
}

export async function authorityExists(db: Executor, id: string): Promise<boolean> {
  const row = await db.selectFrom('authorities').select('id').where('id', '=', id).executeTakeFirst();
  return !!row;
}

/**
 * The public notices of suspended authorities (#12): what the portal shows while an authority is
 * suspended. Name, portal address and the operator's note — nothing else, no person.
 */
export async function suspensionNotices(db: Executor) {
  const rows = await db
    .selectFrom('authorities')
    .select(['id', 'name', 'slug', 'status_note', 'status_changed_at'])
    .where('status', '=', 'suspended')
    .orderBy('name')
    .execute();
  return rows.map((r) => ({
    authorityId: r.id,
    name: r.name,
    slug: r.slug,
    note: r.status_note ?? '',
    since: r.status_changed_at ? new Date(r.status_changed_at).toISOString() : null,
  }));
}
