import { deriveBytes, KDF_PARAMS, type KdfParams } from '../crypto/kdf';
import { aadOf, importDataKey, openBytes, type Sealed, sealBytes } from '../crypto/record-cipher';
import { getMeta, type KitDb, setMeta } from './kit-db';

/**
 * The kit's data key and who may open it. One random AES-256 key per kit encrypts every record;
 * it is stored only wrapped — once per clerk, under a key derived from that clerk's kit PIN with
 * Argon2id. Unlocking derives, unwraps and keeps the data key in memory only, as a
 * non-extractable CryptoKey. Wrong PINs are counted on disk; after MAX_FAILURES the kit is locked
 * for a growing time. Nothing is ever deleted for a wrong PIN: unsynced work stays.
 */
export interface ClerkKey {
  userId: string;
  username: string;
  displayName: string;
  salt: Uint8Array;
  kdf: KdfParams;
  wrapped: Sealed;
}

export interface UnlockState {
  failures: number;
  lockedUntil: number | null;
}

export const MIN_SECRET_LENGTH = 8;
export const MAX_FAILURES = 5;

/** Lockout after the n-th failure (n ≥ MAX_FAILURES): 1 min, 2, 4, … up to 60 min. */
export function lockoutMs(failures: number): number {
  if (failures < MAX_FAILURES) return 0;
  return Math.min(60, 2 ** (failures - MAX_FAILURES)) * 60_000;
}

export type UnlockResult =
  | { ok: true; key: CryptoKey; clerk: Omit<ClerkKey, 'salt' | 'kdf' | 'wrapped'> }
  | { ok: false; reason: 'wrong'; attemptsLeft: number; lockedUntil: number | null }
  | { ok: false; reason: 'locked'; lockedUntil: number }
  | { ok: false; reason: 'unknown_clerk' };

export class KitVault {
  constructor(
    private readonly db: KitDb,
    private readonly kitId: string,
    private readonly now: () => number = Date.now,
  ) {}

  private async keys(): Promise<ClerkKey[]> {
    return (await getMeta<ClerkKey[]>(this.db, 'vault')) ?? [];
  }

  async clerks(): Promise<{ userId: string; username: string; displayName: string }[]> {
    return (await this.keys()).map(({ userId, username, displayName }) => ({
      userId,
      username,
      displayName,
    }));
  }

  async unlockState(): Promise<UnlockState> {
    return (await getMeta<UnlockState>(this.db, 'unlock')) ?? { failures: 0, lockedUntil: null };
  }

  private aad(userId: string) {
    return aadOf('vault', `${this.kitId}/${userId}`);
  }

  private async wrap(raw: Uint8Array, clerk: Omit<ClerkKey, 'salt' | 'kdf' | 'wrapped'>, secret: string) {
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const kekBytes = await deriveBytes(secret, salt, KDF_PARAMS);
    const kek = await importDataKey(kekBytes);
    kekBytes.fill(0);
    const wrapped = await sealBytes(kek, this.aad(clerk.userId), raw);
    return { ...clerk, salt, kdf: KDF_PARAMS, wrapped } satisfies ClerkKey;
  }

  private async unwrapRaw(entry: ClerkKey, secret: string): Promise<Uint8Array | null> {
    const kekBytes = await deriveBytes(secret, entry.salt, entry.kdf);
    const kek = await importDataKey(kekBytes);
    kekBytes.fill(0);
    try {
      return await openBytes(kek, this.aad(entry.userId), entry.wrapped);
    } catch {
      return null;
    }
  }

  /** First clerk of a newly paired kit: a fresh data key, wrapped for them. */
  async create(
    clerk: { userId: string; username: string; displayName: string },
    secret: string,
  ): Promise<CryptoKey> {
    const raw = crypto.getRandomValues(new Uint8Array(32));
    const entry = await this.wrap(raw, clerk, secret);
    await setMeta(this.db, 'vault', [entry]);
    const key = await importDataKey(raw);
    raw.fill(0);
    return key;
  }

  /** A colleague gets their own PIN; an existing clerk confirms with theirs. */
  async addClerk(
    existing: { userId: string; secret: string },
    clerk: { userId: string; username: string; displayName: string },
    secret: string,
  ): Promise<boolean> {
    const keys = await this.keys();
    const entry = keys.find((k) => k.userId === existing.userId);
    if (!entry) return false;
    const raw = await this.unwrapRaw(entry, existing.secret);
    if (!raw) return false;
    const added = await this.wrap(raw, clerk, secret);
    raw.fill(0);
    await setMeta(this.db, 'vault', [...keys.filter((k) => k.userId !== clerk.userId), added]);
    return true;
  }

  async unlock(userId: string, secret: string): Promise<UnlockResult> {
    const state = await this.unlockState();
    if (state.lockedUntil && state.lockedUntil > this.now())
      return { ok: false, reason: 'locked', lockedUntil: state.lockedUntil };
    const entry = (await this.keys()).find((k) => k.userId === userId);
    if (!entry) return { ok: false, reason: 'unknown_clerk' };
    const raw = await this.unwrapRaw(entry, secret);
    if (!raw) {
      const failures = state.failures + 1;
      const wait = lockoutMs(failures);
      const lockedUntil = wait > 0 ? this.now() + wait : null;
      await setMeta(this.db, 'unlock', { failures, lockedUntil } satisfies UnlockState);
      return { ok: false, reason: 'wrong', attemptsLeft: Math.max(0, MAX_FAILURES - failures), lockedUntil };
    }
    const key = await importDataKey(raw);
    raw.fill(0);
    await setMeta(this.db, 'unlock', { failures: 0, lockedUntil: null } satisfies UnlockState);
    return {
      ok: true,
      key,
      clerk: { userId: entry.userId, username: entry.username, displayName: entry.displayName },
    };
  }
}
