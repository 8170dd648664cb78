import { canonicalRequest, type SignedRequestParts, toBase64Url } from '../../../core/sync/request-signature';

/**
 * The kit's device key: an ECDSA P-256 pair created in the browser at pairing. The private key is
 * non-extractable (scripts can use it, never read it); the public key goes to the server.
 */
export async function createDeviceKey(): Promise<{ keyPair: CryptoKeyPair; publicJwk: JsonWebKey }> {
  const keyPair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const jwk = await crypto.subtle.exportKey('jwk', keyPair.publicKey);
  return { keyPair, publicJwk: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y } };
}

export async function signRequest(privateKey: CryptoKey, parts: SignedRequestParts): Promise<string> {
  const data = new TextEncoder().encode(canonicalRequest(parts));
  const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, privateKey, data);
  return toBase64Url(new Uint8Array(signature));
}

export async function bodyHash(body: string | Uint8Array): Promise<string> {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  return toBase64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource)));
}
