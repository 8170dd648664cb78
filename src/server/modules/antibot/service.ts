import crypto, { type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Challenge, Solution } from 'altcha-lib';
import type { AppConfig } from '../../config';
import type { Executor } from '../../db/database';
import { AppError } from '../../http/errors';

/**
 * Bot protection without third parties (#14, ADR 33): our server issues an ALTCHA proof-of-work
 * challenge (PBKDF2/SHA-256, signed with our HMAC key, with an expiry), the citizen's browser
 * solves it, and the booking and demand routes verify the solution. A solution is accepted once:
 * its nonce is stored until the challenge expires — for a hold or a booking in the booking
 * function's own statement (migration 0640), for a demand signal by an insert of its own.
 *
 * The challenges are ALTCHA v2's deterministic ones, byte for byte (the widget solves them, and
 * altcha-lib's verifySolution accepts them — antibot.test.ts checks both ways), made with Node's
 * synchronous crypto and HMAC keys imported once (#13): altcha-lib's own createChallenge and
 * verifySolution import the key through WebCrypto on every call, which cost about 1 ms of the
 * server's CPU per booking.
 */
export const ALGORITHM = 'PBKDF2/SHA-256';
/** The header the browser sends the solved challenge in (base64 JSON of { challenge, solution }). */
export const SOLUTION_HEADER = 'x-altcha';
/** A payload longer than this is not one of ours. */
const MAX_PAYLOAD_CHARS = 4_096;
/** Bytes of the derived key; the solver must match its first half (altcha-lib's defaults). */
const KEY_LENGTH = 32;
const KEY_PREFIX_LENGTH = KEY_LENGTH / 2;
/** Up to this many iterations the server derives a challenge's key on the event loop (< 0.5 ms). */
const SYNC_DERIVATION_MAX_COST = 2_000;
const pbkdf2 = promisify(crypto.pbkdf2);

export type AntibotSettings = Pick<
  AppConfig,
  'altchaHmacKey' | 'altchaCost' | 'altchaMaxCounter' | 'altchaExpiryMinutes' | 'dataDir'
>;

interface Secrets {
  /** The secrets as altcha-lib takes them (hex text; its HMAC key is the text's UTF-8 bytes). */
  signature: string;
  keySignature: string;
  /** The same, imported once. */
  signatureKey: KeyObject;
  keySignatureKey: KeyObject;
}

const secrets = new Map<string, Secrets>();

