import {
  type AttachmentRef,
  type Change,
  type CommandResult,
  type CommandState,
  PULL_PAGE_LIMIT,
  PUSH_BATCH_LIMIT,
  type PullRequest,
  type PullResponse,
  type PushRequest,
  type PushResponse,
  type SyncCommand,
  UPLOAD_CHUNK_BYTES,
  type UploadStatus,
} from './protocol';

/**
 * The kit's side of the sync protocol, free of storage and network details so that the same code
 * runs in the browser (Dexie store, fetch transport) and in the Node property test (in-memory
 * store, faulty transport). One `sync()` run: attachments first, then the outbox in seq order,
 * then the changes since the cursor.
 */

/** An outbox command as the kit keeps it, with its state and the server's answer. */
export interface OutboxEntry extends SyncCommand {
  state: CommandState;
  result?: CommandResult | undefined;
  attachments: AttachmentRef[];
  /** Size of the command as JSON (for the status bar). */
  bytes: number;
  /** The clerk dealt with a rejection or conflict (it stays in the list, marked). */
  resolution?: { at: string; by: string; note?: string | undefined; followUpId?: string | undefined };
}

/** Where the kit keeps its outbox and replica. Each method is atomic on its own. */
export interface SyncStore {
  /** Pending commands in seq order, at most `limit`. */
  pendingCommands(limit: number): Promise<OutboxEntry[]>;
  /** Highest seq that has an outcome (0 if none). */
  ackedSeq(): Promise<number>;
  pendingCount(): Promise<number>;
  /** Stores the server's answers; unknown seqs are ignored, repeats overwrite with the same. */
  saveResults(results: CommandResult[]): Promise<void>;
  /** The server lost commands from `seq` on: they become pending again (their answers stay visible). */
  reopenFrom(seq: number): Promise<number>;
  /** Attachments of commands that the server does not have yet. */
  pendingUploads(): Promise<AttachmentRef[]>;
  readAttachment(sha256: string, start: number, end: number): Promise<Uint8Array>;
  markUploaded(sha256: string, uploaded: boolean): Promise<void>;
  cursor(): Promise<number>;
  /** Applies pulled changes and moves the cursor, in one local transaction. */
  applyChanges(changes: Change[], cursor: number): Promise<void>;
  /** Drops the replica and sets the cursor to 0. Never touches the outbox. */
  resetReplica(): Promise<void>;
}

export interface SyncTransport {
  uploadStatus(ref: AttachmentRef): Promise<UploadStatus>;
  uploadChunk(ref: AttachmentRef, offset: number, bytes: Uint8Array): Promise<UploadStatus>;
  push(request: PushRequest): Promise<PushResponse & { missingAttachments?: string[] | undefined }>;
  pull(request: PullRequest): Promise<PullResponse>;
}

/**
 * What a transport throws. `network` and `server` (5xx) are worth retrying; `refused` is an answer
 * that retrying will not change (revoked kit, version skew, signed out) and stops the run.
 */
export class SyncTransportError extends Error {
  constructor(
    readonly kind: 'network' | 'server' | 'refused',
    readonly code: string,
    readonly status = 0,
    readonly detail = '',
  ) {
    super(`${kind}: ${code}${detail ? ` – ${detail}` : ''}`);
    this.name = 'SyncTransportError';
  }
}

export type SyncPhase = 'upload' | 'push' | 'pull' | 'done';

export interface SyncProgress {
  phase: SyncPhase;
  /** Bytes of attachments sent / to send in this run. */
  uploadedBytes: number;
  uploadTotalBytes: number;
  pushed: number;
  pulled: number;
}

export interface SyncReport {
  uploadedBytes: number;
  uploads: number;
  pushed: number;
  applied: number;
  rejected: number;
  conflicts: number;
  pulled: number;
  resends: number;
  replicaReset: boolean;
  /** server clock − kit clock, in ms, from the last answer. */
  clockOffsetMs: number | null;
  lastSeq: number;
}

