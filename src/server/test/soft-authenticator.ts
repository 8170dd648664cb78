import { createHash, createSign, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { isoBase64URL, isoCBOR } from '@simplewebauthn/server/helpers';

/**
 * A FIDO2 authenticator in software for integration tests (the browser's virtual authenticator
 * covers the e2e tests): ES256 credentials, "none" attestation, a signature counter, and the
 * client data a browser would write for a given origin. It can be told to lie — another origin
 * (a phishing site), a replayed counter, no user verification — so the server's checks are
 * attacked, not only used.
 */
export interface SoftCredential {
  id: string;
  privateKey: KeyObject;
  publicCose: Uint8Array;
  rpId: string;
  userHandle: string | null;
  counter: number;
}

export interface CreationOptionsJSON {
  challenge: string;
  rp: { id?: string; name: string };
  user: { id: string; name: string; displayName: string };
}

export interface RequestOptionsJSON {
  challenge: string;
  rpId?: string;
  allowCredentials?: { id: string }[];
}

const b64 = (bytes: Uint8Array | Buffer) => isoBase64URL.fromBuffer(new Uint8Array(bytes));

function coseKey(publicKey: KeyObject): Uint8Array {
  const jwk = publicKey.export({ format: 'jwk' }) as { x: string; y: string };
  const map = new Map<number, number | Uint8Array>([
    [1, 2], // kty: EC2
    [3, -7], // alg: ES256
    [-1, 1], // crv: P-256
    [-2, isoBase64URL.toBuffer(jwk.x)],
    [-3, isoBase64URL.toBuffer(jwk.y)],
  ]);
  return isoCBOR.encode(map);
}

function flags(options: { userVerified: boolean; attested?: boolean }): number {
  return 0x01 | (options.userVerified ? 0x04 : 0) | (options.attested ? 0x40 : 0);
}

function counterBytes(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

export class SoftAuthenticator {
  readonly credentials: SoftCredential[] = [];

  /** navigator.credentials.create() as a browser on `origin` would answer it. */
  register(
    options: CreationOptionsJSON,
    origin: string,
    opts: { discoverable?: boolean; userVerified?: boolean } = {},
  ): { credential: SoftCredential; response: Record<string, unknown> } {
    const rpId = options.rp.id ?? new URL(origin).hostname;
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const idBytes = randomBytes(32);
    const publicCose = coseKey(publicKey);
    const credential: SoftCredential = {
      id: b64(idBytes),
      privateKey,
      publicCose,
      rpId,
      userHandle: opts.discoverable === false ? null : options.user.id,
      counter: 0,
    };
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(idBytes.length);
    const authData = Buffer.concat([
      createHash('sha256').update(rpId).digest(),
      Buffer.from([flags({ userVerified: opts.userVerified ?? true, attested: true })]),
      counterBytes(0),
      Buffer.alloc(16), // AAGUID: none
      idLength,
      idBytes,
      Buffer.from(publicCose),
    ]);
    const attestationObject = isoCBOR.encode(
      new Map<string, unknown>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', new Uint8Array(authData)],
      ]) as never,
    );
    const clientDataJSON = Buffer.from(
      JSON.stringify({ type: 'webauthn.create', challenge: options.challenge, origin, crossOrigin: false }),
    );
    this.credentials.push(credential);
    return {
      credential,
      response: {
        id: credential.id,
        rawId: credential.id,
        type: 'public-key',
        response: {
          clientDataJSON: b64(clientDataJSON),
          attestationObject: b64(attestationObject),
          transports: ['usb'],
        },
        clientExtensionResults: { credProps: { rk: opts.discoverable !== false } },
        authenticatorAttachment: 'cross-platform',
      },
    };
  }

  /** navigator.credentials.get() with one of its credentials, signed like a real key. */
  assert(
    options: RequestOptionsJSON,
    origin: string,
    opts: { credential?: SoftCredential; userVerified?: boolean; counter?: number; rpId?: string } = {},
  ): Record<string, unknown> {
    const allowed = new Set((options.allowCredentials ?? []).map((c) => c.id));
    const credential =
      opts.credential ??
      this.credentials.find((c) => allowed.size === 0 || allowed.has(c.id)) ??
      this.credentials[0];
    if (!credential) throw new Error('no credential in this authenticator');
    credential.counter = opts.counter ?? credential.counter + 1;
    const rpId = opts.rpId ?? options.rpId ?? credential.rpId;
    const authData = Buffer.concat([
      createHash('sha256').update(rpId).digest(),
      Buffer.from([flags({ userVerified: opts.userVerified ?? true })]),
      counterBytes(credential.counter),
    ]);
    const clientDataJSON = Buffer.from(
      JSON.stringify({ type: 'webauthn.get', challenge: options.challenge, origin, crossOrigin: false }),
    );
    const signer = createSign('SHA256');
    signer.update(Buffer.concat([authData, createHash('sha256').update(clientDataJSON).digest()]));
    const signature = signer.sign(credential.privateKey);
    return {
      id: credential.id,
      rawId: credential.id,
      type: 'public-key',
      response: {
        clientDataJSON: b64(clientDataJSON),
        authenticatorData: b64(authData),
        signature: b64(signature),
        ...(credential.userHandle ? { userHandle: credential.userHandle } : {}),
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'cross-platform',
    };
  }
}
