import { randomBytes, webcrypto } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../core/ids';
import { SYNC_PROTOCOL_VERSION } from '../../../core/sync/protocol';
import { canonicalRequest, KIT_HEADER, toBase64Url } from '../../../core/sync/request-signature';
import { type Agent, createTestApp, type TestApp } from '../../test/test-app';
import { DEMO } from '../places/demo-ids';

/** Kits over HTTP (#6): pairing, signed requests bound to kit + clerk, refusals, exactly-once push. */
let t: TestApp;
let coordinator: Agent;
let clerk: Agent;
let keys: CryptoKeyPair;
let kitId: string;
const subtle = webcrypto.subtle;

beforeAll(async () => {
  t = await createTestApp();
  coordinator = await t.login('coordinator');
  clerk = await t.login('clerk');
  keys = (await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
});
afterAll(async () => t?.close());

async function signed(
  agent: Agent,
  method: 'GET' | 'POST',
  url: string,
  body?: unknown,
  options: { version?: string; key?: CryptoKey; kit?: string; sendAs?: Agent } = {},
) {
  const text = body === undefined ? '' : JSON.stringify(body);
  const version = options.version ?? `${SYNC_PROTOCOL_VERSION}/test`;
  const timestamp = new Date().toISOString();
  const nonce = randomBytes(8).toString('hex');
  const bodyHash = toBase64Url(
    new Uint8Array(await subtle.digest('SHA-256', new TextEncoder().encode(text))),
  );
  const canonical = canonicalRequest({
    method,
    path: url,
    kitId: options.kit ?? kitId,
    timestamp,
    nonce,
    bodyHash,
    sessionBinding: agent.csrf!,
    version,
  });
  const signature = toBase64Url(
    new Uint8Array(
      await subtle.sign(
        { name: 'ECDSA', hash: 'SHA-256' },
        options.key ?? keys.privateKey,
        new TextEncoder().encode(canonical),
      ),
    ),
  );
  return (options.sendAs ?? agent).inject({
    method,
    url,
    ...(body === undefined ? {} : { payload: text }),
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      [KIT_HEADER.kitId]: options.kit ?? kitId,
      [KIT_HEADER.timestamp]: timestamp,
      [KIT_HEADER.nonce]: nonce,
      [KIT_HEADER.signature]: signature,
      [KIT_HEADER.version]: version,
    },
  });
}

