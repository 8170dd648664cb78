import { sortByText } from '../../../core/collation';
import { uuidv7 } from '../../../core/ids';
import type { Executor } from '../../db/database';
import { hashToken, newToken } from '../../http/auth';
import { AppError } from '../../http/errors';
import { type AuditActor, recordAudit } from '../audit/service';
import { getLocation } from '../places/service';

/**
 * Citizens' terminals that may start video calls (#11, ADR 22). A coordinator registers a
 * terminal at a location and gets a one-time set-up code; on the terminal, the set-up page
 * exchanges the code for a device token in an httpOnly cookie. The kiosk's wipe clears only what
 * scripts can reach, so the device stays enrolled from visit to visit; revoking it ends that.
 * Without an enrolled terminal nobody can start a call: the video queue is not open to the internet.
 */
export const TERMINAL_COOKIE = 'bk_terminal';
/** The set-up code is valid for a day. */
export const PAIRING_HOURS = 24;
/** The device cookie lives a year; revoking the terminal ends it at once. */
export const TERMINAL_COOKIE_DAYS = 365;

const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** A set-up code a person can type: 12 characters in three groups (60 bits). */
export function newPairingCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  let s = '';
  for (const b of bytes) s += CODE_ALPHABET[b % CODE_ALPHABET.length];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

/** Spaces, dashes and lower case are fine when typing the code. */
export function normalisePairingCode(input: string): string | null {
  const compact = input.toUpperCase().replace(/[\s-]/g, '');
  if (!new RegExp(`^[${CODE_ALPHABET}]{12}$`).test(compact)) return null;
  return `${compact.slice(0, 4)}-${compact.slice(4, 8)}-${compact.slice(8)}`;
}

export interface TerminalView {
  id: string;
  name: string;
  locationId: string;
  locationName: string;
  status: 'pending' | 'active' | 'revoked';
  pairingExpiresAt: string | null;
  pairedAt: string | null;
  lastSeenAt: string | null;
  createdAt: string;
}

function terminalQuery(db: Executor) {
  return db
    .selectFrom('video_terminals as t')
    .innerJoin('locations as l', 'l.id', 't.location_id')
    .select([
      't.id',
      't.authority_id',
      't.name',
      't.location_id',
      'l.name as location_name',
      't.pairing_expires_at',
      't.token_hash',
      't.paired_at',
      't.last_seen_at',
      't.revoked_at',
      't.created_at',
    ]);
}

type TerminalRow = Awaited<ReturnType<ReturnType<typeof terminalQuery>['executeTakeFirstOrThrow']>>;

function toView(r: TerminalRow): TerminalView {
  return {
    id: r.id,
    name: r.name,
    locationId: r.location_id,
    locationName: r.location_name,
    status: r.revoked_at ? 'revoked' : r.token_hash ? 'active' : 'pending',
    pairingExpiresAt: r.pairing_expires_at?.toISOString() ?? null,
    pairedAt: r.paired_at?.toISOString() ?? null,
    lastSeenAt: r.last_seen_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
  };
}

export async function listTerminals(db: Executor, authorityId: string): Promise<TerminalView[]> {
  const rows = await terminalQuery(db).where('t.authority_id', '=', authorityId).execute();
  return sortByText(rows, (r) => `${r.location_name} ${r.name}`).map(toView);
}

/**
 * Registers a terminal at a location, or gives an existing one a new set-up code (which also
 * ends its current enrolment: the device must be set up again). Returns the code once.
 */
