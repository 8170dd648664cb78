import { createHash, createPublicKey, randomInt } from 'node:crypto';
import { uuidv7 } from '../../../core/ids';
import { isKitPrefix } from '../../../core/sync/kit-numbers';
import type { Db, Executor } from '../../db/database';
import { inTransaction, pgConstraint } from '../../db/transaction';
import { AppError } from '../../http/errors';
import { type AuditActor, recordAudit } from '../audit/service';
import { listLocations, listMunicipalities } from '../places/service';
import type { KitStatus } from './tables';

/**
 * Kits and their enrolment: a coordinator registers a kit and gets a one-time pairing code; the
 * kit's browser registers the public half of a key pair it created (the private half never leaves
 * it); a revoked kit is refused from its next request on.
 */
export const PAIRING_CODE_HOURS = 24;
const PAIRING_ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789'; // no 0/O, 1/I/L, U

export interface KitView {
  id: string;
  name: string;
  prefix: string;
  status: KitStatus;
  municipalityIds: string[];
  locationIds: string[];
  lockAfterMinutes: number;
  pairingExpiresAt: string | null;
  enrolledAt: string | null;
  keyFingerprint: string | null;
  revokedAt: string | null;
  revokeReason: string | null;
  lastSeq: number;
  lastSyncAt: string | null;
  lastSeenAt: string | null;
  lastError: string | null;
  pendingCommands: number | null;
  softwareVersion: string | null;
  clockOffsetMs: number | null;
  outcomes: { applied: number; rejected: number; conflict: number };
  createdAt: string;
}

type KitRow = {
  id: string;
  name: string;
  prefix: string;
  status: KitStatus;
  municipality_ids: string[];
  location_ids: string[];
  lock_after_minutes: number;
  pairing_expires_at: Date | null;
  enrolled_at: Date | null;
  key_fingerprint: string | null;
  revoked_at: Date | null;
  revoke_reason: string | null;
  last_seq: number;
  last_sync_at: Date | null;
  last_seen_at: Date | null;
  last_error: string | null;
  pending_commands: number | null;
  software_version: string | null;
  clock_offset_ms: number | null;
  created_at: Date;
};

const KIT_COLUMNS = [
  'id',
  'name',
  'prefix',
  'status',
  'municipality_ids',
  'location_ids',
  'lock_after_minutes',
  'pairing_expires_at',
  'enrolled_at',
  'key_fingerprint',
  'revoked_at',
  'revoke_reason',
  'last_seq',
  'last_sync_at',
  'last_seen_at',
  'last_error',
  'pending_commands',
  'software_version',
  'clock_offset_ms',
  'created_at',
] as const;

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function toView(r: KitRow, outcomes?: KitView['outcomes']): KitView {
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    status: r.status,
    municipalityIds: r.municipality_ids,
    locationIds: r.location_ids,
    lockAfterMinutes: r.lock_after_minutes,
    pairingExpiresAt: r.status === 'active' && !r.pairing_expires_at ? null : iso(r.pairing_expires_at),
    enrolledAt: iso(r.enrolled_at),
    keyFingerprint: r.key_fingerprint,
    revokedAt: iso(r.revoked_at),
    revokeReason: r.revoke_reason,
    lastSeq: Number(r.last_seq),
    lastSyncAt: iso(r.last_sync_at),
    lastSeenAt: iso(r.last_seen_at),
    lastError: r.last_error,
    pendingCommands: r.pending_commands,
    softwareVersion: r.software_version,
    clockOffsetMs: r.clock_offset_ms === null ? null : Number(r.clock_offset_ms),
    outcomes: outcomes ?? { applied: 0, rejected: 0, conflict: 0 },
    createdAt: new Date(r.created_at).toISOString(),
  };
}

export function hashPairingCode(code: string): string {
  const normalised = code.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return createHash('sha256').update(`bk-kit-pairing:${normalised}`).digest('hex');
}

/** 12 characters from a 30-letter alphabet (≈ 59 bits), shown as XXXX-XXXX-XXXX. */
export function newPairingCode(): string {
  let raw = '';
  for (let i = 0; i < 12; i++) raw += PAIRING_ALPHABET[randomInt(PAIRING_ALPHABET.length)];
  return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
}

