import { suspenseOf } from '../../../core/sync/commands';
import type { AttachmentRef, Change, CommandResult, CommandState } from '../../../core/sync/protocol';
import { changeApplies, type OutboxEntry, type SyncStore } from '../../../core/sync/sync-client';
import { aadOf, open, openBytes, type Sealed, seal, sealBytes } from '../crypto/record-cipher';
import { getMeta, type KitDb, type OutboxRow, type SealedRow } from './kit-db';

/**
 * The kit's encrypted store: the browser's implementation of the sync protocol's SyncStore
 * (src/core/sync), plus captures (record + outbox command in one strict transaction) and the
 * replica of the server's records the kit holds for its day. Decrypted data lives in memory only
 * while the kit is unlocked.
 */
export interface KitConfig {
  kitId: string;
  name: string;
  prefix: string;
  authorityId: string;
  authorityName: string;
  municipalityIds: string[];
  locationIds: string[];
  lockAfterMinutes: number;
}

export interface Counters {
  nextSeq: number;
  /** Per kind and period (year or day): the last number handed out. */
  numbers: Record<string, number>;
}

export interface ReplicaItem<T = unknown> {
  id: string;
  version: number;
  data: T;
}

/** What the outbox envelope holds (sealed). */
interface Envelope {
  id: string;
  kitId: string;
  type: string;
  payload: unknown;
  baseVersion?: number | undefined;
  clerkId: string;
  createdAt: string;
  attachments: AttachmentRef[];
  result?: CommandResult | undefined;
  resolution?: OutboxEntry['resolution'];
}

export interface NewCommandInput {
  id: string;
  type: string;
  payload: unknown;
  baseVersion?: number | undefined;
  attachments?: AttachmentRef[];
}

export interface CaptureInput {
  records: { store: string; id: string; value: unknown }[];
  commands: NewCommandInput[];
  files?: { sha256: string; mime: string; bytes: Uint8Array }[];
}

export class CaptureConflictError extends Error {}

/** Hands out kit-local numbers during a capture; committed only with the capture. */
export class NumberAllocator {
  constructor(readonly counters: Counters) {}
  next(kind: string, period: string): number {
    const key = `${kind}:${period}`;
    const n = (this.counters.numbers[key] ?? 0) + 1;
    this.counters.numbers[key] = n;
    return n;
  }
  peek(kind: string, period: string): number {
    return this.counters.numbers[`${kind}:${period}`] ?? 0;
  }
}

const BUCKETS: Record<string, number> = { person: 64 };

function bucketOf(entity: string, id: string): number {
  const n = BUCKETS[entity] ?? 1;
  if (n === 1) return 0;
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0) % n;
}

const sealedOf = (row: { iv: Uint8Array; ct: Uint8Array }): Sealed => ({ iv: row.iv, ct: row.ct });

export class KitStore implements SyncStore {
  private readonly replica = new Map<string, Map<string, ReplicaItem>>();
  private readonly revisions = new Map<string, number>();
  private captureChain: Promise<unknown> = Promise.resolve();
  private fileCache: { sha256: string; bytes: Uint8Array } | undefined;
  /** Called after anything changed (for the status bar). */
  onChange: (() => void) | undefined;

  constructor(
    readonly db: KitDb,
    private readonly key: CryptoKey,
    readonly config: KitConfig,
    readonly clerk: { userId: string; username: string; displayName: string },
  ) {}

  // ---- Loading and reading ------------------------------------------------------------------

  /** Decrypts the replica into memory (at unlock). */
  async load(): Promise<void> {
    this.replica.clear();
    const rows = await this.db.sealed.where('store').equals('replica').toArray();
    const opened = await Promise.all(
      rows.map((row) =>
        open<{ entity: string; items: ReplicaItem[] }>(this.key, row.store, row.id, sealedOf(row)),
      ),
    );
    for (const bucket of opened) {
      const map = this.entityMap(bucket.entity);
      for (const item of bucket.items) map.set(item.id, item);
    }
  }

  private entityMap(entity: string): Map<string, ReplicaItem> {
    let map = this.replica.get(entity);
    if (!map) {
      map = new Map();
      this.replica.set(entity, map);
    }
    return map;
  }

  items<T>(entity: string): ReplicaItem<T>[] {
    return [...(this.replica.get(entity)?.values() ?? [])] as ReplicaItem<T>[];
  }

  item<T>(entity: string, id: string): ReplicaItem<T> | undefined {
    return this.replica.get(entity)?.get(id) as ReplicaItem<T> | undefined;
  }

