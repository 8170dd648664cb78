import { randomBytes } from 'node:crypto';
import { argon2id, argon2Verify } from 'hash-wasm';

/** OWASP's recommended minimum for Argon2id: 19 MiB memory, 2 iterations, 1 lane. */
export const ARGON2_PARAMS = { memorySize: 19_456, iterations: 2, parallelism: 1, hashLength: 32 } as const;

export async function hashPassword(password: string): Promise<string> {
  return argon2id({ ...ARGON2_PARAMS, password, salt: randomBytes(16), outputType: 'encoded' });
}

export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  try {
    return await argon2Verify({ password, hash: encoded });
  } catch {
    return false;
  }
}

/** A hash of a random password, verified against when a user name is unknown, so timing reveals nothing. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
}

const COMMON = new Set([
  'passwort1234',
  'password1234',
  '123456789012',
  'qwertzuiop12',
  'qwertyuiop12',
  'hallo1234567',
  'meerane12345',
  'schoenberg12',
  'buergerkoffer',
  'bürgerkoffer',
  'administrator',
  'sommer202612',
  'winter202612',
]);

/** At least 12 characters, not a well-known password, not the user name, not one repeated character. */
export function isStrongPassword(password: string, username: string): boolean {
  if (password.length < 12 || password.length > 256) return false;
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return false;
  if (username && lower.includes(username.toLowerCase())) return false;
  if (new Set(password).size < 5) return false;
  return true;
}

/** A one-time password for a new account: 4 groups of 4 easy-to-read characters. */
export function generateOneTimePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY3479';
  const bytes = randomBytes(16);
  let out = '';
  for (let i = 0; i < 16; i++) {
    out += alphabet[bytes[i]! % alphabet.length];
    if (i % 4 === 3 && i < 15) out += '-';
  }
  return out;
}
