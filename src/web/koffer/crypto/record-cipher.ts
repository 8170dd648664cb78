/**
 * AES-GCM sealing of everything the kit stores: each value is encrypted with the kit's data key,
 * a fresh 96-bit IV, and the store name + record id as associated data — a record copied to
 * another place in the database no longer decrypts.
 */
export interface Sealed {
  iv: Uint8Array;
  ct: Uint8Array;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function aadOf(store: string, id: string | number): Uint8Array {
  return encoder.encode(`${store}\u0000${id}`);
}

export async function sealBytes(key: CryptoKey, aad: Uint8Array, plain: Uint8Array): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: aad as BufferSource },
      key,
      plain as BufferSource,
    ),
  );
  return { iv, ct };
}

export async function openBytes(key: CryptoKey, aad: Uint8Array, sealed: Sealed): Promise<Uint8Array> {
  return new Uint8Array(
    await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: sealed.iv as BufferSource, additionalData: aad as BufferSource },
      key,
      sealed.ct as BufferSource,
    ),
  );
}

export async function seal(
  key: CryptoKey,
  store: string,
  id: string | number,
  value: unknown,
): Promise<Sealed> {
  return sealBytes(key, aadOf(store, id), encoder.encode(JSON.stringify(value)));
}

export async function open<T>(
  key: CryptoKey,
  store: string,
  id: string | number,
  sealed: Sealed,
): Promise<T> {
  return JSON.parse(decoder.decode(await openBytes(key, aadOf(store, id), sealed))) as T;
}

/** A non-extractable AES-GCM key from raw bytes (the bytes should be wiped by the caller). */
export function importDataKey(raw: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', raw as BufferSource, { name: 'AES-GCM' }, false, [
    'encrypt',
    'decrypt',
  ]);
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
