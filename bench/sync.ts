/**
 * npm run bench -- sync (#6): the field kit's sync over a bad link, and its unlock and search.
 *
 * 1. A day of work — 60 cases, each with a photo of ~150 KB and a signature — synced by the real
 *    client (SyncClient) to the real server (buildApp on PGlite, signed kit requests, resumable
 *    uploads, the applier) through our fault proxy: 1 Mbit/s, 300 ms round trip, uploads cut and
 *    replies dropped after commit. Prints bytes on the wire ÷ payload bytes and sync time ÷ the
 *    link's lower bound (payload at full bandwidth + one round trip), and counts lost and
 *    duplicated cases on the server.
 * 2. Unlock and index 15,000 residents: Argon2id (m = 19 MiB, t = 2), unwrap the data key,
 *    decrypt the register buckets (AES-GCM, as the kit stores them), build the name index.
 *    WebCrypto in Node; IndexedDB reads are not part of this figure.
 * 3. Local name search over those 15,000: p95 of 1,000 searches.
 * The last line is JSON.
 */
import { randomBytes, webcrypto } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { argon2id } from 'hash-wasm';
import { sql } from 'kysely';
import { uuidv7 } from '../src/core/ids';
import { MemoryKitStore } from '../src/core/sync/memory-store';
import {
  type AttachmentRef,
  type PullRequest,
  type PullResponse,
  type PushRequest,
  type PushResponse,
  SYNC_PROTOCOL_VERSION,
  type UploadStatus,
} from '../src/core/sync/protocol';
import { canonicalRequest, KIT_HEADER, toBase64Url, UNSIGNED_BODY } from '../src/core/sync/request-signature';
import { SyncClient, type SyncTransport, SyncTransportError } from '../src/core/sync/sync-client';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { openDatabase } from '../src/server/db/connection';
import { migrateToLatest } from '../src/server/db/migrate';
import { hashToken, newToken } from '../src/server/http/auth';
import { registerKitCommandHandler } from '../src/server/modules/kits/handlers';
import { DEMO } from '../src/server/modules/places/demo-ids';
import { NAME_VOCABULARY } from '../src/server/modules/register/generator';
import { seedDatabase } from '../src/server/seed/seed';
import {
  aadOf,
  importDataKey,
  open,
  openBytes,
  seal,
  sealBytes,
} from '../src/web/koffer/crypto/record-cipher';
import { PersonIndex } from '../src/web/koffer/storage/person-index';
import { startFaultProxy } from '../test/e2e/support/fault-proxy';

const CASES = Number(process.env.BENCH_SYNC_CASES ?? 60);
const PHOTO_BYTES = 150 * 1024;
const SIGNATURE_BYTES = 9 * 1024;
const LINK_BITS = 1_000_000;
const RTT_MS = 300;
const RESIDENTS = 15_000;
const subtle = webcrypto.subtle;

// ---- 1. A day of work over a bad link --------------------------------------------------------
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-bench-sync-'));
const database = await openDatabase({});
await migrateToLatest(database.db);
await seedDatabase(database.db, { seedDemo: false });
await sql`create table bench_cases (id uuid primary key, command_id uuid not null, form jsonb not null)`.execute(
  database.db,
);
registerKitCommandHandler('bench.case', {
  async apply(p: { caseId: string; form: unknown }, ctx) {
    await sql`insert into bench_cases (id, command_id, form) values (${p.caseId}, ${ctx.command.id}, ${JSON.stringify(p.form)}::jsonb)`.execute(
      ctx.trx,
    );
    return { caseNumber: `${ctx.kit.prefix}-${ctx.command.seq}` };
  },
});

const clerkId = uuidv7();
await database.db
  .insertInto('staff_users')
  .values({
    id: clerkId,
    authority_id: DEMO.authorityMeerane,
    username: 'bench.clerk',
    display_name: 'Bench Sachbearbeitung (fiktiv)',
    email: null,
    roles: ['clerk'],
    password_hash: 'x',
    must_change_password: false,
    password_changed_at: new Date(),
    totp_secret: null,
    totp_enabled: false,
    totp_last_step: null,
    locked_until: null,
    disabled_at: null,
    last_login_at: null,
  })
  .execute();
