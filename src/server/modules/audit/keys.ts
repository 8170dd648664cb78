import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The audit chain's keys live in files outside the database (ADR 15):
 *
 * - AUDIT_KEY_FILE: the HMAC-SHA-256 keys of the chain's links. Whoever can write the database but
 *   not read this file cannot forge a consistent chain.
 * - AUDIT_SIGNING_KEY_FILE: the Ed25519 key that signs checkpoints, and the public keys of earlier
 *   signing keys (so old checkpoints stay verifiable after a rotation).
 *
 * Both are created with mode 0600 on first start and refused when others may read them. Rotation
 * (`npm run audit:keys -- rotate-hmac | rotate-signing`) adds a key and makes it current; old keys
 * stay, because every link names the key it was made with. A removed key makes its links
 * unverifiable — never remove one.
 */

export interface AuditKeyPaths {
  auditKeyFile: string;
  auditSigningKeyFile: string;
}

export interface AuditKeys {
  /** Key id of new links. */
  hmacKeyId: string;
  hmacKeys: ReadonlyMap<string, Buffer>;
  /** Key id (fingerprint) of new checkpoints. */
  signingKeyId: string;
  signingKey: KeyObject;
  /** Public keys of every signing key so far, by id. */
  verifyKeys: ReadonlyMap<string, KeyObject>;
}

export class AuditKeyError extends Error {}

interface HmacFile {
  format: 'buergerkoffer-audit-hmac-1';
  current: string;
  keys: { id: string; secret: string; createdAt: string }[];
}

interface SigningFile {
  format: 'buergerkoffer-audit-signing-1';
  current: string;
  keys: { id: string; privateKey: string | null; publicKey: string; createdAt: string }[];
}

function newHmacKey() {
  return {
    id: `h-${randomBytes(4).toString('hex')}`,
    secret: randomBytes(32).toString('base64'),
    createdAt: new Date().toISOString(),
  };
}

/** Fingerprint of an Ed25519 public key: the first 16 hex digits of SHA-256 over its SPKI form. */
export function signingKeyId(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return `ed25519:${createHash('sha256').update(der).digest('hex').slice(0, 16)}`;
}

function newSigningKey() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    id: signingKeyId(publicKey),
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    createdAt: new Date().toISOString(),
  };
}

/** Reads a key file, creating it with `create()` (mode 0600, exclusively) when it does not exist. */
function readOrCreate<T>(file: string, create: () => T): T {
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    try {
      fs.writeFileSync(file, `${JSON.stringify(create(), null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another server process created it a moment ago: use that one.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const stat = fs.statSync(file);
  if ((stat.mode & 0o077) !== 0) {
    throw new AuditKeyError(
      `${file} may be read by other users (mode ${(stat.mode & 0o777).toString(8)}); run chmod 600 on it`,
    );
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

function writeKeyFile(file: string, content: unknown): void {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  fs.renameSync(temporary, file);
}

const loaded = new Map<string, AuditKeys>();

/**
 * The keys of this process (read once per pair of files; created on first start). `reload` reads
 * the files again (after a rotation; the running chainer keeps the keys it started with).
 */
export function loadAuditKeys(paths: AuditKeyPaths, options: { reload?: boolean } = {}): AuditKeys {
  const cacheKey = `${paths.auditKeyFile}\n${paths.auditSigningKeyFile}`;
  const cached = loaded.get(cacheKey);
  if (cached && !options.reload) return cached;
  const hmac = readOrCreate<HmacFile>(paths.auditKeyFile, () => {
    const key = newHmacKey();
    return { format: 'buergerkoffer-audit-hmac-1', current: key.id, keys: [key] };
  });
  if (hmac.format !== 'buergerkoffer-audit-hmac-1' || !hmac.keys.some((k) => k.id === hmac.current))
    throw new AuditKeyError(`${paths.auditKeyFile} is not an audit key file`);
  const signing = readOrCreate<SigningFile>(paths.auditSigningKeyFile, () => {
    const key = newSigningKey();
    return { format: 'buergerkoffer-audit-signing-1', current: key.id, keys: [key] };
  });
  const current = signing.keys.find((k) => k.id === signing.current);
  if (signing.format !== 'buergerkoffer-audit-signing-1' || !current?.privateKey)
    throw new AuditKeyError(`${paths.auditSigningKeyFile} is not an audit signing key file`);
  const keys: AuditKeys = {
    hmacKeyId: hmac.current,
    hmacKeys: new Map(hmac.keys.map((k) => [k.id, Buffer.from(k.secret, 'base64')])),
    signingKeyId: current.id,
    signingKey: createPrivateKey(current.privateKey),
    verifyKeys: new Map(signing.keys.map((k) => [k.id, createPublicKey(k.publicKey)])),
  };
  loaded.set(cacheKey, keys);
  return keys;
}

/** Adds a new HMAC key and makes it current (the old ones stay for verification). */
export function rotateHmacKey(file: string): string {
  const content = readOrCreate<HmacFile>(file, () => {
    throw new AuditKeyError(`${file} does not exist`);
  });
  const key = newHmacKey();
  writeKeyFile(file, { ...content, current: key.id, keys: [...content.keys, key] });
  return key.id;
}

/** Adds a new signing key; the old private key is dropped, its public key stays. */
export function rotateSigningKey(file: string): string {
  const content = readOrCreate<SigningFile>(file, () => {
    throw new AuditKeyError(`${file} does not exist`);
  });
  const key = newSigningKey();
  writeKeyFile(file, {
    ...content,
    current: key.id,
    keys: [...content.keys.map((k) => ({ ...k, privateKey: null })), key],
  });
  return key.id;
}

/** The public keys as PEM (to hand to auditors, who check checkpoints with them). */
export function publicSigningKeys(keys: AuditKeys): { id: string; pem: string }[] {
  return [...keys.verifyKeys].map(([id, key]) => ({
    id,
    pem: key.export({ type: 'spki', format: 'pem' }).toString(),
  }));
}
