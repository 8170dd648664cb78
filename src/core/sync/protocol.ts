/**
 * The sync protocol between the field kit and the server (DESIGN.md §5): what goes over the wire.
 * Pure types and constants, shared by the kit (browser), the server and the Node tests.
 *
 * Push: the kit sends its outbox commands in `seq` order (contiguous per kit, starting at 1).
 * The server applies each exactly once and stores the outcome with the command; a repeat returns
 * the stored outcome. Pull: changes in the kit's scope since a version cursor, in version order.
 */

/**
 * Version of the wire protocol. The server accepts kits from MIN_SUPPORTED up to its own version;
 * an older kit is told to update (KIT_VERSION_SKEW) and keeps its outbox.
 */
export const SYNC_PROTOCOL_VERSION = 1;
export const SYNC_PROTOCOL_MIN_SUPPORTED = 1;

/** Commands per push request; the server applies them in transactions of this size at most. */
export const PUSH_BATCH_LIMIT = 25;
/** Changes per pull page. */
export const PULL_PAGE_LIMIT = 500;
/** Bytes per attachment upload request (a cut request keeps what arrived; the rest resumes). */
export const UPLOAD_CHUNK_BYTES = 512 * 1024;

export type CommandState = 'pending' | 'applied' | 'rejected' | 'conflict';

/** One command as the kit queues and sends it. `id` is a UUIDv7 minted by the kit. */
export interface SyncCommand {
  id: string;
  kitId: string;
  /** Contiguous per kit: 1, 2, 3, … Assigned in the same local transaction that stores the record. */
  seq: number;
  type: string;
  payload: unknown;
  /** Version of the record the clerk edited, for commands that change an existing record. */
  baseVersion?: number | undefined;
  /** Staff user id of the clerk who captured it. */
  clerkId: string;
  /** The kit's clock when it was captured (may be wrong; the server keeps its own time too). */
  createdAt: string;
}

/** A problem as the server explains it, in both languages so the kit can show either offline. */
export interface OutcomeProblem {
  code: string;
  de: string;
  en: string;
  params?: Record<string, string | number> | undefined;
  /** Field paths that failed (JSON pointers into the payload). */
  fields?: string[] | undefined;
}

export type CommandOutcome =
  | { outcome: 'applied'; result: Record<string, unknown> }
  | { outcome: 'rejected'; problem: OutcomeProblem }
  | {
      outcome: 'conflict';
      problem: OutcomeProblem;
      /** The record as the server has it now, so the clerk can decide. */
      current?: { version: number; data?: unknown } | undefined;
    };

export type CommandResult = { id: string; seq: number; appliedAt: string } & CommandOutcome;

export interface PushRequest {
  commands: SyncCommand[];
  /** Highest seq for which the kit holds an outcome (lets the server notice it lost commands). */
  ackedSeq: number;
  /** Commands still waiting in the kit (for the coordinator's kit list). */
  pendingCount: number;
  /** The kit's clock now (the server reports the difference). */
  kitTime: string;
}

export interface PushResponse {
  results: CommandResult[];
  /** Highest seq the server has applied for this kit. */
  lastSeq: number;
  /**
   * Set when the server cannot take the commands sent: it expects this seq next. Below the kit's
   * own acknowledged seq it means the server lost commands (restored from a backup): the kit sends
   * them again from there.
   */
  expectedSeq?: number | undefined;
  serverTime: string;
}

export interface Change {
  entity: string;
  id: string;
  version: number;
  /** True when the record is gone or no longer in the kit's scope. */
  deleted: boolean;
  data?: unknown;
}

export interface PullRequest {
  cursor: number;
  limit?: number | undefined;
}

export interface PullResponse {
  changes: Change[];
  /** The cursor to ask with next time. */
  cursor: number;
  more: boolean;
  /**
   * The server does not know the kit's cursor (it is ahead of the server, e.g. after a restore
   * from backup): the kit rebuilds its replica from cursor 0. Its outbox is never touched.
   */
  reset?: boolean | undefined;
}

export interface UploadStatus {
  sha256: string;
  size: number;
  /** Bytes the server holds so far; the next chunk starts here. */
  received: number;
  complete: boolean;
}

/** A file the kit captured (photo, signature, scan), addressed by the SHA-256 of its bytes. */
export interface AttachmentRef {
  sha256: string;
  size: number;
  mime: string;
}

export const ATTACHMENT_MIME_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const SHA256_HEX = /^[0-9a-f]{64}$/;
