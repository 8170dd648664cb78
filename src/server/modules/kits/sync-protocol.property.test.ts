import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../core/ids';
import { MemoryKitStore } from '../../../core/sync/memory-store';
import type { AttachmentRef, CommandResult, PullRequest, PushRequest } from '../../../core/sync/protocol';
import { SyncClient, type SyncTransport, SyncTransportError } from '../../../core/sync/sync-client';
import type { Db } from '../../db/database';
import { AppError } from '../../http/errors';
import { createTestDatabase } from '../../test/test-db';
import { applyPush, type CommandHandlers, conflictError } from './apply-commands';
import { type KitScope, pullChanges, recordChanges, registerEntityProvider, scope } from './changes';
import { KitUploadStore } from './uploads';

/**
 * Model-based property test of the sync protocol (#6): the real client (SyncClient + the
 * reference store) against the real server applier and change feed on PGlite/PostgreSQL, through
 * a transport that drops requests, loses replies after the server committed, delivers twice,
 * replays old requests late (reordering), answers 5xx, cuts uploads mid-chunk, and a client that
 * crashes mid-sync and reopens on what it had stored. After healing, every command is applied
 * exactly once or visibly rejected/conflicted, and the replica equals the server's view.
 *
 * Test records: items with a value; `item.add` is NOT idempotent, so a double application shows.
 */
const RUNS = Number(process.env.SYNC_PROPERTY_RUNS ?? 1000);

let db: Db;
let close: () => Promise<void>;
let uploads: KitUploadStore;
let uploadDir: string;
const AUTHORITY = '01900000-0000-7000-8000-00000000a001';
// Each schedule gets municipalities of its own, so earlier schedules' records are out of its scope.
let HOME = '';
let ELSEWHERE = '';
const CLERK = '01900000-0000-7000-8000-00000000a201';

const handlers: CommandHandlers = {
  'item.create': {
    schema: Type.Object(
      {
        id: Type.String({ format: 'uuid' }),
        value: Type.Integer(),
        photo: Type.Optional(Type.Object({ sha256: Type.String() })),
      },
      { additionalProperties: false },
    ),
    async apply(p: { id: string; value: number }, ctx) {
      if (p.value < 0) throw new AppError('VALIDATION_FAILED', {}, [{ path: '/value', code: 'minimum' }]);
      await ctx.trx
        .insertInto('prop_items' as never)
        .values({
          id: p.id,
          authority_id: ctx.kit.authorityId,
          municipality_id: HOME,
          value: p.value,
          version: 1,
        } as never)
        .execute();
      await ctx.recordChanges([{ entity: 'prop_item', entityId: p.id, scopes: [scope.municipality(HOME)] }]);
      return { itemNumber: `${ctx.kit.prefix}-${ctx.command.seq}` };
    },
  },
  'item.add': {
    schema: Type.Object({ id: Type.String(), delta: Type.Integer() }, { additionalProperties: false }),
    async apply(p: { id: string; delta: number }, ctx) {
      const row = await sql<{ value: number; version: number; municipality_id: string }>`
        select value, version, municipality_id from prop_items where id = ${p.id} for update`.execute(
        ctx.trx,
      );
      const item = row.rows[0];
      if (!item) throw new AppError('NOT_FOUND');
      if (ctx.command.baseVersion !== undefined && item.version !== ctx.command.baseVersion)
        throw conflictError(item.version, ctx.command.baseVersion, { value: item.value });
      await sql`update prop_items set value = value + ${p.delta}, version = version + 1 where id = ${p.id}`.execute(
        ctx.trx,
      );
      await ctx.recordChanges([
        { entity: 'prop_item', entityId: p.id, scopes: [scope.municipality(item.municipality_id)] },
      ]);
      return { version: item.version + 1 };
    },
  },
};

