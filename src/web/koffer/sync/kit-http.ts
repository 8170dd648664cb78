import type {
  AttachmentRef,
  PullRequest,
  PullResponse,
  PushRequest,
  PushResponse,
  UploadStatus,
} from '../../../core/sync/protocol';
import { SYNC_PROTOCOL_VERSION } from '../../../core/sync/protocol';
import { KIT_HEADER, UNSIGNED_BODY } from '../../../core/sync/request-signature';
import { type SyncTransport, SyncTransportError } from '../../../core/sync/sync-client';
import { bodyHash, signRequest } from '../crypto/device-key';
import { reportReachable } from './reachability';

/** The kit app's version (package.json, set by Vite at build). */
export const KIT_APP_VERSION: string = import.meta.env.VITE_APP_VERSION ?? '0.1.0';
export const KIT_VERSION_HEADER = `${SYNC_PROTOCOL_VERSION}/${KIT_APP_VERSION}`;

export interface KitIdentity {
  kitId: string;
  privateKey: CryptoKey;
  /** The CSRF token of the clerk's current session (binds each request to it). */
  csrfToken(): string | null;
}

function locale(): string {
  return document.documentElement.lang === 'en' ? 'en' : 'de';
}

/**
 * Signed requests of the kit: session cookie + CSRF header, and the device key's signature over
 * method, path, kit, body hash, session binding and version. Failures become SyncTransportError:
 * network and 5xx are worth retrying; refusals (revoked, version skew, signed out) are not.
 */
export async function kitRequest<T>(
  identity: KitIdentity,
  method: string,
  path: string,
  body?: unknown | Uint8Array,
): Promise<T> {
  const csrf = identity.csrfToken();
  if (!csrf) throw new SyncTransportError('refused', 'AUTH_REQUIRED', 401);
  const isBytes = body instanceof Uint8Array;
  const text = body === undefined || isBytes ? undefined : JSON.stringify(body);
  const timestamp = new Date().toISOString();
  const nonce = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
  const signature = await signRequest(identity.privateKey, {
    method,
    path,
    kitId: identity.kitId,
    timestamp,
    nonce,
    bodyHash: isBytes ? UNSIGNED_BODY : await bodyHash(text ?? ''),
    sessionBinding: csrf,
    version: KIT_VERSION_HEADER,
  });
  const headers: Record<string, string> = {
    accept: 'application/json',
    'accept-language': locale(),
    'x-csrf-token': csrf,
    [KIT_HEADER.kitId]: identity.kitId,
    [KIT_HEADER.timestamp]: timestamp,
    [KIT_HEADER.nonce]: nonce,
    [KIT_HEADER.signature]: signature,
    [KIT_HEADER.version]: KIT_VERSION_HEADER,
  };
  if (isBytes) headers['content-type'] = 'application/octet-stream';
  else if (text !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: isBytes ? (body as BodyInit) : text,
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (error) {
    reportReachable(false);
    throw new SyncTransportError('network', 'NETWORK_ERROR', 0, String(error));
  }
  reportReachable(true);
  let data: any = null;
  try {
    data = (response.headers.get('content-type') ?? '').includes('json') ? await response.json() : null;
  } catch {
    // a cut connection can leave half a body
    if (response.ok) throw new SyncTransportError('network', 'BODY_CUT', response.status);
  }
  if (response.ok) return data as T;
  const code = String(data?.code ?? `HTTP_${response.status}`);
  const detail = String(data?.detail ?? '');
  if (response.status >= 500 || response.status === 429)
    throw new SyncTransportError('server', code, response.status, detail);
  const error = new SyncTransportError('refused', code, response.status, detail);
  (error as SyncTransportError & { body?: unknown }).body = data;
  throw error;
}

export class HttpSyncTransport implements SyncTransport {
  constructor(private readonly identity: KitIdentity) {}

  uploadStatus(ref: AttachmentRef): Promise<UploadStatus> {
    return kitRequest(this.identity, 'GET', `/api/kit/uploads/${ref.sha256}?size=${ref.size}`);
  }

  async uploadChunk(ref: AttachmentRef, offset: number, bytes: Uint8Array): Promise<UploadStatus> {
    const path = `/api/kit/uploads/${ref.sha256}?size=${ref.size}&offset=${offset}&mime=${encodeURIComponent(ref.mime)}`;
    try {
      return await kitRequest<UploadStatus>(this.identity, 'PUT', path, bytes);
    } catch (error) {
      if (error instanceof SyncTransportError && error.code === 'KIT_UPLOAD_OFFSET') {
        const received = Number(
          (error as SyncTransportError & { body?: { received?: number } }).body?.received,
        );
        if (Number.isFinite(received))
          return { sha256: ref.sha256, size: ref.size, received, complete: false };
      }
      if (error instanceof SyncTransportError && error.code === 'KIT_UPLOAD_HASH_MISMATCH')
        throw new SyncTransportError('server', error.code, error.status);
      throw error;
    }
  }

  push(request: PushRequest): Promise<PushResponse & { missingAttachments?: string[] }> {
    return kitRequest(this.identity, 'POST', '/api/kit/push', request);
  }

  pull(request: PullRequest): Promise<PullResponse> {
    return kitRequest(this.identity, 'POST', '/api/kit/pull', request);
  }
}