export interface KitInput {
  name: string;
  prefix?: string | undefined;
  municipalityIds: string[];
  locationIds: string[];
  lockAfterMinutes?: number | undefined;
}

async function checkScope(
  db: Executor,
  authorityId: string,
  input: Pick<KitInput, 'municipalityIds' | 'locationIds'>,
) {
  const municipalities = new Set((await listMunicipalities(db, authorityId)).map((m) => m.id));
  const locations = await listLocations(db, { authorityId, includeInactive: true });
  const fields: { path: string; code: string }[] = [];
  if (input.municipalityIds.length === 0 || input.municipalityIds.some((id) => !municipalities.has(id)))
    fields.push({ path: '/municipalityIds', code: 'scope' });
  for (const id of input.locationIds) {
    const location = locations.find((l) => l.id === id);
    if (!location || !input.municipalityIds.includes(location.municipalityId)) {
      fields.push({ path: '/locationIds', code: 'scope' });
      break;
    }
  }
  if (fields.length) throw new AppError('KIT_SCOPE_INVALID', {}, fields);
}

export async function registerKit(
  db: Db,
  actor: AuditActor,
  authorityId: string,
  input: KitInput,
): Promise<{ kit: KitView; pairingCode: string }> {
  const name = input.name.trim();
  const code = newPairingCode();
  return inTransaction(db, async (trx) => {
    await checkScope(trx, authorityId, input);
    let prefix = input.prefix?.trim().toUpperCase();
    if (prefix && !isKitPrefix(prefix))
      throw new AppError('VALIDATION_FAILED', {}, [{ path: '/prefix', code: 'pattern' }]);
    if (!prefix) {
      const taken = new Set(
        (await trx.selectFrom('kits').select('prefix').where('authority_id', '=', authorityId).execute()).map(
          (r) => r.prefix,
        ),
      );
      let n = 1;
      while (taken.has(`K${n}`)) n++;
      prefix = `K${n}`;
    }
    const id = uuidv7();
    try {
      await trx
        .insertInto('kits')
        .values({
          id,
          authority_id: authorityId,
          name,
          prefix,
          municipality_ids: input.municipalityIds,
          location_ids: input.locationIds,
          status: 'awaiting_pairing',
          pairing_code_hash: hashPairingCode(code),
          pairing_expires_at: new Date(Date.now() + PAIRING_CODE_HOURS * 3_600_000),
          public_key: null,
          key_fingerprint: null,
          enrolled_at: null,
          enrolled_by: null,
          revoked_at: null,
          revoked_by: null,
          revoke_reason: null,
          last_sync_at: null,
          last_seen_at: null,
          last_error: null,
          pending_commands: null,
          software_version: null,
          clock_offset_ms: null,
          lock_after_minutes: input.lockAfterMinutes ?? 5,
          created_by: actor.userId,
          updated_at: new Date(),
        })
        .execute();
    } catch (error) {
      const c = pgConstraint(error);
      if (c === 'kits_authority_id_prefix_key' || c === 'kits_authority_id_name_key')
        throw new AppError('KIT_NAME_TAKEN', {}, [
          { path: c.endsWith('prefix_key') ? '/prefix' : '/name', code: 'taken' },
        ]);
      throw error;
    }
    const kit = await getKit(trx, authorityId, id);
    await recordAudit(trx, actor, {
      action: 'kit.register',
      resourceType: 'kit',
      resourceId: id,
      after: { name, prefix, municipalityIds: input.municipalityIds, locationIds: input.locationIds },
    });
    return { kit, pairingCode: code };
  });
}

export async function getKit(db: Executor, authorityId: string, id: string): Promise<KitView> {
  const row = await db
    .selectFrom('kits')
    .select(KIT_COLUMNS)
    .where('id', '=', id)
    .where('authority_id', '=', authorityId)
    .executeTakeFirst();
  if (!row) throw new AppError('KIT_NOT_FOUND');
  const counts = await outcomeCounts(db, [id]);
  return toView(row as KitRow, counts.get(id));
}

