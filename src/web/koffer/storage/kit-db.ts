import Dexie, { type Table } from 'dexie';
import type { CommandState } from '../../../core/sync/protocol';

/**
 * The kit's IndexedDB (Dexie). Every personal datum is in a sealed column (AES-GCM, see
 * crypto/record-cipher.ts); what stays readable is only what the kit needs while locked and
 * what says nothing about a citizen: ids, command numbers and states, sizes, counters.
 * All write transactions are committed with durability "strict" (flushed to disk before they
 * report success), so "gespeichert" on screen means it survives a crash or power cut.
 */
export interface MetaRow {
  key: string;
  value: unknown;
}

export interface SealedRow {
  store: string;
  id: string;
  iv: Uint8Array;
  ct: Uint8Array;
}

export interface OutboxRow {
  seq: number;
  commandId: string;
  state: CommandState;
  /** 1 when a clerk dealt with a rejection or conflict. */
  resolved: 0 | 1;
  /**
   * 1 when the server applied the command but left something to clear: a receipt booked as an
   * unassigned entry (ADR 11). Readable while locked, like the state, for the status bar.
   */
  attention?: 0 | 1;
  bytes: number;
  files: string[];
  iv: Uint8Array;
  ct: Uint8Array;
}

export interface FileRow {
  sha256: string;
  size: number;
  mime: string;
  uploaded: 0 | 1;
  iv: Uint8Array;
  ct: Uint8Array;
}

export const KIT_DB_NAME = 'bk-kit';

export class KitDb extends Dexie {
  meta!: Table<MetaRow, string>;
  sealed!: Table<SealedRow, [string, string]>;
  outbox!: Table<OutboxRow, number>;
  files!: Table<FileRow, string>;

  constructor(name = KIT_DB_NAME) {
    super(name, { chromeTransactionDurability: 'strict' });
    this.version(1).stores({
      meta: 'key',
      sealed: '[store+id], store',
      outbox: 'seq, &commandId, state',
      files: 'sha256, uploaded',
    });
  }
}

export async function getMeta<T>(db: KitDb, key: string): Promise<T | undefined> {
  return (await db.meta.get(key))?.value as T | undefined;
}

export async function setMeta(db: KitDb, key: string, value: unknown): Promise<void> {
  await db.meta.put({ key, value });
}