const sessionToken = newToken();
const csrf = newToken(24);
await database.db
  .insertInto('staff_sessions')
  .values({
    id: uuidv7(),
    authority_id: DEMO.authorityMeerane,
    user_id: clerkId,
    token_hash: hashToken(sessionToken),
    csrf_token: csrf,
    stage: 'active',
    absolute_expires_at: new Date(Date.now() + 3_600_000),
    revoked_at: null,
    user_agent: 'bench',
  })
  .execute();
const keys = (await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
  'sign',
  'verify',
])) as CryptoKeyPair;
const jwk = await subtle.exportKey('jwk', keys.publicKey);
const kitId = uuidv7();
await database.db
  .insertInto('kits')
  .values({
    id: kitId,
    authority_id: DEMO.authorityMeerane,
    name: 'Bench-Koffer',
    prefix: 'KB',
    municipality_ids: [DEMO.municipalitySchoenberg],
    location_ids: [],
    status: 'active',
    pairing_code_hash: null,
    pairing_expires_at: null,
    public_key: JSON.stringify({ kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }),
    key_fingerprint: 'bench',
    enrolled_at: new Date(),
    enrolled_by: clerkId,
    revoked_at: null,
    revoked_by: null,
    revoke_reason: null,
    last_sync_at: null,
    last_seen_at: null,
    last_error: null,
    pending_commands: null,
    software_version: null,
    clock_offset_ms: null,
    created_by: clerkId,
    updated_at: new Date(),
  })
  .execute();

const config = {
  ...loadConfig({ PORT: '0', LOG_LEVEL: 'silent', JOBS_ENABLED: 'false', BUILD_WEB_ON_START: 'false' }),
  dataDir,
  loginRateLimitPerMinute: 10_000,
};
const app = await buildApp(config, database);
const serverUrl = (await app.listen({ port: 0, host: '127.0.0.1' })).replace('127.0.0.1', 'localhost');
let cuts = 0;
let drops = 0;
const proxy = await startFaultProxy({
  target: serverUrl,
  bitsPerSecond: LINK_BITS,
  roundTripMs: RTT_MS,
  // With drops: a few uploads break half-way, a few answers get lost after the server committed.
  plan: ({ method, url, index }) => {
    if (method === 'PUT' && url.startsWith('/api/kit/uploads') && index % 23 === 5 && cuts < 4) {
      cuts++;
      return { kind: 'cut', afterBytes: 64 * 1024 };
    }
    if (url === '/api/kit/push' && drops < 2 && index % 2 === 0) {
      drops++;
      return { kind: 'dropReply' };
    }
    return { kind: 'pass' };
  },
});