export interface SyncClientOptions {
  /** Attempts per step before the run gives up (the caller tries again later). */
  attempts?: number;
  /** Pause between attempts, in ms (grows linearly). */
  retryDelayMs?: number;
  /** Attachments uploaded at the same time (hides the round-trip time on slow links). */
  uploadConcurrency?: number;
  chunkBytes?: number;
  pushBatch?: number;
  pullLimit?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  onProgress?: (progress: SyncProgress) => void;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class SyncClient {
  private readonly attempts: number;
  private readonly retryDelayMs: number;
  private readonly uploadConcurrency: number;
  private readonly chunkBytes: number;
  private readonly pushBatch: number;
  private readonly pullLimit: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly store: SyncStore,
    private readonly transport: SyncTransport,
    private readonly options: SyncClientOptions = {},
  ) {
    this.attempts = options.attempts ?? 4;
    this.retryDelayMs = options.retryDelayMs ?? 500;
    this.uploadConcurrency = options.uploadConcurrency ?? 3;
    this.chunkBytes = options.chunkBytes ?? UPLOAD_CHUNK_BYTES;
    this.pushBatch = options.pushBatch ?? PUSH_BATCH_LIMIT;
    this.pullLimit = options.pullLimit ?? PULL_PAGE_LIMIT;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? defaultSleep;
  }

  /** One full run. Throws SyncTransportError when the server cannot be reached or refuses. */
  async sync(): Promise<SyncReport> {
    const report: SyncReport = {
      uploadedBytes: 0,
      uploads: 0,
      pushed: 0,
      applied: 0,
      rejected: 0,
      conflicts: 0,
      pulled: 0,
      resends: 0,
      replicaReset: false,
      clockOffsetMs: null,
      lastSeq: 0,
    };
    const progress: SyncProgress = {
      phase: 'upload',
      uploadedBytes: 0,
      uploadTotalBytes: 0,
      pushed: 0,
      pulled: 0,
    };
    const emit = () => this.options.onProgress?.({ ...progress });
    await this.uploadAll(report, progress, emit);
    progress.phase = 'push';
    emit();
    await this.pushAll(report, progress, emit);
    progress.phase = 'pull';
    emit();
    await this.pullAll(report, progress, emit);
    progress.phase = 'done';
    emit();
    return report;
  }

