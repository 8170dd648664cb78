import { randomBytes, webcrypto } from 'node:crypto';
import { uuidv7 } from '../../../core/ids';
import type { PullResponse, PushResponse, SyncCommand } from '../../../core/sync/protocol';
import { SYNC_PROTOCOL_VERSION } from '../../../core/sync/protocol';
import { canonicalRequest, KIT_HEADER, toBase64Url } from '../../../core/sync/request-signature';
import type { Agent } from '../../test/test-app';

/**
 * A paired kit for integration tests: registered by a coordinator, enrolled with a fresh
 * non-extractable key pair, and requests signed like the browser signs them.
 */
const subtle = webcrypto.subtle;

export interface TestKit {
  kitId: string;
  prefix: string;
  /** A signed request as the kit sends it, bound to the clerk's session. */
  request(method: 'GET' | 'POST', url: string, body?: unknown): ReturnType<Agent['inject']>;
  /** Queues commands with the next seqs (as the kit's outbox does) and pushes them. */
  push(
    commands: { type: string; payload: unknown; baseVersion?: number; createdAt?: string }[],
  ): Promise<PushResponse>;
  pull(cursor: number, limit?: number): Promise<PullResponse>;
  /** Pulls every page after `cursor`; returns the changes and the new cursor. */
  pullAll(cursor: number): Promise<{ changes: PullResponse['changes']; cursor: number }>;
}

export async function enrolTestKit(
  coordinator: Agent,
  clerk: Agent,
  input: { name?: string; municipalityIds: string[]; locationIds?: string[] },
): Promise<TestKit> {
  const created = await coordinator.post('/api/kits', {
    name: input.name ?? `Prüfkoffer ${randomBytes(3).toString('hex')}`,
    municipalityIds: input.municipalityIds,
    locationIds: input.locationIds ?? [],
  });
  if (created.statusCode !== 201) throw new Error(`kit not registered: ${created.body}`);
  const keys = (await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const enrolled = await clerk.post('/api/kit/enrol', {
    pairingCode: created.json().pairingCode,
    publicKey: await subtle.exportKey('jwk', keys.publicKey),
    softwareVersion: 'test',
  });
  if (enrolled.statusCode !== 200) throw new Error(`kit not enrolled: ${enrolled.body}`);
  const kitId: string = enrolled.json().kit.id;
  const prefix: string = enrolled.json().kit.prefix;
  let seq = 0;

  const request = async (method: 'GET' | 'POST', url: string, body?: unknown) => {
    const text = body === undefined ? '' : JSON.stringify(body);
    const version = `${SYNC_PROTOCOL_VERSION}/test`;
    const timestamp = new Date().toISOString();
    const nonce = randomBytes(8).toString('hex');
    const bodyHash = toBase64Url(
      new Uint8Array(await subtle.digest('SHA-256', new TextEncoder().encode(text))),
    );
    const canonical = canonicalRequest({
      method,
      path: url,
      kitId,
      timestamp,
      nonce,
      bodyHash,
      sessionBinding: clerk.csrf!,
      version,
    });
    const signature = toBase64Url(
      new Uint8Array(
        await subtle.sign(
          { name: 'ECDSA', hash: 'SHA-256' },
          keys.privateKey,
          new TextEncoder().encode(canonical),
        ),
      ),
    );
    return clerk.inject({
      method,
      url,
      ...(body === undefined ? {} : { payload: text }),
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        [KIT_HEADER.kitId]: kitId,
        [KIT_HEADER.timestamp]: timestamp,
        [KIT_HEADER.nonce]: nonce,
        [KIT_HEADER.signature]: signature,
        [KIT_HEADER.version]: version,
      },
    });
  };

  const pull = async (cursor: number, limit?: number) => {
    const res = await request('POST', '/api/kit/pull', { cursor, ...(limit ? { limit } : {}) });
    if (res.statusCode !== 200) throw new Error(`pull failed: ${res.body}`);
    return res.json() as PullResponse;
  };

  return {
    kitId,
    prefix,
    request,
    async push(commands) {
      const wire: SyncCommand[] = commands.map((c) => ({
        id: uuidv7(),
        kitId,
        seq: ++seq,
        type: c.type,
        payload: c.payload,
        ...(c.baseVersion !== undefined ? { baseVersion: c.baseVersion } : {}),
        clerkId: clerk.userId!,
        createdAt: c.createdAt ?? new Date().toISOString(),
      }));
      const res = await request('POST', '/api/kit/push', {
        commands: wire,
        ackedSeq: seq - wire.length,
        pendingCount: wire.length,
        kitTime: new Date().toISOString(),
      });
      if (res.statusCode !== 200) throw new Error(`push failed: ${res.body}`);
      return res.json() as PushResponse;
    },
    pull,
    async pullAll(cursor) {
      const changes: PullResponse['changes'] = [];
      for (;;) {
        const page = await pull(cursor);
        changes.push(...page.changes);
        cursor = page.cursor;
        if (!page.more) return { changes, cursor };
      }
    },
  };
}
