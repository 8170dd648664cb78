import type { AttachmentRef, Change, CommandResult } from './protocol';
import { changeApplies, type OutboxEntry, type SyncStore } from './sync-client';

/**
 * The kit's store held in memory: the reference implementation of SyncStore that the Node
 * property test and the benchmark use in place of the browser's encrypted Dexie store. Every
 * method is atomic (it changes nothing until it has checked everything), so a "crash" between two
 * calls leaves exactly what a crash of the browser leaves in IndexedDB.
 */
export interface ReplicaRecord {
  entity: string;
  id: string;
  version: number;
  data: unknown;
}

export interface NewCommand {
  id: string;
  kitId: string;
  type: string;
  payload: unknown;
  baseVersion?: number | undefined;
  clerkId: string;
  createdAt: string;
  attachments?: { ref: AttachmentRef; bytes: Uint8Array }[];
}

export class MemoryKitStore implements SyncStore {
  private readonly outbox = new Map<number, OutboxEntry>();
  private readonly files = new Map<string, { bytes: Uint8Array; uploaded: boolean }>();
  private readonly replica = new Map<string, ReplicaRecord>();
  private nextSeq: number;
  private cursorValue = 0;

  constructor(firstSeq = 1) {
    this.nextSeq = firstSeq;
  }

  /** A capture: the command (and its files) stored in one step, with the next seq. */
  async enqueue(command: NewCommand): Promise<OutboxEntry> {
    const entry: OutboxEntry = {
      id: command.id,
      kitId: command.kitId,
      seq: this.nextSeq,
      type: command.type,
      payload: structuredClone(command.payload),
      baseVersion: command.baseVersion,
      clerkId: command.clerkId,
      createdAt: command.createdAt,
      state: 'pending',
      attachments: (command.attachments ?? []).map((a) => a.ref),
      bytes: JSON.stringify(command.payload).length,
    };
    for (const a of command.attachments ?? []) {
      if (!this.files.has(a.ref.sha256)) this.files.set(a.ref.sha256, { bytes: a.bytes, uploaded: false });
    }
    this.outbox.set(entry.seq, entry);
    this.nextSeq++;
    return structuredClone(entry);
  }

  entries(): OutboxEntry[] {
    return [...this.outbox.values()].sort((a, b) => a.seq - b.seq).map((e) => structuredClone(e));
  }

  records(entity?: string): ReplicaRecord[] {
    return [...this.replica.values()]
      .filter((r) => entity === undefined || r.entity === entity)
      .map((r) => structuredClone(r));
  }

  async pendingCommands(limit: number): Promise<OutboxEntry[]> {
    return this.entries()
      .filter((e) => e.state === 'pending')
      .slice(0, limit);
  }

  async ackedSeq(): Promise<number> {
    let max = 0;
    for (const e of this.outbox.values()) if (e.state !== 'pending' && e.seq > max) max = e.seq;
    return max;
  }

  async pendingCount(): Promise<number> {
    let n = 0;
    for (const e of this.outbox.values()) if (e.state === 'pending') n++;
    return n;
  }

  async saveResults(results: CommandResult[]): Promise<void> {
    for (const r of results) {
      const entry = this.outbox.get(r.seq);
      if (!entry || entry.id !== r.id) continue;
      entry.state = r.outcome;
      entry.result = structuredClone(r);
    }
  }

  async reopenFrom(seq: number): Promise<number> {
    let n = 0;
    for (const e of this.outbox.values()) {
      if (e.seq >= seq && e.state !== 'pending') {
        e.state = 'pending';
        n++;
      }
    }
    return n;
  }

  async pendingUploads(): Promise<AttachmentRef[]> {
    const needed = new Map<string, AttachmentRef>();
    for (const e of this.outbox.values()) {
      if (e.state !== 'pending') continue;
      for (const ref of e.attachments) if (!this.files.get(ref.sha256)?.uploaded) needed.set(ref.sha256, ref);
    }
    return [...needed.values()];
  }

  async readAttachment(sha256: string, start: number, end: number): Promise<Uint8Array> {
    const file = this.files.get(sha256);
    if (!file) throw new Error(`attachment ${sha256} missing in the kit`);
    return file.bytes.slice(start, end);
  }

  async markUploaded(sha256: string, uploaded: boolean): Promise<void> {
    const file = this.files.get(sha256);
    if (file) file.uploaded = uploaded;
  }

  async cursor(): Promise<number> {
    return this.cursorValue;
  }

  async applyChanges(changes: Change[], cursor: number): Promise<void> {
    for (const change of changes) {
      const key = `${change.entity}:${change.id}`;
      const local = this.replica.get(key);
      if (!changeApplies(local?.version, change)) continue;
      if (change.deleted) this.replica.delete(key);
      else
        this.replica.set(key, {
          entity: change.entity,
          id: change.id,
          version: change.version,
          data: structuredClone(change.data),
        });
    }
    this.cursorValue = Math.max(this.cursorValue, cursor);
  }

  async resetReplica(): Promise<void> {
    this.replica.clear();
    this.cursorValue = 0;
  }
}
