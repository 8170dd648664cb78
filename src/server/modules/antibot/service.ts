import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type Challenge, createChallenge, randomInt, type Solution, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { AppConfig } from '../../config';
import type { Executor } from '../../db/database';
import { AppError } from '../../http/errors';

/**
 * Bot protection without third parties (#14, ADR 33): our server issues an ALTCHA proof-of-work
 * challenge (PBKDF2/SHA-256, signed with our HMAC key, with an expiry), the citizen's browser
 * solves it, and the booking and demand routes verify the solution before their transaction.
 * A solution is accepted once: its nonce is stored until the challenge expires.
 */
export const ALGORITHM = 'PBKDF2/SHA-256';
/** The header the browser sends the solved challenge in (base64 JSON of { challenge, solution }). */
export const SOLUTION_HEADER = 'x-altcha';
/** A payload longer than this is not one of ours. */
const MAX_PAYLOAD_CHARS = 4_096;

export type AntibotSettings = Pick<
  AppConfig,
  'altchaHmacKey' | 'altchaCost' | 'altchaMaxCounter' | 'altchaExpiryMinutes' | 'dataDir'
>;

interface Secrets {
  signature: string;
  keySignature: string;
}

const secrets = new Map<string, Promise<Secrets>>();

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

function secretsFor(settings: AntibotSettings): Promise<Secrets> {
  const master = masterKey(settings);
  let found = secrets.get(master);
  if (!found) {
    const derive = (purpose: string) => crypto.createHmac('sha256', master).update(purpose).digest('hex');
    found = Promise.resolve({
      signature: derive('altcha-signature'),
      keySignature: derive('altcha-key-signature'),
    });
    secrets.set(master, found);
  }
  return found;
}

/**
 * A new challenge. Deterministic mode: the server picks the counter and signs the derived key, so
 * verifying is one HMAC, not one key derivation — a flood of bad solutions costs us little.
 */
export async function issueChallenge(settings: AntibotSettings, now = new Date()): Promise<Challenge> {
  const { signature, keySignature } = await secretsFor(settings);
  const max = settings.altchaMaxCounter;
  return createChallenge({
    algorithm: ALGORITHM,
    cost: settings.altchaCost,
    counter: randomInt(max, Math.max(1, Math.floor(max / 2))),
    deriveKey,
    expiresAt: new Date(now.getTime() + settings.altchaExpiryMinutes * 60_000),
    hmacSignatureSecret: signature,
    hmacKeySignatureSecret: keySignature,
  });
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

/**
 * Checks the solved challenge a public write sends and marks it used, before the write's own
 * transaction. No header → CHALLENGE_REQUIRED; forged, wrong, expired or replayed → CHALLENGE_FAILED.
 */
export async function requireSolvedChallenge(
  db: Executor,
  settings: AntibotSettings,
  header: string | string[] | undefined,
  now = new Date(),
): Promise<void> {
  const raw = Array.isArray(header) ? header[0] : header;
  if (!raw) throw new AppError('CHALLENGE_REQUIRED');
  const payload = parsePayload(raw.trim());
  if (!payload) throw new AppError('CHALLENGE_FAILED');
  const { signature, keySignature } = await secretsFor(settings);
  const result = await verifySolution({
    challenge: payload.challenge,
    solution: payload.solution,
    deriveKey,
    hmacSignatureSecret: signature,
    hmacKeySignatureSecret: keySignature,
  }).catch(() => null);
  if (!result?.verified || result.expired) throw new AppError('CHALLENGE_FAILED');
  const expiresAt = new Date(payload.challenge.parameters.expiresAt! * 1000);
  if (expiresAt <= now) throw new AppError('CHALLENGE_FAILED');
  // Single use: the first request inserts the nonce, a replay (here or in another process) does not.
  const used = await db
    .insertInto('antibot_used_challenges')
    .values({ nonce: payload.challenge.parameters.nonce.toLowerCase(), expires_at: expiresAt })
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