export async function issuePairingCode(
  trx: Executor,
  actor: AuditActor,
  authorityId: string,
  input: { terminalId?: string; locationId?: string; name?: string },
  now = new Date(),
): Promise<{ terminal: TerminalView; code: string }> {
  const code = newPairingCode();
  const expires = new Date(now.getTime() + PAIRING_HOURS * 3_600_000);
  let id = input.terminalId;
  if (id) {
    const updated = await trx
      .updateTable('video_terminals')
      .set({
        pairing_code_hash: hashToken(code),
        pairing_expires_at: expires,
        token_hash: null,
        paired_at: null,
      })
      .where('id', '=', id)
      .where('authority_id', '=', authorityId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) throw new AppError('VIDEO_TERMINAL_NOT_FOUND');
  } else {
    const location = await getLocation(trx, input.locationId!).catch(() => null);
    if (!location || location.authorityId !== authorityId || !location.active)
      throw new AppError('VIDEO_LOCATION_UNKNOWN', {}, [{ path: '/locationId', code: 'unknown' }]);
    id = uuidv7();
    await trx
      .insertInto('video_terminals')
      .values({
        id,
        authority_id: authorityId,
        location_id: location.id,
        name: input.name!.trim(),
        pairing_code_hash: hashToken(code),
        pairing_expires_at: expires,
        token_hash: null,
        paired_at: null,
        last_seen_at: null,
        revoked_at: null,
        created_by: actor.userId,
      })
      .execute();
  }
  await recordAudit(trx, actor, {
    action: input.terminalId ? 'video.terminal_code' : 'video.terminal_create',
    resourceType: 'video_terminal',
    resourceId: id,
    after: { locationId: input.locationId ?? null, name: input.name ?? null, pairingExpiresAt: expires },
  });
  const row = await terminalQuery(trx).where('t.id', '=', id).executeTakeFirstOrThrow();
  return { terminal: toView(row), code };
}

export async function revokeTerminal(
  trx: Executor,
  actor: AuditActor,
  authorityId: string,
  terminalId: string,
  now = new Date(),
): Promise<TerminalView> {
  const updated = await trx
    .updateTable('video_terminals')
    .set({ revoked_at: now, token_hash: null, pairing_code_hash: null, pairing_expires_at: null })
    .where('id', '=', terminalId)
    .where('authority_id', '=', authorityId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) throw new AppError('VIDEO_TERMINAL_NOT_FOUND');
  await recordAudit(trx, actor, {
    action: 'video.terminal_revoke',
    resourceType: 'video_terminal',
    resourceId: terminalId,
  });
  const row = await terminalQuery(trx).where('t.id', '=', terminalId).executeTakeFirstOrThrow();
  return toView(row);
}

/**
 * The terminal exchanges its set-up code for a device token (single use). Returns the token for
 * the cookie; a wrong, expired or used code gets one answer, whichever it was.
 */
export async function pairTerminal(
  trx: Executor,
  actor: AuditActor,
  rawCode: string,
  now = new Date(),
): Promise<{ terminal: TerminalView; token: string }> {
  const code = normalisePairingCode(rawCode);
  if (!code) throw new AppError('VIDEO_PAIRING_CODE_INVALID', {}, [{ path: '/code', code: 'invalid' }]);
  const token = newToken();
  const paired = await trx
    .updateTable('video_terminals')
    .set({
      token_hash: hashToken(token),
      paired_at: now,
      last_seen_at: now,
      pairing_code_hash: null,
      pairing_expires_at: null,
    })
    .where('pairing_code_hash', '=', hashToken(code))
    .where('pairing_expires_at', '>', now)
    .where('revoked_at', 'is', null)
    .returning(['id', 'authority_id'])
    .executeTakeFirst();
  if (!paired) throw new AppError('VIDEO_PAIRING_CODE_INVALID', {}, [{ path: '/code', code: 'invalid' }]);
  await recordAudit(
    trx,
    { ...actor, authorityId: paired.authority_id },
    {
      action: 'video.terminal_pair',
      resourceType: 'video_terminal',
      resourceId: paired.id,
    },
  );
  const row = await terminalQuery(trx).where('t.id', '=', paired.id).executeTakeFirstOrThrow();
  return { terminal: toView(row), token };
}

export interface EnrolledTerminal {
  id: string;
  authorityId: string;
  locationId: string;
  locationName: string;
  name: string;
}

/** The enrolled, not revoked terminal behind a device token; null otherwise. */
export async function terminalByToken(
  db: Executor,
  token: string | undefined,
  now = new Date(),
): Promise<EnrolledTerminal | null> {
  if (!token || token.length > 200) return null;
  const row = await terminalQuery(db)
    .where('t.token_hash', '=', hashToken(token))
    .where('t.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  // Seen: at most one write a minute per terminal.
  if (!row.last_seen_at || now.getTime() - row.last_seen_at.getTime() > 60_000) {
    await db.updateTable('video_terminals').set({ last_seen_at: now }).where('id', '=', row.id).execute();
  }
  return {
    id: row.id,
    authorityId: row.authority_id,
    locationId: row.location_id,
    locationName: row.location_name,
    name: row.name,
  };
}
