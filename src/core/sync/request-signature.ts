/**
 * What the kit signs on every sync request, with its non-extractable ECDSA P-256 key (WebCrypto,
 * SHA-256, IEEE P1363 signature). The canonical text binds the request to the kit, to the signed-in
 * clerk's session (its CSRF token, which only that session's pages know) and to the body.
 * Upload chunks sign UNSIGNED-BODY: their bytes are checked by the SHA-256 address instead, so a
 * chunk cut off mid-way can still be kept.
 */
export const KIT_HEADER = {
  kitId: 'x-kit-id',
  signature: 'x-kit-signature',
  timestamp: 'x-kit-timestamp',
  nonce: 'x-kit-nonce',
  /** "<protocol version>/<app version>", e.g. "1/0.1.0". */
  version: 'x-kit-version',
} as const;

export const UNSIGNED_BODY = 'UNSIGNED-BODY';
export const SIGNATURE_SCHEME = 'BK-KIT-1';

export interface SignedRequestParts {
  method: string;
  /** Path and query as sent, e.g. /api/kits/sync/push */
  path: string;
  kitId: string;
  timestamp: string;
  nonce: string;
  /** base64url SHA-256 of the body bytes, or UNSIGNED_BODY. */
  bodyHash: string;
  /** The CSRF token of the clerk's session. */
  sessionBinding: string;
  version: string;
}

export function canonicalRequest(p: SignedRequestParts): string {
  return [
    SIGNATURE_SCHEME,
    p.method.toUpperCase(),
    p.path,
    p.kitId,
    p.timestamp,
    p.nonce,
    p.bodyHash,
    p.sessionBinding,
    p.version,
  ].join('\n');
}

export function parseKitVersion(header: string | undefined): { protocol: number; app: string } | null {
  if (!header) return null;
  const m = /^(\d{1,4})\/([\w.+-]{1,40})$/.exec(header);
  return m ? { protocol: Number(m[1]), app: m[2]! } : null;
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += B64URL[n >> 18]! + B64URL[(n >> 12) & 63]! + B64URL[(n >> 6) & 63]! + B64URL[n & 63]!;
  }
  if (i < bytes.length) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8);
    out += B64URL[n >> 18]! + B64URL[(n >> 12) & 63]!;
    if (i + 1 < bytes.length) out += B64URL[(n >> 6) & 63]!;
  }
  return out;
}

export function fromBase64Url(text: string): Uint8Array {
  const clean = text.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let o = 0;
  for (const ch of clean) {
    const v = B64URL.indexOf(ch);
    if (v < 0) throw new Error('invalid base64url');
    value = (value << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}
