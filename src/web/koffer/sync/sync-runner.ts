import {
  SyncClient,
  type SyncProgress,
  type SyncReport,
  SyncTransportError,
} from '../../../core/sync/sync-client';
import { getMeta, type KitDb, setMeta } from '../storage/kit-db';
import type { KitStore } from '../storage/kit-store';
import { HttpSyncTransport, type KitIdentity } from './kit-http';

/**
 * Runs the sync whenever the kit is online and unlocked, and on demand. Only one tab syncs at a
 * time (Web Locks). What happened last is kept (not personal) so the status bar can say it.
 */
export interface SyncRecord {
  lastSyncAt: string | null;
  lastAttemptAt: string | null;
  lastError: string | null;
  clockOffsetMs: number | null;
  lastReport: Pick<SyncReport, 'applied' | 'rejected' | 'conflicts' | 'pulled' | 'uploads'> | null;
}

export interface RunnerState {
  syncing: boolean;
  progress: SyncProgress | null;
  record: SyncRecord;
  /** A refusal that needs someone to act: revoked kit, old software, signed out. */
  refusal: { code: string; detail: string } | null;
}

const EMPTY: SyncRecord = {
  lastSyncAt: null,
  lastAttemptAt: null,
  lastError: null,
  clockOffsetMs: null,
  lastReport: null,
};

export async function loadSyncRecord(db: KitDb): Promise<SyncRecord> {
  return { ...EMPTY, ...((await getMeta<SyncRecord>(db, 'sync')) ?? {}) };
}

export class SyncRunner {
  state: RunnerState;
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<void> | undefined;
  private readonly listeners = new Set<(s: RunnerState) => void>();
  private readonly onOnline = () => void this.syncNow();

  constructor(
    private readonly store: KitStore,
    private readonly identity: KitIdentity,
    record: SyncRecord,
    private readonly intervalMs = 60_000,
  ) {
    this.state = { syncing: false, progress: null, record, refusal: null };
  }

  subscribe(listener: (s: RunnerState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(patch: Partial<RunnerState>) {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l(this.state);
  }

  start(): void {
    window.addEventListener('online', this.onOnline);
    this.timer = setInterval(() => {
      if (navigator.onLine) void this.syncNow();
    }, this.intervalMs);
    if (navigator.onLine) void this.syncNow();
  }

  stop(): void {
    window.removeEventListener('online', this.onOnline);
    if (this.timer) clearInterval(this.timer);
  }

  /** One run; a second call while running waits for the running one. */
  syncNow(): Promise<void> {
    if (!this.running) {
      this.running = this.runLocked().finally(() => {
        this.running = undefined;
      });
    }
    return this.running;
  }

  private async runLocked(): Promise<void> {
    if (!navigator.locks) return this.run();
    await navigator.locks.request('bk-kit-sync', { ifAvailable: true }, async (lock) => {
      if (lock) await this.run();
    });
  }

  private async run(): Promise<void> {
    const record: SyncRecord = { ...this.state.record, lastAttemptAt: new Date().toISOString() };
    this.set({ syncing: true, progress: null });
    const client = new SyncClient(this.store, new HttpSyncTransport(this.identity), {
      onProgress: (progress) => this.set({ progress }),
    });
    try {
      const report = await client.sync();
      record.lastSyncAt = new Date().toISOString();
      record.lastError = null;
      record.clockOffsetMs = report.clockOffsetMs;
      record.lastReport = {
        applied: report.applied,
        rejected: report.rejected,
        conflicts: report.conflicts,
        pulled: report.pulled,
        uploads: report.uploads,
      };
      this.set({ refusal: null });
    } catch (error) {
      const e =
        error instanceof SyncTransportError
          ? error
          : new SyncTransportError('network', 'UNKNOWN', 0, String(error));
      record.lastError = e.code;
      if (e.kind === 'refused') this.set({ refusal: { code: e.code, detail: e.detail } });
    } finally {
      await setMeta(this.store.db, 'sync', record).catch(() => {});
      this.set({ syncing: false, progress: null, record });
      this.store.onChange?.();
    }
  }
}