describe('kits', () => {
  it('registers a kit for a coordinator only and pairs it with the one-time code (#6)', async () => {
    const forbidden = await clerk.post('/api/kits', {
      name: 'Koffer A',
      municipalityIds: [DEMO.municipalitySchoenberg],
      locationIds: [],
    });
    expect(forbidden.statusCode).toBe(403);
    const res = await coordinator.post('/api/kits', {
      name: 'Koffer A',
      municipalityIds: [DEMO.municipalitySchoenberg],
      locationIds: [DEMO.locations.gemeindeamtSchoenberg],
    });
    expect(res.statusCode).toBe(201);
    kitId = res.json().kit.id;
    const code: string = res.json().pairingCode;
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const jwk = await subtle.exportKey('jwk', keys.publicKey);

    const wrong = await clerk.post('/api/kit/enrol', {
      pairingCode: 'AAAA-BBBB-CCCC',
      publicKey: jwk,
      softwareVersion: '1',
    });
    expect(wrong.json().code).toBe('KIT_PAIRING_CODE_INVALID');
    const privateKeyJwk = { ...jwk, d: 'secret' };
    const leaked = await clerk.post('/api/kit/enrol', {
      pairingCode: code,
      publicKey: privateKeyJwk,
      softwareVersion: '1',
    });
    expect(leaked.json().code).toBe('KIT_KEY_INVALID');
    const ok = await clerk.post('/api/kit/enrol', {
      pairingCode: code.toLowerCase(),
      publicKey: jwk,
      softwareVersion: '0.1.0',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      kit: { id: kitId, status: 'active', prefix: expect.stringMatching(/^K/) },
      nextSeq: 1,
    });
    const again = await clerk.post('/api/kit/enrol', {
      pairingCode: code,
      publicKey: jwk,
      softwareVersion: '1',
    });
    expect(again.json().code).toBe('KIT_PAIRING_CODE_INVALID');
  });

  it('accepts only requests signed by the kit key and bound to the clerk’s session (#6)', async () => {
    const ok = await signed(clerk, 'GET', '/api/kit/config');
    expect(ok.statusCode).toBe(200);
    const other = (await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'sign',
    ])) as CryptoKeyPair;
    const forged = await signed(clerk, 'GET', '/api/kit/config', undefined, { key: other.privateKey });
    expect(forged.json().code).toBe('KIT_SIGNATURE_INVALID');
    // Another clerk's session cannot replay this kit's signature: the binding differs.
    const colleague = await t.login('clerk');
    const replay = await signed(clerk, 'GET', '/api/kit/config', undefined, { sendAs: colleague });
    expect(replay.json().code).toBe('KIT_SIGNATURE_INVALID');
    const skew = await signed(clerk, 'GET', '/api/kit/config', undefined, { version: '0/0.0.1' });
    expect(skew.statusCode).toBe(426);
    expect(skew.json()).toMatchObject({ code: 'KIT_VERSION_SKEW', minProtocol: 1 });
    expect(skew.json().detail).toContain('aktualisieren');
  });

  it('stores one outcome per command and answers a repeat with it (#6)', async () => {
    const command = {
      id: uuidv7(),
      kitId,
      seq: 1,
      type: 'unknown.command',
      payload: {},
      clerkId: clerk.userId!,
      createdAt: new Date().toISOString(),
    };
    const push = { commands: [command], ackedSeq: 0, pendingCount: 1, kitTime: new Date().toISOString() };
    const first = await signed(clerk, 'POST', '/api/kit/push', push);
    expect(first.statusCode).toBe(200);
    expect(first.json().results[0]).toMatchObject({
      seq: 1,
      outcome: 'rejected',
      problem: { code: 'KIT_COMMAND_UNKNOWN' },
    });
    const second = await signed(clerk, 'POST', '/api/kit/push', push);
    expect(second.json().results).toEqual(first.json().results);
    const gap = await signed(clerk, 'POST', '/api/kit/push', {
      ...push,
      commands: [{ ...command, id: uuidv7(), seq: 5 }],
    });
    expect(gap.json()).toMatchObject({ results: [], lastSeq: 1, expectedSeq: 2 });
    const rows = await t.db.selectFrom('applied_commands').selectAll().where('kit_id', '=', kitId).execute();
    expect(rows).toHaveLength(1);
    const listed = (await coordinator.get('/api/kits'))
      .json()
      .kits.find((k: { id: string }) => k.id === kitId);
    expect(listed).toMatchObject({ lastSeq: 1, outcomes: { rejected: 1 }, softwareVersion: 'test' });
  });

  it('refuses a revoked kit from its next request on and audits the revocation (#6)', async () => {
    const revoke = await coordinator.post(`/api/kits/${kitId}/revoke`, { reason: 'Laptop verloren (Test)' });
    expect(revoke.json().status).toBe('revoked');
    const refused = await signed(clerk, 'POST', '/api/kit/push', {
      commands: [],
      ackedSeq: 1,
      pendingCount: 3,
      kitTime: new Date().toISOString(),
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('KIT_REVOKED');
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'result', 'error_code'])
      .where('actor_kit_id', '=', kitId)
      .execute();
    expect(audit.some((a) => a.error_code === 'KIT_REVOKED' && a.result === 'denied')).toBe(true);
    const trail = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('resource_id', '=', kitId)
      .execute();
    expect(trail.map((a) => a.action)).toEqual(
      expect.arrayContaining(['kit.register', 'kit.enrol', 'kit.revoke']),
    );
  });
});