beforeAll(async () => {
  const handle = await createTestDatabase('empty');
  db = handle.db;
  close = () => handle.close();
  // tmpfs where there is one: the test is about the protocol, not the disk's fsync.
  uploadDir = fs.mkdtempSync(path.join(fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'bk-kit-prop-'));
  uploads = new KitUploadStore(uploadDir);
  await sql`
    insert into authorities (id, authority_id, name, short_name, kind, street, postal_code, city)
    values (${AUTHORITY}, ${AUTHORITY}, 'Testbehörde (fiktiv)', 'Test', 'lead_municipality', 'Weg 1', '00000', 'Testort');
    `.execute(db);
  await sql`
    insert into staff_users (id, authority_id, username, display_name, roles, password_hash)
    values (${CLERK}, ${AUTHORITY}, 'prop.clerk', 'Prüf Sachbearbeitung (fiktiv)', array['clerk'], 'x')`.execute(
    db,
  );
  await sql`create table prop_items (id uuid primary key, authority_id uuid not null, municipality_id uuid not null,
    value integer not null, version integer not null)`.execute(db);
  registerEntityProvider('prop_item', async (executor, ids, kit) => {
    const rows = await sql<{ id: string; value: number; version: number; municipality_id: string }>`
      select id, value, version, municipality_id from prop_items where id = any(${ids}::uuid[])`.execute(
      executor,
    );
    const out = new Map<string, unknown | null>();
    for (const r of rows.rows)
      out.set(
        r.id,
        kit.municipalityIds.includes(r.municipality_id) ? { value: r.value, version: r.version } : null,
      );
    return out;
  });
}, 120_000);

afterAll(async () => {
  await close?.();
  if (uploadDir) fs.rmSync(uploadDir, { recursive: true, force: true });
});

// ---- The schedule ---------------------------------------------------------------------------

type Fault =
  | 'none'
  | 'drop'
  | 'lostReply'
  | 'duplicate'
  | 'error5xx'
  | 'hold'
  | 'cut'
  | 'crashBefore'
  | 'crashAfter';

type Action =
  | { kind: 'create'; value: number; withPhoto: boolean }
  | { kind: 'add'; pick: number; delta: number; useBase: boolean }
  | { kind: 'sync'; faults: Fault[] }
  | { kind: 'desk'; pick: number; delta: number; move: boolean }
  | { kind: 'replay'; pick: number };

const faultArb = fc.constantFrom<Fault>(
  'none',
  'none',
  'none',
  'drop',
  'lostReply',
  'duplicate',
  'error5xx',
  'hold',
  'cut',
  'crashBefore',
  'crashAfter',
);

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('create' as const),
      value: fc.integer({ min: -3, max: 20 }),
      withPhoto: fc.boolean(),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('add' as const),
      pick: fc.nat(),
      delta: fc.integer({ min: 1, max: 9 }),
      useBase: fc.boolean(),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('sync' as const),
      faults: fc.array(faultArb, { maxLength: 6 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('desk' as const),
      pick: fc.nat(),
      delta: fc.integer({ min: 1, max: 9 }),
      move: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('replay' as const), pick: fc.nat() }) },
);

class CrashSignal extends Error {}

/** In-process transport to the real server functions, with faults taken from a plan. */
class FaultyTransport implements SyncTransport {
  faults: Fault[] = [];
  held: (() => Promise<unknown>)[] = [];
  constructor(
    private readonly kit: KitScope & { prefix: string },
    private readonly stats: { calls: number },
  ) {}

  private next(): Fault {
    return this.faults.shift() ?? 'none';
  }

  private async call<T>(run: () => Promise<T>, cut?: () => Promise<T>): Promise<T> {
    this.stats.calls++;
    const fault = this.next();
    switch (fault) {
      case 'drop':
        throw new SyncTransportError('network', 'DROPPED');
      case 'error5xx':
        throw new SyncTransportError('server', 'HTTP_503', 503);
      case 'crashBefore':
        throw new CrashSignal('crash before send');
      case 'lostReply':
        await run().catch(() => {});
        throw new SyncTransportError('network', 'REPLY_LOST');
      case 'crashAfter':
        await run().catch(() => {});
        throw new CrashSignal('crash after the server committed');
      case 'duplicate': {
        await run().catch(() => {});
        return run();
      }
      case 'hold':
        this.held.push(run);
        return run();
      case 'cut':
        if (cut) return cut();
        throw new SyncTransportError('network', 'CUT');
      default:
        return run();
    }
  }

  async replay(pick: number) {
    if (this.held.length === 0) return;
    const [run] = this.held.splice(pick % this.held.length, 1);
    await run!().catch(() => {});
  }

  uploadStatus(ref: AttachmentRef) {
    return this.call(() => uploads.status(db, this.kit.authorityId, ref.sha256, ref.size));
  }