/** The HMAC key: the setting, else a key file in the data directory created on first use (0600). */
function masterKey(settings: AntibotSettings): string {
  if (settings.altchaHmacKey) return settings.altchaHmacKey;
  const file = path.join(settings.dataDir, 'altcha-hmac.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // Written whole to a file of our own, then linked into place: another process never reads a
    // half-written key, and of two processes starting together the first link wins.
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, `${crypto.randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
    try {
      fs.linkSync(temporary, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      fs.unlinkSync(temporary);
    }
  }
  const key = fs.readFileSync(file, 'utf8').trim();
  if (key.length < 32) throw new Error(`${file} does not hold an ALTCHA key`);
  return key;
}

/** The two secrets derived from the HMAC key (cached per key: a key file is read once per process). */
export function secretsFor(settings: AntibotSettings): Secrets {
  const master = settings.altchaHmacKey ?? masterKeyFile(settings);
  let found = secrets.get(master);
  if (!found) {
    const derive = (purpose: string) => crypto.createHmac('sha256', master).update(purpose).digest('hex');
    const signature = derive('altcha-signature');
    const keySignature = derive('altcha-key-signature');
    found = {
      signature,
      keySignature,
      signatureKey: crypto.createSecretKey(Buffer.from(signature, 'utf8')),
      keySignatureKey: crypto.createSecretKey(Buffer.from(keySignature, 'utf8')),
    };
    secrets.set(master, found);
  }
  return found;
}

const keyFiles = new Map<string, string>();
/** The key file's content, read once per process (the file is written once and never changes). */
function masterKeyFile(settings: AntibotSettings): string {
  let key = keyFiles.get(settings.dataDir);
  if (!key) {
    key = masterKey(settings);
    keyFiles.set(settings.dataDir, key);
  }
  return key;
}

/** Keys sorted at every level, undefined left out: the text altcha signs (its canonicalJSON). */
function sortKeys(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .flatMap((key) => {
        const v = (value as Record<string, unknown>)[key];
        return v === undefined ? [] : [[key, sortKeys(v)]];
      }),
  );
}

const hmacHex = (key: KeyObject, data: string | Buffer) =>
  crypto.createHmac('sha256', key).update(data).digest('hex');

/** Equal texts, compared in constant time. */
function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/** A counter between min and max (inclusive), from the system's random source. */
function randomCounter(max: number, min: number): number {
  return crypto.randomInt(min, max + 1);
}

/**
 * A new challenge. Deterministic mode: the server picks the counter, derives that one key and
 * signs it, so verifying is one HMAC, not one key derivation — a flood of bad solutions costs us
 * little. The solver must find the counter whose derived key starts with the key's first half.
 */
export async function issueChallenge(settings: AntibotSettings, now = new Date()): Promise<Challenge> {
  const { signatureKey, keySignatureKey } = secretsFor(settings);
  const max = settings.altchaMaxCounter;
  const counter = randomCounter(max, Math.max(1, Math.floor(max / 2)));
  const nonce = crypto.randomBytes(16);
  const salt = crypto.randomBytes(16);
  const password = Buffer.alloc(nonce.length + 4);
  nonce.copy(password);
  password.writeUInt32BE(counter, nonce.length);
  // At the default cost (250) the derivation takes tens of microseconds: done here, it costs less
  // than handing it to the thread pool. A cost set much higher must not block the event loop.
  const derivedKey =
    settings.altchaCost <= SYNC_DERIVATION_MAX_COST
      ? crypto.pbkdf2Sync(password, salt, settings.altchaCost, KEY_LENGTH, 'sha256')
      : await pbkdf2(password, salt, settings.altchaCost, KEY_LENGTH, 'sha256');
  const parameters = {
    algorithm: ALGORITHM,
    cost: settings.altchaCost,
    expiresAt: Math.floor((now.getTime() + settings.altchaExpiryMinutes * 60_000) / 1000),
    keyLength: KEY_LENGTH,
    keyPrefix: derivedKey.subarray(0, KEY_PREFIX_LENGTH).toString('hex'),
    keySignature: hmacHex(keySignatureKey, derivedKey),
    nonce: nonce.toString('hex'),
    salt: salt.toString('hex'),
  };
  return { parameters, signature: hmacHex(signatureKey, JSON.stringify(parameters)) };
}

interface Payload {
  challenge: Challenge;
  solution: Solution;
}

function parsePayload(raw: string): Payload | null {
  if (raw.length > MAX_PAYLOAD_CHARS || !/^[A-Za-z0-9+/=_-]+$/.test(raw)) return null;
  try {
    const value = JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as Partial<Payload>;
    const p = value?.challenge?.parameters;
    const s = value?.solution;
    if (!p || typeof p !== 'object' || !s || typeof s !== 'object') return null;
    if (typeof p.nonce !== 'string' || !/^[0-9a-f]{8,128}$/i.test(p.nonce)) return null;
    if (typeof p.expiresAt !== 'number' || typeof value.challenge?.signature !== 'string') return null;
    if (p.algorithm !== ALGORITHM) return null;
    if (!Number.isSafeInteger(s.counter) || typeof s.derivedKey !== 'string') return null;
    return value as Payload;
  } catch {
    return null;
  }
}

/** A verified solution's challenge: what marks it used (antibot_used_challenges). */
export interface UsedChallenge {
  nonce: string;
  expiresAt: Date;
}

/**
 * Checks the solved challenge a public write sends, without marking it used: no header →
 * CHALLENGE_REQUIRED; forged, altered, wrong or expired → CHALLENGE_FAILED. The caller marks it
 * used in the write's own statement (booking functions, migration 0640) or with
 * requireSolvedChallenge; a replay is refused there.
 */
export function checkSolvedChallenge(
  settings: AntibotSettings,
  header: string | string[] | undefined,
  now = new Date(),
): UsedChallenge {
  const raw = Array.isArray(header) ? header[0] : header;
  if (!raw) throw new AppError('CHALLENGE_REQUIRED');
  const payload = parsePayload(raw.trim());
  if (!payload) throw new AppError('CHALLENGE_FAILED');
  const { challenge, solution } = payload;
  const expiresAt = new Date(challenge.parameters.expiresAt! * 1000);
  if (expiresAt <= now) throw new AppError('CHALLENGE_FAILED');
  const { signatureKey, keySignatureKey } = secretsFor(settings);
  // The parameters as we signed them (altered → another text → another MAC) …
  const signed = hmacHex(signatureKey, JSON.stringify(sortKeys(challenge.parameters)));
  if (!sameText(signed, challenge.signature!)) throw new AppError('CHALLENGE_FAILED');
  // … and the derived key the solver found is the one we derived for the counter we picked.
  const keySignature = challenge.parameters.keySignature;
  if (typeof keySignature !== 'string' || !/^(?:[0-9a-f]{2})+$/.test(solution.derivedKey))
    throw new AppError('CHALLENGE_FAILED');
  if (!sameText(hmacHex(keySignatureKey, Buffer.from(solution.derivedKey, 'hex')), keySignature))
    throw new AppError('CHALLENGE_FAILED');
  return { nonce: challenge.parameters.nonce.toLowerCase(), expiresAt };
}

/**
 * Checks the solved challenge and marks it used by an insert of its own, before the write's
 * transaction (the demand signal). A replay — also in parallel, also in another server process —
 * finds the nonce there and is refused (CHALLENGE_FAILED).
 */
export async function requireSolvedChallenge(
  db: Executor,
  settings: AntibotSettings,
  header: string | string[] | undefined,
  now = new Date(),
): Promise<void> {
  const { nonce, expiresAt } = checkSolvedChallenge(settings, header, now);
  const used = await db
    .insertInto('antibot_used_challenges')
    .values({ nonce, expires_at: expiresAt })
    .onConflict((oc) => oc.column('nonce').doNothing())
    .returning('nonce')
    .executeTakeFirst();
  if (!used) throw new AppError('CHALLENGE_FAILED');
}

/** Forgets used challenges once they have expired (a replay then fails on the expiry itself). */
export async function deleteExpiredChallenges(db: Executor, now = new Date()): Promise<number> {
  const result = await db
    .deleteFrom('antibot_used_challenges')
    .where('expires_at', '<', now)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
