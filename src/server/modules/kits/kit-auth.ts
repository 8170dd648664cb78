import { createHash, createPublicKey, type KeyObject, verify } from 'node:crypto';
import { Transform } from 'node:stream';
import type { FastifyReply, FastifyRequest, preParsingAsyncHookHandler } from 'fastify';
import { SYNC_PROTOCOL_MIN_SUPPORTED, SYNC_PROTOCOL_VERSION } from '../../../core/sync/protocol';
import {
  canonicalRequest,
  fromBase64Url,
  KIT_HEADER,
  parseKitVersion,
  UNSIGNED_BODY,
} from '../../../core/sync/request-signature';
import type { Db } from '../../db/database';
import { AppError } from '../../http/errors';
import type { KitScope } from './changes';

/**
 * Kit requests: a signed-in clerk (session cookie + CSRF, checked before) AND a signature by the
 * kit's enrolled key over method, path, kit, body hash and the clerk's session binding. A revoked
 * kit, an old kit software and a bad signature each get their own clear code.
 */
declare module 'fastify' {
  interface FastifyRequest {
    /** base64url SHA-256 of the raw body, computed while it streams in (kit routes). */
    kitBodyHash?: string;
    /** The enrolled kit's scope, set by the kit guard. */
    kit?: KitScope & { prefix: string; appVersion: string; protocol: number };
  }
}

const EMPTY_HASH = createHash('sha256').update('').digest('base64url');

/** preParsing hook: hashes the body bytes on their way to the JSON parser. */
export const hashKitBody: preParsingAsyncHookHandler = async (request, _reply, payload) => {
  const type = String(request.headers['content-type'] ?? '');
  if (type.startsWith('application/octet-stream')) return payload;
  const hash = createHash('sha256');
  let received = 0;
  const tee = new Transform({
    transform(chunk: Buffer, _enc, callback) {
      hash.update(chunk);
      received += chunk.length;
      (tee as unknown as { receivedEncodedLength: number }).receivedEncodedLength = received;
      callback(null, chunk);
    },
    flush(callback) {
      request.kitBodyHash = hash.digest('base64url');
      callback();
    },
  });
  payload.on('error', (error) => tee.destroy(error));
  return payload.pipe(tee);
};

const keyCache = new Map<string, { json: string; key: KeyObject }>();

function publicKeyOf(kitId: string, jwk: unknown): KeyObject {
  const json = typeof jwk === 'string' ? jwk : JSON.stringify(jwk);
  const cached = keyCache.get(kitId);
  if (cached && cached.json === json) return cached.key;
  const key = createPublicKey({ key: JSON.parse(json), format: 'jwk' });
  keyCache.set(kitId, { json, key });
  return key;
}

export function kitGuard(db: Db) {
  return async function requireKit(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const staff = request.staff;
    if (!staff) throw new AppError('AUTH_REQUIRED');
    const header = (name: string) => {
      const v = request.headers[name];
      return typeof v === 'string' ? v : undefined;
    };
    const version = parseKitVersion(header(KIT_HEADER.version));
    if (
      !version ||
      version.protocol < SYNC_PROTOCOL_MIN_SUPPORTED ||
      version.protocol > SYNC_PROTOCOL_VERSION
    ) {
      throw new AppError(
        'KIT_VERSION_SKEW',
        {
          kitVersion: version ? String(version.protocol) : '?',
          minVersion: String(SYNC_PROTOCOL_MIN_SUPPORTED),
        },
        [],
        { serverProtocol: SYNC_PROTOCOL_VERSION, minProtocol: SYNC_PROTOCOL_MIN_SUPPORTED },
      );
    }
    const kitId = header(KIT_HEADER.kitId);
    if (!kitId || !/^[0-9a-f-]{36}$/i.test(kitId)) throw new AppError('KIT_NOT_ENROLLED');
    const kit = await db
      .selectFrom('kits')
      .select(['id', 'authority_id', 'status', 'public_key', 'municipality_ids', 'location_ids', 'prefix'])
      .where('id', '=', kitId)
      .executeTakeFirst();
    if (!kit) throw new AppError('KIT_NOT_ENROLLED');
    if (kit.authority_id !== staff.authorityId) throw new AppError('KIT_WRONG_AUTHORITY');
    // From here on, refusals are recorded with the kit (audit hook reads request.kitId).
    request.kitId = kit.id;
    if (kit.status === 'revoked') throw new AppError('KIT_REVOKED');
    if (kit.status !== 'active' || !kit.public_key) throw new AppError('KIT_NOT_ENROLLED');
    const signature = header(KIT_HEADER.signature);
    const timestamp = header(KIT_HEADER.timestamp) ?? '';
    const nonce = header(KIT_HEADER.nonce) ?? '';
    if (!signature || nonce.length < 8 || nonce.length > 64 || timestamp.length > 40)
      throw new AppError('KIT_SIGNATURE_INVALID');
    const isUpload = String(request.headers['content-type'] ?? '').startsWith('application/octet-stream');
    const text = canonicalRequest({
      method: request.method,
      path: request.url,
      kitId: kit.id,
      timestamp,
      nonce,
      bodyHash: isUpload ? UNSIGNED_BODY : (request.kitBodyHash ?? EMPTY_HASH),
      sessionBinding: staff.csrfToken,
      version: header(KIT_HEADER.version)!,
    });
    let ok = false;
    try {
      ok = verify(
        'sha256',
        Buffer.from(text, 'utf8'),
        { key: publicKeyOf(kit.id, kit.public_key), dsaEncoding: 'ieee-p1363' },
        fromBase64Url(signature),
      );
    } catch {
      ok = false;
    }
    if (!ok) throw new AppError('KIT_SIGNATURE_INVALID');
    request.kit = {
      kitId: kit.id,
      authorityId: kit.authority_id,
      municipalityIds: kit.municipality_ids,
      locationIds: kit.location_ids,
      prefix: kit.prefix,
      appVersion: version.app,
      protocol: version.protocol,
    };
  };
}