  uploadChunk(ref: AttachmentRef, offset: number, bytes: Uint8Array) {
    const send = (body: Readable) =>
      uploads
        .append(db, {
          authorityId: this.kit.authorityId,
          kitId: this.kit.kitId,
          sha256: ref.sha256,
          size: ref.size,
          mime: ref.mime,
          offset,
          maxChunkBytes: 1 << 20,
          body,
        })
        .catch((error) => {
          if (error instanceof AppError) throw new SyncTransportError('server', error.code, error.status);
          throw error;
        });
    return this.call(
      () => send(Readable.from([Buffer.from(bytes)])),
      async () => {
        // The connection breaks after part of the chunk went through.
        const part = Buffer.from(bytes.subarray(0, Math.floor(bytes.length / 2)));
        const broken = new Readable({
          read() {
            this.push(part);
            this.destroy(new Error('connection reset'));
          },
        });
        await send(broken).catch(() => {});
        throw new SyncTransportError('network', 'CUT');
      },
    );
  }

  push(request: PushRequest) {
    const frozen = structuredClone(request);
    return this.call(() =>
      applyPush(
        {
          db,
          handlers,
          kitId: this.kit.kitId,
          sentBy: { userId: CLERK, username: 'prop.clerk' },
          missingAttachments: (trx, authorityId, hashes) => uploads.missing(trx, authorityId, hashes),
        },
        structuredClone(frozen),
      ),
    );
  }

  pull(request: PullRequest) {
    return this.call(() => pullChanges(db, this.kit, request.cursor, request.limit ?? 5));
  }
}

let kitCounter = 0;
async function newKit(): Promise<KitScope & { prefix: string }> {
  const id = uuidv7();
  HOME = uuidv7();
  ELSEWHERE = uuidv7();
  const prefix = `KP${(++kitCounter).toString(36).toUpperCase().padStart(2, '0')}`;
  await sql`
    insert into kits (id, authority_id, name, prefix, municipality_ids, location_ids, status, public_key, updated_at)
    values (${id}, ${AUTHORITY}, ${`Prüfkoffer ${id}`}, ${prefix}, ${[HOME]}::uuid[], '{}', 'active', '{}'::jsonb, now())`.execute(
    db,
  );
  return { kitId: id, authorityId: AUTHORITY, municipalityIds: [HOME], locationIds: [], prefix };
}

async function deskEdit(itemId: string, delta: number, move: boolean): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const row = await sql<{ municipality_id: string }>`
      select municipality_id from prop_items where id = ${itemId} for update`.execute(trx);
    const from = row.rows[0]?.municipality_id;
    if (!from) return false;
    const to = move ? (from === HOME ? ELSEWHERE : HOME) : from;
    await sql`update prop_items set value = value + ${delta}, version = version + 1, municipality_id = ${to}
      where id = ${itemId}`.execute(trx);
    await recordChanges(trx, [
      {
        entity: 'prop_item',
        entityId: itemId,
        authorityId: AUTHORITY,
        scopes: [scope.municipality(from), scope.municipality(to)],
      },
    ]);
    return true;
  });
}

function photoBytes(seed: number): Uint8Array {
  const bytes = new Uint8Array(700 + (seed % 900));
  for (let i = 0; i < bytes.length; i++) bytes[i] = (seed * 31 + i * 7) & 0xff;
  return bytes;
}