async function outcomeCounts(db: Executor, ids: string[]) {
  const out = new Map<string, KitView['outcomes']>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('applied_commands')
    .select(['kit_id', 'outcome', (eb) => eb.fn.countAll<number>().as('n')])
    .where('kit_id', 'in', ids)
    .groupBy(['kit_id', 'outcome'])
    .execute();
  for (const r of rows) {
    const o = out.get(r.kit_id) ?? { applied: 0, rejected: 0, conflict: 0 };
    o[r.outcome] = Number(r.n);
    out.set(r.kit_id, o);
  }
  return out;
}

export async function listKits(db: Executor, authorityId: string): Promise<KitView[]> {
  const rows = (await db
    .selectFrom('kits')
    .select(KIT_COLUMNS)
    .where('authority_id', '=', authorityId)
    .orderBy('prefix')
    .execute()) as KitRow[];
  const counts = await outcomeCounts(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toView(r, counts.get(r.id)));
}

/**
 * A new one-time pairing code: for a first pairing, for moving the kit to a new laptop, or to
 * let a revoked kit back in (its outbox then syncs under the same kit id). Audited.
 */
export async function issuePairingCode(
  db: Db,
  actor: AuditActor,
  authorityId: string,
  id: string,
): Promise<{ kit: KitView; pairingCode: string }> {
  const code = newPairingCode();
  return inTransaction(db, async (trx) => {
    const before = await getKit(trx, authorityId, id);
    await trx
      .updateTable('kits')
      .set({
        pairing_code_hash: hashPairingCode(code),
        pairing_expires_at: new Date(Date.now() + PAIRING_CODE_HOURS * 3_600_000),
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, {
      action: 'kit.pairing_code',
      resourceType: 'kit',
      resourceId: id,
      details: { status: before.status },
    });
    return { kit: await getKit(trx, authorityId, id), pairingCode: code };
  });
}

export async function revokeKit(
  db: Db,
  actor: AuditActor,
  authorityId: string,
  id: string,
  reason: string,
): Promise<KitView> {
  return inTransaction(db, async (trx) => {
    const row = await trx
      .selectFrom('kits')
      .select(['status'])
      .where('id', '=', id)
      .where('authority_id', '=', authorityId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new AppError('KIT_NOT_FOUND');
    if (row.status === 'revoked') throw new AppError('KIT_ALREADY_REVOKED');
    await trx
      .updateTable('kits')
      .set({
        status: 'revoked',
        revoked_at: new Date(),
        revoked_by: actor.userId,
        revoke_reason: reason.trim(),
        pairing_code_hash: null,
        pairing_expires_at: null,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, {
      action: 'kit.revoke',
      resourceType: 'kit',
      resourceId: id,
      before: { status: row.status },
      after: { status: 'revoked' },
      details: { reason: reason.trim() },
    });
    return getKit(trx, authorityId, id);
  });
}

/** Checks a public key sent by a kit: an EC P-256 public JWK, nothing private in it. */
export function checkPublicKey(jwk: Record<string, unknown>): { jwk: JsonWebKey; fingerprint: string } {
  if (
    jwk.kty !== 'EC' ||
    jwk.crv !== 'P-256' ||
    typeof jwk.x !== 'string' ||
    typeof jwk.y !== 'string' ||
    'd' in jwk
  )
    throw new AppError('KIT_KEY_INVALID');
  try {
    const clean: JsonWebKey = { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
    const key = createPublicKey({ key: clean as never, format: 'jwk' });
    const der = key.export({ type: 'spki', format: 'der' });
    return { jwk: clean, fingerprint: createHash('sha256').update(der).digest('hex').slice(0, 32) };
  } catch {
    throw new AppError('KIT_KEY_INVALID');
  }
}

export interface KitEnrolment {
  kit: KitView & { authorityId: string; authorityName: string };
  /** The seq the kit's next command must carry. */
  nextSeq: number;
  serverTime: string;
}

/** The kit's browser presents the pairing code and its public key; the signed-in clerk vouches. */
export async function enrolKit(
  db: Db,
  actor: AuditActor & { authorityId: string; userId: string },
  input: { pairingCode: string; publicKey: Record<string, unknown>; softwareVersion: string },
): Promise<KitEnrolment> {
  const { jwk, fingerprint } = checkPublicKey(input.publicKey);
  const enrolled = await inTransaction(db, async (trx) => {
    const row = await trx
      .selectFrom('kits')
      .select(['id', 'authority_id', 'status', 'pairing_expires_at'])
      .where('pairing_code_hash', '=', hashPairingCode(input.pairingCode))
      .forUpdate()
      .executeTakeFirst();
    if (!row?.pairing_expires_at || row.pairing_expires_at.getTime() < Date.now()) return null;
    if (row.authority_id !== actor.authorityId) throw new AppError('KIT_WRONG_AUTHORITY');
    await trx
      .updateTable('kits')
      .set({
        status: 'active',
        public_key: JSON.stringify(jwk),
        key_fingerprint: fingerprint,
        pairing_code_hash: null,
        pairing_expires_at: null,
        enrolled_at: new Date(),
        enrolled_by: actor.userId,
        revoked_at: null,
        revoked_by: null,
        revoke_reason: null,
        software_version: input.softwareVersion.slice(0, 40),
        last_seen_at: new Date(),
        updated_at: new Date(),
      })
      .where('id', '=', row.id)
      .execute();
    await recordAudit(
      trx,
      { ...actor, kitId: row.id },
      {
        action: 'kit.enrol',
        resourceType: 'kit',
        resourceId: row.id,
        before: { status: row.status },
        after: { status: 'active', keyFingerprint: fingerprint },
      },
    );
    return kitEnrolment(trx, row.id);
  });
  // A wrong code is audited by the route's failure hook (someone may be guessing; rate-limited too).
  if (!enrolled)
    throw new AppError('KIT_PAIRING_CODE_INVALID', {}, [{ path: '/pairingCode', code: 'invalid' }]);
  return enrolled;
}

export async function kitEnrolment(db: Executor, kitId: string): Promise<KitEnrolment> {
  const row = await db
    .selectFrom('kits')
    .innerJoin('authorities', 'authorities.id', 'kits.authority_id')
    .select(['kits.authority_id', 'authorities.short_name'])
    .where('kits.id', '=', kitId)
    .executeTakeFirstOrThrow();
  const kit = await getKit(db, row.authority_id, kitId);
  return {
    kit: { ...kit, authorityId: row.authority_id, authorityName: row.short_name },
    nextSeq: kit.lastSeq + 1,
    serverTime: new Date().toISOString(),
  };
}

/** What a kit reports with each push, for the coordinator's list. */
export async function noteKitContact(
  db: Executor,
  kitId: string,
  info: {
    softwareVersion?: string;
    pendingCommands?: number;
    clockOffsetMs?: number;
    synced?: boolean;
    error?: string | null;
  },
): Promise<void> {
  await db
    .updateTable('kits')
    .set({
      last_seen_at: new Date(),
      ...(info.softwareVersion !== undefined ? { software_version: info.softwareVersion.slice(0, 40) } : {}),
      ...(info.pendingCommands !== undefined ? { pending_commands: info.pendingCommands } : {}),
      ...(info.clockOffsetMs !== undefined ? { clock_offset_ms: Math.round(info.clockOffsetMs) } : {}),
      ...(info.synced ? { last_sync_at: new Date() } : {}),
      ...(info.error !== undefined ? { last_error: info.error } : {}),
    })
    .where('id', '=', kitId)
    .execute();
}

/** Has the server got everything up to `lastSeq` with an outcome, and every file? (end of day) */
export async function confirmKitState(
  db: Executor,
  kitId: string,
  lastSeq: number,
): Promise<{ confirmed: boolean; serverLastSeq: number; missingSeqs: number }> {
  const kit = await db
    .selectFrom('kits')
    .select(['last_seq'])
    .where('id', '=', kitId)
    .executeTakeFirstOrThrow();
  const count = await db
    .selectFrom('applied_commands')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kit_id', '=', kitId)
    .where('seq', '<=', lastSeq)
    .executeTakeFirstOrThrow();
  const have = Number(count.n);
  return {
    confirmed: Number(kit.last_seq) >= lastSeq && have === lastSeq,
    serverLastSeq: Number(kit.last_seq),
    missingSeqs: Math.max(0, lastSeq - have),
  };
}

export async function kitPublicKey(db: Executor, kitId: string) {
  return db
    .selectFrom('kits')
    .select(['id', 'authority_id', 'status', 'public_key', 'municipality_ids', 'location_ids', 'prefix'])
    .where('id', '=', kitId)
    .executeTakeFirst();
}