  private async retrying<T>(step: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await step();
      } catch (error) {
        const retryable = error instanceof SyncTransportError && error.kind !== 'refused';
        if (!retryable || attempt >= this.attempts) throw error;
        await this.sleep(this.retryDelayMs * attempt);
      }
    }
  }

  private async uploadAll(report: SyncReport, progress: SyncProgress, emit: () => void): Promise<void> {
    const refs = await this.store.pendingUploads();
    if (refs.length === 0) return;
    progress.uploadTotalBytes += refs.reduce((n, r) => n + r.size, 0);
    emit();
    const queue = [...refs];
    const worker = async () => {
      for (let ref = queue.shift(); ref; ref = queue.shift()) {
        await this.uploadOne(ref, report, progress, emit);
      }
    };
    const workers = Array.from({ length: Math.min(this.uploadConcurrency, refs.length) }, worker);
    const settled = await Promise.allSettled(workers);
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private async uploadOne(
    ref: AttachmentRef,
    report: SyncReport,
    progress: SyncProgress,
    emit: () => void,
  ): Promise<void> {
    let status = await this.retrying(() => this.transport.uploadStatus(ref));
    let counted = status.received;
    progress.uploadedBytes += counted;
    let failures = 0;
    while (!status.complete) {
      const start = status.received;
      const end = Math.min(ref.size, start + this.chunkBytes);
      const bytes = await this.store.readAttachment(ref.sha256, start, end);
      try {
        status = await this.transport.uploadChunk(ref, start, bytes);
      } catch (error) {
        // A cut connection may have left part of the chunk with the server: ask where to go on.
        if (!(error instanceof SyncTransportError) || error.kind === 'refused') throw error;
        if (++failures >= this.attempts) throw error;
        await this.sleep(this.retryDelayMs * failures);
        status = await this.retrying(() => this.transport.uploadStatus(ref));
      }
      if (status.received > counted) {
        report.uploadedBytes += status.received - counted;
        progress.uploadedBytes += status.received - counted;
        counted = status.received;
        emit();
      }
    }
    await this.store.markUploaded(ref.sha256, true);
    report.uploads++;
  }

  private async pushAll(report: SyncReport, progress: SyncProgress, emit: () => void): Promise<void> {
    // Bounded: every round either stores answers, reopens lost commands or uploads; a round
    // without progress ends the run (the next run tries again).
    for (let round = 0; round < 10_000; round++) {
      const batch = await this.store.pendingCommands(this.pushBatch);
      const acked = await this.store.ackedSeq();
      const request: PushRequest = {
        commands: batch.map(toWire),
        ackedSeq: acked,
        pendingCount: await this.store.pendingCount(),
        kitTime: new Date(this.now()).toISOString(),
      };
      const response = await this.retrying(() => this.transport.push(request));
      report.clockOffsetMs = Date.parse(response.serverTime) - this.now();
      report.lastSeq = response.lastSeq;
      if (response.results.length > 0) {
        await this.store.saveResults(response.results);
        for (const r of response.results) {
          report.pushed++;
          progress.pushed++;
          if (r.outcome === 'applied') report.applied++;
          else if (r.outcome === 'rejected') report.rejected++;
          else report.conflicts++;
        }
        emit();
      }
      let progressed = response.results.length > 0;
      if (response.expectedSeq !== undefined) {
        const firstSent = batch[0]?.seq ?? acked + 1;
        if (response.expectedSeq < firstSent) {
          // The server misses commands the kit already had answers for (restored from a backup):
          // send them again, and rebuild the replica, whose history the server no longer has.
          report.resends += await this.store.reopenFrom(response.expectedSeq);
          report.replicaReset = true;
          progressed = true;
        }
      }
      if (response.missingAttachments && response.missingAttachments.length > 0) {
        for (const sha of response.missingAttachments) await this.store.markUploaded(sha, false);
        await this.uploadAll(report, progress, emit);
        progressed = true;
      }
      if (batch.length === 0 && response.expectedSeq === undefined) return;
      if (!progressed) return;
    }
  }

  private async pullAll(report: SyncReport, progress: SyncProgress, emit: () => void): Promise<void> {
    if (report.replicaReset) await this.store.resetReplica();
    let cursor = await this.store.cursor();
    let resets = 0;
    for (;;) {
      const response = await this.retrying(() => this.transport.pull({ cursor, limit: this.pullLimit }));
      if (response.reset) {
        if (resets++ > 0) throw new SyncTransportError('server', 'KIT_CURSOR_RESET_LOOP');
        await this.store.resetReplica();
        report.replicaReset = true;
        cursor = 0;
        continue;
      }
      await this.store.applyChanges(response.changes, response.cursor);
      report.pulled += response.changes.length;
      progress.pulled += response.changes.length;
      emit();
      cursor = response.cursor;
      if (!response.more) return;
    }
  }
}

export function toWire(entry: OutboxEntry): SyncCommand {
  const command: SyncCommand = {
    id: entry.id,
    kitId: entry.kitId,
    seq: entry.seq,
    type: entry.type,
    payload: entry.payload,
    clerkId: entry.clerkId,
    createdAt: entry.createdAt,
  };
  if (entry.baseVersion !== undefined) command.baseVersion = entry.baseVersion;
  return command;
}

/** Whether a pulled change replaces what the replica holds (newer or equal version wins). */
export function changeApplies(localVersion: number | undefined, change: Change): boolean {
  return localVersion === undefined || change.version >= localVersion;
}

/** The outcome state of a stored result. */
export function stateOf(result: CommandResult): CommandState {
  return result.outcome;
}