async function runSchedule(actions: Action[]) {
  const kit = await newKit();
  const store = new MemoryKitStore();
  const stats = { calls: 0 };
  const transport = new FaultyTransport(kit, stats);
  const options = {
    attempts: 2,
    retryDelayMs: 0,
    sleep: async () => {},
    chunkBytes: 512,
    pushBatch: 4,
    pullLimit: 3,
  };
  let client = new SyncClient(store, transport, options);
  let crashes = 0;
  const created: { id: string; value: number }[] = [];
  const deskDeltas = new Map<string, number>();
  const deskEdits = new Map<string, number>();
  let photoSeed = 1;

  const sync = async () => {
    try {
      await client.sync();
    } catch (error) {
      if (error instanceof CrashSignal) {
        crashes++;
        client = new SyncClient(store, transport, options); // reopen on what was stored
      } else if (!(error instanceof SyncTransportError)) throw error;
    }
  };

  for (const action of actions) {
    switch (action.kind) {
      case 'create': {
        const id = uuidv7();
        created.push({ id, value: action.value });
        let attachments: { ref: AttachmentRef; bytes: Uint8Array }[] = [];
        let payload: Record<string, unknown> = { id, value: action.value };
        if (action.withPhoto) {
          const bytes = photoBytes(photoSeed++);
          const sha256 = createHash('sha256').update(bytes).digest('hex');
          attachments = [{ ref: { sha256, size: bytes.length, mime: 'image/jpeg' }, bytes }];
          payload = { ...payload, photo: { sha256 } };
        }
        await store.enqueue({
          id: uuidv7(),
          kitId: kit.kitId,
          type: 'item.create',
          payload,
          clerkId: CLERK,
          createdAt: new Date().toISOString(),
          attachments,
        });
        break;
      }
      case 'add': {
        if (created.length === 0) break;
        const target = created[action.pick % created.length]!;
        const local = store.records('prop_item').find((r) => r.id === target.id);
        await store.enqueue({
          id: uuidv7(),
          kitId: kit.kitId,
          type: 'item.add',
          payload: { id: target.id, delta: action.delta },
          baseVersion: action.useBase ? (local?.version ?? 1) : undefined,
          clerkId: CLERK,
          createdAt: new Date().toISOString(),
        });
        break;
      }
      case 'sync':
        transport.faults = [...action.faults];
        await sync();
        break;
      case 'desk': {
        if (created.length === 0) break;
        const target = created[action.pick % created.length]!;
        if (!(await deskEdit(target.id, action.delta, action.move))) break;
        deskDeltas.set(target.id, (deskDeltas.get(target.id) ?? 0) + action.delta);
        deskEdits.set(target.id, (deskEdits.get(target.id) ?? 0) + 1);
        break;
      }
      case 'replay':
        await transport.replay(action.pick);
        break;
    }
  }

  // Heal: the network comes back; the clerk syncs until nothing is pending (bounded).
  transport.faults = [];
  for (let i = 0; i < 5 && ((await store.pendingCount()) > 0 || i === 0); i++) await sync();
  await sync(); // a last pull after the desk's edits

  // ---- Invariants -----------------------------------------------------------------------
  const entries = store.entries();
  expect(entries.filter((e) => e.state === 'pending')).toEqual([]);
  const serverRows = await db
    .selectFrom('applied_commands')
    .select(['command_id', 'seq', 'outcome', 'result'])
    .where('kit_id', '=', kit.kitId)
    .orderBy('seq')
    .execute();
  // Exactly once: seqs 1..n, one row per command, same ids, same outcomes as the kit shows.
  expect(serverRows.map((r) => Number(r.seq))).toEqual(entries.map((e) => e.seq));
  expect(serverRows.map((r) => r.command_id)).toEqual(entries.map((e) => e.id));
  expect(serverRows.map((r) => r.outcome)).toEqual(entries.map((e) => e.state));
  for (const e of entries) {
    expect((e.result as CommandResult).id).toBe(e.id);
    const payload = e.payload as { value?: number; id: string };
    if (e.type === 'item.create') expect(e.state).toBe(payload.value! < 0 ? 'rejected' : 'applied');
    if (e.state === 'conflict') expect(e.baseVersion).toBeDefined();
  }
  // Effects exactly once: value = created value + applied adds + desk edits.
  const items = await sql<{ id: string; value: number; version: number; municipality_id: string }>`
    select id, value, version, municipality_id from prop_items where id = any(${created.map((c) => c.id)}::uuid[])`.execute(
    db,
  );
  for (const item of items.rows) {
    const createdValue = created.find((c) => c.id === item.id)!.value;
    const adds = entries.filter(
      (e) => e.type === 'item.add' && e.state === 'applied' && (e.payload as { id: string }).id === item.id,
    );
    const sum = adds.reduce((n, e) => n + (e.payload as { delta: number }).delta, 0);
    expect(item.value).toBe(createdValue + sum + (deskDeltas.get(item.id) ?? 0));
    expect(item.version).toBe(1 + adds.length + (deskEdits.get(item.id) ?? 0));
  }
  expect(items.rows.length).toBe(
    entries.filter((e) => e.type === 'item.create' && e.state === 'applied').length,
  );
  // The replica equals the server's view of the kit's scope.
  const inScope = items.rows
    .filter((r) => r.municipality_id === HOME)
    .map((r) => ({ id: r.id, value: r.value, version: r.version }))
    .sort((a, b) => a.id.localeCompare(b.id));
  const replica = store
    .records('prop_item')
    .map((r) => ({ id: r.id, ...(r.data as { value: number; version: number }) }))
    .sort((a, b) => a.id.localeCompare(b.id));
  expect(replica).toEqual(inScope);
  return { crashes, calls: stats.calls, commands: entries.length };
}

