import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { ATTACHMENT_MAX_BYTES, SHA256_HEX, type UploadStatus } from '../../../core/sync/protocol';
import type { Executor } from '../../db/database';
import { AppError } from '../../http/errors';

/**
 * Resumable, content-addressed uploads of the kit's files (photos, signatures, scans). Bytes
 * are appended to `<sha>.part` as they arrive, so a connection cut mid-chunk keeps what came
 * through and the kit resumes at the reported offset. When the last byte is in, the SHA-256 is
 * checked and the file becomes `<sha>`; a mismatch discards it and the kit starts over.
 */
export const UPLOAD_MIME_TYPES = new Set(['image/jpeg', 'image/png', 'application/pdf']);

export class KitUploadStore {
  private readonly root: string;
  /** One writer per file at a time in this process. */
  private readonly busy = new Map<string, Promise<unknown>>();

  constructor(dataDir: string) {
    this.root = path.join(dataDir, 'kit-uploads');
  }

  private file(authorityId: string, sha256: string, part = false): string {
    if (!SHA256_HEX.test(sha256)) throw new AppError('KIT_UPLOAD_INVALID');
    return path.join(this.root, authorityId, part ? `${sha256}.part` : sha256);
  }

  async status(db: Executor, authorityId: string, sha256: string, size: number): Promise<UploadStatus> {
    const done = await db
      .selectFrom('kit_uploads')
      .select('size')
      .where('authority_id', '=', authorityId)
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    if (done && fs.existsSync(this.file(authorityId, sha256)))
      return { sha256, size: Number(done.size), received: Number(done.size), complete: true };
    let received = 0;
    try {
      received = (await fs.promises.stat(this.file(authorityId, sha256, true))).size;
    } catch {
      received = 0;
    }
    return { sha256, size, received: Math.min(received, size), complete: false };
  }

  /** Appends one chunk that starts at `offset`; returns where the upload stands afterwards. */
  async append(
    db: Executor,
    input: {
      authorityId: string;
      kitId: string;
      sha256: string;
      size: number;
      mime: string;
      offset: number;
      maxChunkBytes: number;
      body: Readable;
    },
  ): Promise<UploadStatus> {
    const { authorityId, sha256, size } = input;
    if (!UPLOAD_MIME_TYPES.has(input.mime) || size <= 0 || size > ATTACHMENT_MAX_BYTES)
      throw new AppError('KIT_UPLOAD_INVALID');
    const key = `${authorityId}/${sha256}`;
    while (this.busy.has(key)) await this.busy.get(key)!.catch(() => {});
    const work = this.appendLocked(db, input);
    this.busy.set(key, work);
    try {
      return await work;
    } finally {
      this.busy.delete(key);
    }
  }

  private async appendLocked(
    db: Executor,
    input: {
      authorityId: string;
      kitId: string;
      sha256: string;
      size: number;
      mime: string;
      offset: number;
      maxChunkBytes: number;
      body: Readable;
    },
  ): Promise<UploadStatus> {
    const { authorityId, sha256, size, offset } = input;
    const before = await this.status(db, authorityId, sha256, size);
    if (before.complete) {
      input.body.resume();
      return before;
    }
    if (offset !== before.received) {
      input.body.resume();
      throw new AppError('KIT_UPLOAD_OFFSET', { received: before.received }, [], {
        received: before.received,
      });
    }
    const part = this.file(authorityId, sha256, true);
    await fs.promises.mkdir(path.dirname(part), { recursive: true });
    const limit = Math.min(input.maxChunkBytes, size - offset);
    const handle = await fs.promises.open(part, 'a');
    let written = 0;
    try {
      for await (const chunk of input.body as AsyncIterable<Buffer>) {
        const take = Math.min(chunk.length, limit - written);
        if (take > 0) {
          await handle.write(chunk, 0, take);
          written += take;
        }
        if (written >= limit) break;
      }
    } catch {
      // The connection was cut: what was written stays, the kit resumes from there.
    } finally {
      await handle.sync().catch(() => {});
      await handle.close();
    }
    const received = offset + written;
    if (received < size) return { sha256, size, received, complete: false };
    const digest = await hashFile(part);
    if (digest !== sha256) {
      await fs.promises.rm(part, { force: true });
      throw new AppError('KIT_UPLOAD_HASH_MISMATCH');
    }
    await fs.promises.rename(part, this.file(authorityId, sha256));
    await db
      .insertInto('kit_uploads')
      .values({ authority_id: authorityId, sha256, kit_id: input.kitId, size, mime: input.mime })
      .onConflict((oc) => oc.columns(['authority_id', 'sha256']).doNothing())
      .execute();
    return { sha256, size, received: size, complete: true };
  }

  /** Of the given hashes, those the server does not hold completely. */
  async missing(db: Executor, authorityId: string, sha256s: string[]): Promise<string[]> {
    if (sha256s.length === 0) return [];
    const rows = await db
      .selectFrom('kit_uploads')
      .select('sha256')
      .where('authority_id', '=', authorityId)
      .where('sha256', 'in', sha256s)
      .execute();
    const have = new Set(rows.map((r) => r.sha256));
    return sha256s.filter((s) => !have.has(s) || !fs.existsSync(this.file(authorityId, s)));
  }

  async read(authorityId: string, sha256: string): Promise<Buffer> {
    return fs.promises.readFile(this.file(authorityId, sha256));
  }

  pathOf(authorityId: string, sha256: string): string {
    return this.file(authorityId, sha256);
  }
}

async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