  async record<T>(store: string, id: string): Promise<T | undefined> {
    const row = await this.db.sealed.get([store, id]);
    return row ? open<T>(this.key, store, id, sealedOf(row)) : undefined;
  }

  async records<T>(store: string): Promise<{ id: string; value: T }[]> {
    const rows = await this.db.sealed.where('store').equals(store).toArray();
    return Promise.all(
      rows.map(async (r) => ({ id: r.id, value: await open<T>(this.key, r.store, r.id, sealedOf(r)) })),
    );
  }

  async putRecord(store: string, id: string, value: unknown): Promise<void> {
    const sealed = await seal(this.key, store, id, value);
    await this.db.sealed.put({ store, id, ...sealed });
    this.onChange?.();
  }

  async counters(): Promise<Counters> {
    return (await getMeta<Counters>(this.db, 'counters')) ?? { nextSeq: 1, numbers: {} };
  }

  // ---- Capture: records + outbox commands in one strict transaction -------------------------

  /**
   * Builds and stores a capture. `build` gets an allocator for kit numbers (case, receipt,
   * ticket); the numbers, the records, the commands and the files commit together or not at all.
   */
  capture<T>(
    build: (numbers: NumberAllocator) => Promise<CaptureInput & { result: T }>,
  ): Promise<T & { seqs: number[] }> {
    const run = async (): Promise<T & { seqs: number[] }> => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await this.captureOnce(build);
        } catch (error) {
          if (!(error instanceof CaptureConflictError) || attempt >= 5) throw error;
        }
      }
    };
    const next = this.captureChain.then(run, run);
    this.captureChain = next.catch(() => {});
    return next;
  }

  private async captureOnce<T>(
    build: (numbers: NumberAllocator) => Promise<CaptureInput & { result: T }>,
  ): Promise<T & { seqs: number[] }> {
    const before = await this.counters();
    const allocator = new NumberAllocator(structuredClone(before));
    const input = await build(allocator);
    const createdAt = new Date().toISOString();
    // Encrypt first: an IndexedDB transaction must not wait on WebCrypto.
    const records = await Promise.all(
      input.records.map(async (r) => ({
        store: r.store,
        id: r.id,
        ...(await seal(this.key, r.store, r.id, r.value)),
      })),
    );
    const envelopes = await Promise.all(
      input.commands.map(async (c) => {
        const envelope: Envelope = {
          id: c.id,
          kitId: this.config.kitId,
          type: c.type,
          payload: c.payload,
          baseVersion: c.baseVersion,
          clerkId: this.clerk.userId,
          createdAt,
          attachments: c.attachments ?? [],
        };
        return {
          envelope,
          sealed: await seal(this.key, 'outbox', c.id, envelope),
          bytes: JSON.stringify(envelope.payload).length,
        };
      }),
    );
    const files = await Promise.all(
      (input.files ?? []).map(async (f) => ({
        sha256: f.sha256,
        size: f.bytes.length,
        mime: f.mime,
        uploaded: 0 as const,
        ...(await sealBytes(this.key, aadOf('file', f.sha256), f.bytes)),
      })),
    );
    const seqs: number[] = [];
    await this.db.transaction(
      'rw',
      [this.db.meta, this.db.sealed, this.db.outbox, this.db.files],
      async () => {
        const current = ((await this.db.meta.get('counters'))?.value as Counters | undefined) ?? {
          nextSeq: 1,
          numbers: {},
        };
        if (JSON.stringify(current) !== JSON.stringify(before))
          throw new CaptureConflictError('counters moved');
        let seq = current.nextSeq;
        for (const r of records) await this.db.sealed.put(r);
        for (const f of files) if (!(await this.db.files.get(f.sha256))) await this.db.files.put(f);
        for (const e of envelopes) {
          await this.db.outbox.add({
            seq,
            commandId: e.envelope.id,
            state: 'pending',
            resolved: 0,
            bytes: e.bytes,
            files: e.envelope.attachments.map((a) => a.sha256),
            iv: e.sealed.iv,
            ct: e.sealed.ct,
          });
          seqs.push(seq);
          seq++;
        }
        await this.db.meta.put({ key: 'counters', value: { ...allocator.counters, nextSeq: seq } });
      },
    );
    this.onChange?.();
    return { ...input.result, seqs };
  }

  // ---- Outbox (SyncStore) ----------------------------------------------------------------------

  private async openEntry(row: OutboxRow): Promise<OutboxEntry> {
    const e = await open<Envelope>(this.key, 'outbox', row.commandId, sealedOf(row));
    const entry: OutboxEntry = {
      id: e.id,
      kitId: e.kitId,
      seq: row.seq,
      type: e.type,
      payload: e.payload,
      baseVersion: e.baseVersion,
      clerkId: e.clerkId,
      createdAt: e.createdAt,
      state: row.state,
      result: e.result,
      attachments: e.attachments,
      bytes: row.bytes,
    };
    if (e.resolution) entry.resolution = e.resolution;
    return entry;
  }

  async outboxEntries(filter?: (row: OutboxRow) => boolean): Promise<OutboxEntry[]> {
    const rows = await this.db.outbox.orderBy('seq').toArray();
    return Promise.all(rows.filter((r) => !filter || filter(r)).map((r) => this.openEntry(r)));
  }

  async pendingCommands(limit: number): Promise<OutboxEntry[]> {
    const rows = (await this.db.outbox.where('state').equals('pending').sortBy('seq')).slice(0, limit);
    return Promise.all(rows.map((r) => this.openEntry(r)));
  }

  async ackedSeq(): Promise<number> {
    let max = 0;
    await this.db.outbox.each((r) => {
      if (r.state !== 'pending' && r.seq > max) max = r.seq;
    });
    return max;
  }

  async pendingCount(): Promise<number> {
    return this.db.outbox.where('state').equals('pending').count();
  }

  async saveResults(results: CommandResult[]): Promise<void> {
    const updates: OutboxRow[] = [];
    for (const result of results) {
      const row = await this.db.outbox.get(result.seq);
      if (!row || row.commandId !== result.id) continue;
      const e = await open<Envelope>(this.key, 'outbox', row.commandId, sealedOf(row));
      e.result = result;
      const sealed = await seal(this.key, 'outbox', row.commandId, e);
      updates.push({
        ...row,
        state: result.outcome,
        attention: suspenseOf(result) ? 1 : 0,
        iv: sealed.iv,
        ct: sealed.ct,
      });
    }
    if (updates.length) await this.db.outbox.bulkPut(updates);
    this.onChange?.();
  }

  async reopenFrom(seq: number): Promise<number> {
    const n = await this.db.outbox
      .where('seq')
      .aboveOrEqual(seq)
      .and((r) => r.state !== 'pending')
      .modify({ state: 'pending' as CommandState });
    this.onChange?.();
    return n;
  }

  /** The clerk dealt with a rejected or conflicting command (it stays, marked). */
  async resolve(seq: number, resolution: NonNullable<OutboxEntry['resolution']>): Promise<void> {
    const row = await this.db.outbox.get(seq);
    if (!row) return;
    const e = await open<Envelope>(this.key, 'outbox', row.commandId, sealedOf(row));
    e.resolution = resolution;
    const sealed = await seal(this.key, 'outbox', row.commandId, e);
    await this.db.outbox.put({ ...row, resolved: 1, iv: sealed.iv, ct: sealed.ct });
    this.onChange?.();
  }

  async pendingUploads(): Promise<AttachmentRef[]> {
    const pending = await this.db.outbox.where('state').equals('pending').toArray();
    const needed = new Set(pending.flatMap((r) => r.files));
    if (needed.size === 0) return [];
    const files = await this.db.files
      .where('sha256')
      .anyOf([...needed])
      .toArray();
    return files
      .filter((f) => f.uploaded === 0)
      .map((f) => ({ sha256: f.sha256, size: f.size, mime: f.mime }));
  }

  async readFile(sha256: string): Promise<Uint8Array> {
    if (this.fileCache?.sha256 === sha256) return this.fileCache.bytes;
    const row = await this.db.files.get(sha256);
    if (!row) throw new Error(`file ${sha256} is missing in the kit`);
    const bytes = await openBytes(this.key, aadOf('file', sha256), sealedOf(row));
    this.fileCache = { sha256, bytes };
    return bytes;
  }

  async readAttachment(sha256: string, start: number, end: number): Promise<Uint8Array> {
    return (await this.readFile(sha256)).slice(start, end);
  }

  async markUploaded(sha256: string, uploaded: boolean): Promise<void> {
    await this.db.files.update(sha256, { uploaded: uploaded ? 1 : 0 });
  }

  /** Commands and bytes still to send (status bar). Works while locked (plaintext columns). */
  static async pendingSummary(db: KitDb): Promise<{ commands: number; bytes: number; unresolved: number }> {
    let commands = 0;
    let bytes = 0;
    let unresolved = 0;
    const files = new Set<string>();
    await db.outbox.each((r) => {
      if (r.state === 'pending') {
        commands++;
        bytes += r.bytes;
        for (const f of r.files) files.add(f);
      } else if ((r.state !== 'applied' || r.attention === 1) && r.resolved === 0) unresolved++;
    });
    if (files.size) {
      const rows = await db.files
        .where('sha256')
        .anyOf([...files])
        .toArray();
      for (const f of rows) if (f.uploaded === 0) bytes += f.size;
    }
    return { commands, bytes, unresolved };
  }

  // ---- Replica (SyncStore) ----------------------------------------------------------------------

  async cursor(): Promise<number> {
    return (await getMeta<number>(this.db, 'cursor')) ?? 0;
  }

  /** How often the records of an entity changed in memory (e.g. to rebuild the person index). */
  revisionOf(entity: string): number {
    return this.revisions.get(entity) ?? 0;
  }

  private bump(entity: string): void {
    this.revisions.set(entity, this.revisionOf(entity) + 1);
  }

  async applyChanges(changes: Change[], cursor: number): Promise<void> {
    const touched = new Set<string>();
    for (const change of changes) {
      const map = this.entityMap(change.entity);
      const local = map.get(change.id);
      if (!changeApplies(local?.version, change)) continue;
      if (change.deleted) {
        if (!map.delete(change.id)) continue;
      } else map.set(change.id, { id: change.id, version: change.version, data: change.data });
      touched.add(`${change.entity}/${bucketOf(change.entity, change.id)}`);
      this.bump(change.entity);
    }
    await this.writeBuckets(touched, Math.max(cursor, await this.cursor()));
  }

  /** Puts records into the replica as of `version` (prepare the day) and moves the cursor. */
  async loadSnapshot(entity: string, items: { id: string; data: unknown }[], version: number): Promise<void> {
    const map = this.entityMap(entity);
    const touched = new Set<string>();
    for (const item of items) {
      const local = map.get(item.id);
      if (local && local.version > version) continue;
      map.set(item.id, { id: item.id, version, data: item.data });
      touched.add(`${entity}/${bucketOf(entity, item.id)}`);
    }
    await this.writeBuckets(touched, undefined);
  }

  /** Drops all records of an entity from the replica (e.g. yesterday's appointments). */
  async clearEntity(entity: string): Promise<void> {
    this.replica.delete(entity);
    const rows = await this.db.sealed.where('store').equals('replica').primaryKeys();
    await this.db.sealed.bulkDelete(rows.filter(([, id]) => id.startsWith(`${entity}/`)));
  }

  private async writeBuckets(touched: Set<string>, cursor: number | undefined): Promise<void> {
    const rows: SealedRow[] = [];
    for (const key of touched) {
      const [entity, bucket] = key.split('/') as [string, string];
      const items = [...(this.replica.get(entity)?.values() ?? [])].filter(
        (i) => String(bucketOf(entity, i.id)) === bucket,
      );
      rows.push({ store: 'replica', id: key, ...(await seal(this.key, 'replica', key, { entity, items })) });
    }
    await this.db.transaction('rw', [this.db.sealed, this.db.meta], async () => {
      if (rows.length) await this.db.sealed.bulkPut(rows);
      if (cursor !== undefined) await this.db.meta.put({ key: 'cursor', value: cursor });
    });
    this.onChange?.();
  }

  async setCursor(cursor: number): Promise<void> {
    await this.db.meta.put({ key: 'cursor', value: cursor });
  }

  async resetReplica(): Promise<void> {
    this.replica.clear();
    await this.db.transaction('rw', [this.db.sealed, this.db.meta], async () => {
      await this.db.sealed.where('store').equals('replica').delete();
      await this.db.meta.put({ key: 'cursor', value: 0 });
    });
    this.onChange?.();
  }

  // ---- End of day ---------------------------------------------------------------------------------

  /**
   * Deletes every personal datum from the kit — only when nothing is pending or unresolved.
   * Counters (command numbers, receipt numbers) stay so numbering goes on without gaps.
   */
  async wipePersonalData(): Promise<void> {
    await this.db.transaction(
      'rw',
      [this.db.sealed, this.db.outbox, this.db.files, this.db.meta],
      async () => {
        const pending = await this.db.outbox.where('state').equals('pending').count();
        if (pending > 0) throw new Error('pending commands: not wiped');
        await this.db.sealed.clear();
        await this.db.outbox.clear();
        await this.db.files.clear();
        await this.db.meta.put({ key: 'cursor', value: 0 });
        await this.db.meta.delete('day');
      },
    );
    this.replica.clear();
    this.fileCache = undefined;
    this.onChange?.();
  }
}
