import { sign, verify } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Db, Executor } from '../../db/database';
import type { AuditKeys } from './keys';

/**
 * Checkpoints anchor the chain outside the database (ADR 15, after Certificate Transparency's
 * signed tree heads): the chain's end (position, hash, number of links) and the time, signed with
 * Ed25519, appended as one JSON line to AUDIT_CHECKPOINT_FILE (and copied into
 * `audit_checkpoints`; optionally mailed to the auditors). Verification checks the chain against
 * every checkpoint, so even a holder of the HMAC key cannot rewrite history a checkpoint has seen.
 */

export interface Checkpoint {
  v: 1;
  /** Chain position of the last link. */
  seq: number;
  /** Its hash. */
  hash: string;
  /** Links in the chain at that moment (= seq: positions have no gaps). */
  rows: number;
  at: string;
  /** Id (fingerprint) of the signing key. */
  key: string;
  /** Ed25519 signature (base64) over checkpointMessage(). */
  sig: string;
}

export function checkpointMessage(c: Omit<Checkpoint, 'sig'>): string {
  return `bk-audit-checkpoint-1|${c.seq}|${c.hash}|${c.rows}|${c.at}|${c.key}`;
}

export function checkpointSignatureValid(keys: AuditKeys, c: Checkpoint): boolean {
  const key = keys.verifyKeys.get(c.key);
  if (!key || typeof c.sig !== 'string') return false;
  try {
    return verify(null, Buffer.from(checkpointMessage(c)), key, Buffer.from(c.sig, 'base64'));
  } catch {
    return false;
  }
}

/**
 * Signs the chain's current end and appends it to the file (fsync) and the table. Does nothing
 * (returns null) when the chain is empty or has not moved since the last checkpoint, unless forced.
 */
export async function writeCheckpoint(
  db: Db,
  keys: AuditKeys,
  file: string,
  options: { force?: boolean; now?: Date } = {},
): Promise<Checkpoint | null> {
  const head = await db
    .selectFrom('audit_chain_head')
    .select(['chain_seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  const seq = Number(head.chain_seq);
  if (seq === 0) return null;
  if (!options.force) {
    const last = await db
      .selectFrom('audit_checkpoints')
      .select('chain_seq')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (last && Number(last.chain_seq) === seq) return null;
  }
  const unsigned = {
    v: 1 as const,
    seq,
    hash: head.hash,
    rows: seq,
    at: (options.now ?? new Date()).toISOString(),
    key: keys.signingKeyId,
  };
  const checkpoint: Checkpoint = {
    ...unsigned,
    sig: sign(null, Buffer.from(checkpointMessage(unsigned)), keys.signingKey).toString('base64'),
  };
  appendLine(file, JSON.stringify(checkpoint));
  await db
    .insertInto('audit_checkpoints')
    .values({
      chain_seq: checkpoint.seq,
      hash: checkpoint.hash,
      rows: checkpoint.rows,
      created_at: new Date(checkpoint.at),
      signing_key_id: checkpoint.key,
      signature: checkpoint.sig,
    })
    .execute();
  return checkpoint;
}

function appendLine(file: string, line: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const fd = fs.openSync(file, 'a', 0o600);
  try {
    fs.writeSync(fd, `${line}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export interface CheckpointFile {
  checkpoints: Checkpoint[];
  /** Lines that are not a checkpoint at all (a damaged file). */
  unreadable: number;
  exists: boolean;
}

export function readCheckpointFile(file: string): CheckpointFile {
  if (!fs.existsSync(file)) return { checkpoints: [], unreadable: 0, exists: false };
  const checkpoints: Checkpoint[] = [];
  let unreadable = 0;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const c = JSON.parse(line) as Checkpoint;
      if (c.v === 1 && Number.isInteger(c.seq) && typeof c.hash === 'string') checkpoints.push(c);
      else unreadable++;
    } catch {
      unreadable++;
    }
  }
  return { checkpoints, unreadable, exists: true };
}

/** The database's copies, newest first. */
export async function listStoredCheckpoints(db: Executor, limit = 1000): Promise<Checkpoint[]> {
  const rows = await sql<{
    chain_seq: number;
    hash: string;
    rows: number;
    created_at: Date;
    signing_key_id: string;
    signature: string;
  }>`select chain_seq, hash, rows, created_at, signing_key_id, signature
       from audit_checkpoints order by id desc limit ${limit}`.execute(db);
  return rows.rows.map((r) => ({
    v: 1,
    seq: Number(r.chain_seq),
    hash: r.hash,
    rows: Number(r.rows),
    at: new Date(r.created_at).toISOString(),
    key: r.signing_key_id,
    sig: r.signature,
  }));
}