describe('sync protocol (model-based, faulty transport)', () => {
  it(`applies every kit command exactly once or shows it rejected, over ${RUNS} faulty schedules (#6)`, async () => {
    const started = Date.now();
    const totals = { schedules: 0, commands: 0, crashes: 0, calls: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(actionArb, { minLength: 1, maxLength: 10 }), async (actions) => {
        const r = await runSchedule(actions);
        totals.schedules++;
        totals.commands += r.commands;
        totals.crashes += r.crashes;
        totals.calls += r.calls;
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    console.log(
      `sync property: ${totals.schedules} schedules, ${totals.commands} commands, ${totals.calls} transport calls, ${totals.crashes} client crashes in ${Date.now() - started} ms`,
    );
    expect(totals.schedules).toBeGreaterThanOrEqual(RUNS);
  }, 600_000);
});

describe('sync after the server was restored from a backup', () => {
  it('sends the lost commands again and rebuilds the replica, keeping the outbox (#6)', async () => {
    const kit = await newKit();
    const store = new MemoryKitStore();
    const transport = new FaultyTransport(kit, { calls: 0 });
    const client = new SyncClient(store, transport, { attempts: 1, sleep: async () => {} });
    const ids = [uuidv7(), uuidv7(), uuidv7()];
    for (const [i, id] of ids.entries())
      await store.enqueue({
        id: uuidv7(),
        kitId: kit.kitId,
        type: 'item.create',
        payload: { id, value: i + 1 },
        clerkId: CLERK,
        createdAt: new Date().toISOString(),
      });
    await client.sync();
    expect(await store.ackedSeq()).toBe(3);
    // The backup was taken after the first command: the server lost commands 2 and 3 and their effects.
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('applied_commands').where('kit_id', '=', kit.kitId).where('seq', '>', 1).execute();
      await trx.updateTable('kits').set({ last_seq: 1 }).where('id', '=', kit.kitId).execute();
      await sql`delete from prop_items where id = any(${ids.slice(1)}::uuid[])`.execute(trx);
      await trx.deleteFrom('kit_changes').where('entity_id', 'in', ids.slice(1)).execute();
    });
    const report = await client.sync();
    expect(report.resends).toBe(2);
    expect(store.entries().map((e) => e.state)).toEqual(['applied', 'applied', 'applied']);
    const rows = await db
      .selectFrom('applied_commands')
      .select('seq')
      .where('kit_id', '=', kit.kitId)
      .execute();
    expect(rows.map((r) => Number(r.seq)).sort()).toEqual([1, 2, 3]);
    const values = await sql<{
      value: number;
    }>`select value from prop_items where id = any(${ids}::uuid[]) order by value`.execute(db);
    expect(values.rows.map((r) => r.value)).toEqual([1, 2, 3]);
    expect(
      store
        .records('prop_item')
        .map((r) => (r.data as { value: number }).value)
        .sort(),
    ).toEqual([1, 2, 3]);
  });

  it('rebuilds the replica when its cursor is ahead of the server, and never touches the outbox (#6)', async () => {
    const kit = await newKit();
    const store = new MemoryKitStore();
    await store.enqueue({
      id: uuidv7(),
      kitId: kit.kitId,
      type: 'item.create',
      payload: { id: uuidv7(), value: -1 },
      clerkId: CLERK,
      createdAt: new Date().toISOString(),
    });
    await store.applyChanges([], 10_000_000_000);
    const transport = new FaultyTransport(kit, { calls: 0 });
    const report = await new SyncClient(store, transport, { attempts: 1, sleep: async () => {} }).sync();
    expect(report.replicaReset).toBe(true);
    expect(await store.cursor()).toBeLessThan(10_000_000_000);
    expect(store.entries()).toHaveLength(1);
    expect(store.entries()[0]!.state).toBe('rejected');
  });
});