const versionHeader = `${SYNC_PROTOCOL_VERSION}/bench`;
async function kitFetch<T>(method: string, pathAndQuery: string, body?: unknown): Promise<T> {
  const isBytes = body instanceof Uint8Array;
  const text = body === undefined || isBytes ? undefined : JSON.stringify(body);
  const timestamp = new Date().toISOString();
  const nonce = randomBytes(12).toString('hex');
  const bodyHash = isBytes
    ? UNSIGNED_BODY
    : toBase64Url(new Uint8Array(await subtle.digest('SHA-256', new TextEncoder().encode(text ?? ''))));
  const canonical = canonicalRequest({
    method,
    path: pathAndQuery,
    kitId,
    timestamp,
    nonce,
    bodyHash,
    sessionBinding: csrf,
    version: versionHeader,
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
  let response: Response;
  try {
    response = await fetch(`${process.env.BENCH_NO_PROXY ? serverUrl : proxy.url}${pathAndQuery}`, {
      method,
      headers: {
        cookie: `bk_session=${sessionToken}`,
        'x-csrf-token': csrf,
        [KIT_HEADER.kitId]: kitId,
        [KIT_HEADER.timestamp]: timestamp,
        [KIT_HEADER.nonce]: nonce,
        [KIT_HEADER.signature]: signature,
        [KIT_HEADER.version]: versionHeader,
        ...(isBytes
          ? { 'content-type': 'application/octet-stream' }
          : text
            ? { 'content-type': 'application/json' }
            : {}),
      },
      body: isBytes ? Buffer.from(body as Uint8Array) : text,
    });
  } catch (error) {
    throw new SyncTransportError('network', 'NETWORK_ERROR', 0, String(error));
  }
  const data = (await response.json().catch(() => null)) as any;
  if (process.env.BENCH_VERBOSE)
    console.log(
      `  ${method} ${pathAndQuery.slice(0, 50)} → ${response.status} ${JSON.stringify(data).slice(0, 160)}`,
    );
  if (response.ok) return data as T;
  if (response.status === 409 && data?.code === 'KIT_UPLOAD_OFFSET') return { received: data.received } as T;

  throw new SyncTransportError(
    response.status >= 500 ? 'server' : 'refused',
    String(data?.code),
    response.status,
  );
}

const transport: SyncTransport = {
  uploadStatus: (ref: AttachmentRef) =>
    kitFetch<UploadStatus>('GET', `/api/kit/uploads/${ref.sha256}?size=${ref.size}`),
  uploadChunk: async (ref, offset, bytes) => {
    const r = await kitFetch<UploadStatus>(
      'PUT',
      `/api/kit/uploads/${ref.sha256}?size=${ref.size}&offset=${offset}&mime=${encodeURIComponent(ref.mime)}`,
      bytes,
    );
    return r.sha256 ? r : { sha256: ref.sha256, size: ref.size, received: r.received, complete: false };
  },
  push: (request: PushRequest) => kitFetch<PushResponse>('POST', '/api/kit/push', request),
  pull: (request: PullRequest) => kitFetch<PullResponse>('POST', '/api/kit/pull', request),
};

const store = new MemoryKitStore();
let payloadBytes = 0;
for (let i = 0; i < CASES; i++) {
  const photo = new Uint8Array(randomBytes(PHOTO_BYTES));
  const signature = new Uint8Array(randomBytes(SIGNATURE_BYTES));
  const sha = async (b: Uint8Array) => Buffer.from(await subtle.digest('SHA-256', b)).toString('hex');
  const photoRef = { sha256: await sha(photo), size: photo.length, mime: 'image/jpeg' };
  const signatureRef = { sha256: await sha(signature), size: signature.length, mime: 'image/png' };
  const caseId = uuidv7();
  const payload = {
    caseId,
    form: {
      reason: 'expiry',
      heightCm: 150 + (i % 40),
      eyeColour: 'brown',
      photoSource: 'office',
      pickupAt: 'office_day',
      photo: photoRef.sha256,
      signature: signatureRef.sha256,
      note: `Fiktiver Antrag ${i + 1} für den Lasttest`,
    },
  };
  const command = {
    id: uuidv7(),
    kitId,
    type: 'bench.case',
    payload,
    clerkId,
    createdAt: new Date().toISOString(),
    attachments: [
      { ref: photoRef, bytes: photo },
      { ref: signatureRef, bytes: signature },
    ],
  };
  payloadBytes += photo.length + signature.length + JSON.stringify(payload).length;
  await store.enqueue(command);
}

let lastLog = 0;
const client = new SyncClient(store, transport, {
  attempts: 6,
  retryDelayMs: 200,
  uploadConcurrency: 4,
  onProgress: (p) => {
    if (process.env.BENCH_VERBOSE && Date.now() - lastLog > 2000) {
      lastLog = Date.now();
      console.log(
        `  ${p.phase}: ${(p.uploadedBytes / 1024).toFixed(0)} of ${(p.uploadTotalBytes / 1024).toFixed(0)} KiB, ${p.pushed} pushed`,
      );
    }
  },
});
const started = performance.now();
for (let run = 0; run < 10 && (await store.pendingCount()) > 0; run++) {
  try {
    await client.sync();
  } catch (error) {
    if (!(error instanceof SyncTransportError) || error.kind === 'refused') throw error;
  }
}
const syncMs = performance.now() - started;
const linkBoundMs = (payloadBytes * 8 * 1000) / LINK_BITS + RTT_MS;
const wireBytes = proxy.stats.bytesUp + proxy.stats.bytesDown;
const rows = await sql<{ n: number; distinct_commands: number }>`
  select count(*)::int as n, count(distinct command_id)::int as distinct_commands from bench_cases`.execute(
  database.db,
);
const applied = rows.rows[0]!;
const lost = CASES - applied.distinct_commands;
const duplicated = applied.n - applied.distinct_commands;
console.log(
  `day of work: ${CASES} cases, ${(payloadBytes / 1024 / 1024).toFixed(2)} MiB payload, ${(wireBytes / 1024 / 1024).toFixed(2)} MiB on the wire, ` +
    `${(syncMs / 1000).toFixed(1)} s (link bound ${(linkBoundMs / 1000).toFixed(1)} s at 1 Mbit/s, 300 ms RTT), ` +
    `${proxy.stats.cut} uploads cut, ${proxy.stats.droppedReplies} replies dropped, pending ${await store.pendingCount()}`,
);
await proxy.close();
await app.close();
await database.close();
fs.rmSync(dataDir, { recursive: true, force: true });

// ---- 2. Unlock and index 15,000 residents ------------------------------------------------------
// The generator's common German names (with umlauts, double names), so the local search sees
// the same kind of register as the server's.
const FAMILY = NAME_VOCABULARY.family;
const GIVEN = NAME_VOCABULARY.given;
const buckets = new Map<number, { id: string; version: number; data: unknown }[]>();
for (let i = 0; i < RESIDENTS; i++) {
  const id = uuidv7();
  const person = {
    familyName: FAMILY[i % FAMILY.length]!,
    givenNames: `${GIVEN[(i * 7) % GIVEN.length]!} ${GIVEN[(i * 13) % GIVEN.length]!}`,
    birthName: i % 9 === 0 ? FAMILY[(i * 3) % FAMILY.length]! : null,
    birthDate: `${1930 + (i % 90)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    nationalities: ['DE'],
    residences: [
      {
        kind: 'sole',
        movedInOn: '2001-05-01',
        address: {
          street: 'Dorfstraße',
          houseNumber: String(1 + (i % 200)),
          postalCode: '08393',
          city: 'Schönberg',
        },
      },
    ],
    blocks: [],
    idDocuments: [{ kind: 'id_card', validUntil: '2031-01-01', status: 'valid' }],
    version: 1,
  };
  const b = i % 64;
  const list = buckets.get(b) ?? [];
  list.push({ id, version: 1, data: person });
  buckets.set(b, list);
}
const kekSalt = new Uint8Array(randomBytes(16));
const pin = 'Sprechtag-2026';
const kdf = (secret: string, salt: Uint8Array) =>
  argon2id({
    password: secret,
    salt,
    parallelism: 1,
    iterations: 2,
    memorySize: 19 * 1024,
    hashLength: 32,
    outputType: 'binary',
  });
const rawDataKey = new Uint8Array(randomBytes(32));
const wrapped = await sealBytes(
  await importDataKey(await kdf(pin, kekSalt)),
  aadOf('vault', `${kitId}/${clerkId}`),
  rawDataKey,
);
const setupKey = await importDataKey(rawDataKey);
const sealedBuckets = await Promise.all(
  [...buckets.entries()].map(async ([b, items]) => ({
    id: `person/${b}`,
    sealed: await seal(setupKey, 'replica', `person/${b}`, { entity: 'person', items }),
  })),
);
const unlockStart = performance.now();
const kek = await importDataKey(await kdf(pin, kekSalt));
const dataKey = await importDataKey(await openBytes(kek, aadOf('vault', `${kitId}/${clerkId}`), wrapped));
const opened = await Promise.all(
  sealedBuckets.map((b) =>
    open<{ items: { id: string; data: never }[] }>(dataKey, 'replica', b.id, b.sealed),
  ),
);
const index = PersonIndex.build(opened.flatMap((o) => o.items.map((i) => ({ id: i.id, data: i.data }))));
const unlockIndexMs = performance.now() - unlockStart;
console.log(
  `unlock and index: ${index.size} residents in ${unlockIndexMs.toFixed(0)} ms (Argon2id m=19 MiB t=2, AES-GCM, index)`,
);

// ---- 3. Local name search ---------------------------------------------------------------------
const times: number[] = [];
for (let i = 0; i < 1000; i++) {
  const family = FAMILY[(i * 11) % FAMILY.length]!;
  const query =
    i % 3 === 0
      ? family.slice(0, 4)
      : i % 3 === 1
        ? `${family.replace('ü', 'ue').replace('ö', 'oe').replace('ä', 'ae')} ${GIVEN[i % GIVEN.length]}`
        : `${family} ${1 + (i % 28)}.${1 + (i % 12)}.${1930 + (i % 90)}`;
  const t0 = performance.now();
  index.search(query, 20);
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const p95 = times[Math.floor(times.length * 0.95)]!;
console.log(
  `local name search: p50 ${times[500]!.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms over ${RESIDENTS} residents`,
);

console.log(
  JSON.stringify({
    wire_over_payload: Number((wireBytes / payloadBytes).toFixed(3)),
    time_over_link_bound: Number((syncMs / linkBoundMs).toFixed(3)),
    lost,
    duplicated,
    unlock_index_ms: Math.round(unlockIndexMs),
    local_search_p95_ms: Number(p95.toFixed(3)),
  }),
);
process.exit(0);
