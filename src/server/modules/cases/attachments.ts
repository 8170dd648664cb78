import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Selectable } from 'kysely';
import type { AttachmentKind } from '../../../core/forms/types';
import { uuidv7 } from '../../../core/ids';
import type { Executor } from '../../db/database';
import { AppError } from '../../http/errors';
import { type AuditActor, recordAudit } from '../audit/service';
import type { AttachmentsTable } from './tables';

/**
 * Photos, signatures and scans, stored content-addressed: the file's name is the SHA-256 of its
 * bytes, under DATA_DIR/attachments/<authority>/<first two hex digits>/. The same bytes are
 * stored once. Every file is checked by its first bytes (a "photo" must really be a JPEG or PNG),
 * its size and — for the photo — its dimensions. The system never takes fingerprints: there is
 * no kind for them.
 */

export type MediaType = 'image/jpeg' | 'image/png' | 'application/pdf';

export interface AttachmentRule {
  types: MediaType[];
  maxBytes: number;
  minWidth?: number;
  minHeight?: number;
}

export const ATTACHMENT_RULES: Record<AttachmentKind, AttachmentRule> = {
  photo: { types: ['image/jpeg', 'image/png'], maxBytes: 5 * 1024 * 1024, minWidth: 240, minHeight: 320 },
  signature: { types: ['image/png', 'image/jpeg'], maxBytes: 1024 * 1024 },
  scan: { types: ['image/jpeg', 'image/png', 'application/pdf'], maxBytes: 10 * 1024 * 1024 },
};

export const ATTACHMENT_MAX_BYTES = Math.max(...Object.values(ATTACHMENT_RULES).map((r) => r.maxBytes));

/**
 * The most pixels an image may declare: 40 megapixels (a 48-megapixel phone photo is binned to
 * 12; an A4 scan at 600 dpi has 35). A few kilobytes can declare 30000 × 30000 pixels, which
 * would take gigabytes to decode for a PDF; such a file is refused at upload.
 */
export const ATTACHMENT_MAX_PIXELS = 40_000_000;

/** What the first bytes say the file is. */
export function sniffMediaType(bytes: Uint8Array): MediaType | null {
  const b = bytes;
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (
    b.length >= 8 &&
    b[0] === 0x89 &&
    b[1] === 0x50 &&
    b[2] === 0x4e &&
    b[3] === 0x47 &&
    b[4] === 0x0d &&
    b[5] === 0x0a &&
    b[6] === 0x1a &&
    b[7] === 0x0a
  )
    return 'image/png';
  if (b.length >= 5 && Buffer.from(b.subarray(0, 5)).toString('latin1') === '%PDF-') return 'application/pdf';
  return null;
}

/** Width and height of a PNG (IHDR) or JPEG (first SOF marker); null if they cannot be read. */
export function imageSize(bytes: Uint8Array, type: MediaType): { width: number; height: number } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (type === 'image/png') {
    if (bytes.length < 24) return null;
    return { width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (type === 'image/jpeg') {
    let i = 2;
    while (i + 9 < bytes.length) {
      if (bytes[i] !== 0xff) return null;
      const marker = bytes[i + 1]!;
      if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        i += 2;
        continue;
      }
      const length = view.getUint16(i + 2);
      const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
      if (isSof) return { height: view.getUint16(i + 5), width: view.getUint16(i + 7) };
      i += 2 + length;
    }
  }
  return null;
}

export function attachmentPath(dataDir: string, authorityId: string, sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256) || !/^[0-9a-f-]{36}$/.test(authorityId))
    throw new AppError('ATTACHMENT_NOT_FOUND');
  return path.join(dataDir, 'attachments', authorityId, sha256.slice(0, 2), sha256);
}

export interface AttachmentView {
  id: string;
  sha256: string;
  kind: AttachmentKind;
  mediaType: MediaType;
  sizeBytes: number;
  width: number | null;
  height: number | null;
  purged: boolean;
}

export function toAttachmentView(a: Selectable<AttachmentsTable>): AttachmentView {
  return {
    id: a.id,
    sha256: a.sha256,
    kind: a.kind,
    mediaType: a.media_type,
    sizeBytes: a.size_bytes,
    width: a.width,
    height: a.height,
    purged: a.purged_at !== null,
  };
}

export interface StoreAttachmentInput {
  /** Caller-supplied UUIDv7 for the record (a kit's); ignored when the bytes are already stored. */
  id?: string;
  authorityId: string;
  kind: AttachmentKind;
  /** The type the sender declares; it must match the bytes. */
  mediaType: string;
  bytes: Uint8Array;
  /** The SHA-256 the sender computed (a kit's); checked against the bytes. */
  sha256?: string;
}

/**
 * Checks and stores a file; returns its record. The same bytes again return the stored record
 * (content addressing makes uploads idempotent).
 */
export async function storeAttachment(
  db: Executor,
  dataDir: string,
  actor: AuditActor,
  input: StoreAttachmentInput,
): Promise<AttachmentView> {
  const rule = ATTACHMENT_RULES[input.kind];
  const declared = input.mediaType.split(';')[0]!.trim().toLowerCase() as MediaType;
  if (!rule.types.includes(declared)) throw new AppError('ATTACHMENT_TYPE_NOT_ALLOWED');
  if (input.bytes.length > rule.maxBytes)
    throw new AppError('ATTACHMENT_TOO_LARGE', { limit: Math.round(rule.maxBytes / 1024 / 1024) });
  if (sniffMediaType(input.bytes) !== declared) throw new AppError('ATTACHMENT_CONTENT_MISMATCH');
  const size = declared === 'application/pdf' ? null : imageSize(input.bytes, declared);
  if (declared !== 'application/pdf' && !size) throw new AppError('ATTACHMENT_CONTENT_MISMATCH');
  if (size && (size.width === 0 || size.height === 0)) throw new AppError('ATTACHMENT_CONTENT_MISMATCH');
  if (size && size.width * size.height > ATTACHMENT_MAX_PIXELS) {
    throw new AppError('ATTACHMENT_IMAGE_TOO_LARGE', {
      width: size.width,
      height: size.height,
      megapixels: ATTACHMENT_MAX_PIXELS / 1_000_000,
    });
  }
  if (
    size &&
    rule.minWidth &&
    rule.minHeight &&
    (size.width < rule.minWidth || size.height < rule.minHeight)
  ) {
    throw new AppError('ATTACHMENT_IMAGE_TOO_SMALL', {
      width: size.width,
      height: size.height,
      minWidth: rule.minWidth,
      minHeight: rule.minHeight,
    });
  }
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  if (input.sha256 && input.sha256.toLowerCase() !== sha256) throw new AppError('ATTACHMENT_HASH_MISMATCH');

  const file = attachmentPath(dataDir, input.authorityId, sha256);
  if (!fs.existsSync(file)) {
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    await fs.promises.writeFile(tmp, input.bytes, { mode: 0o600 });
    await fs.promises.rename(tmp, file);
  }
  const inserted = await db
    .insertInto('attachments')
    .values({
      id: input.id ?? uuidv7(),
      authority_id: input.authorityId,
      sha256,
      kind: input.kind,
      media_type: declared,
      size_bytes: input.bytes.length,
      width: size?.width ?? null,
      height: size?.height ?? null,
      created_by: actor.userId,
      kit_id: actor.kitId,
      purged_at: null,
    })
    .onConflict((oc) => oc.columns(['authority_id', 'sha256']).doUpdateSet({ purged_at: null }))
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(db, actor, {
    action: 'attachment.store',
    resourceType: 'attachment',
    resourceId: inserted.id,
    details: { kind: inserted.kind, mediaType: declared, sizeBytes: input.bytes.length, sha256 },
  });
  return toAttachmentView(inserted);
}

export async function attachmentsBySha(
  db: Executor,
  authorityId: string,
  shas: string[],
): Promise<Map<string, Selectable<AttachmentsTable>>> {
  if (shas.length === 0) return new Map();
  const rows = await db
    .selectFrom('attachments')
    .selectAll()
    .where('authority_id', '=', authorityId)
    .where(
      'sha256',
      'in',
      shas.map((s) => s.toLowerCase()),
    )
    .where('purged_at', 'is', null)
    .execute();
  return new Map(rows.map((r) => [r.sha256, r]));
}

/** The bytes of a stored file, if it is still there. */
export async function readAttachmentBytes(
  dataDir: string,
  authorityId: string,
  sha256: string,
): Promise<Buffer | null> {
  try {
    return await fs.promises.readFile(attachmentPath(dataDir, authorityId, sha256));
  } catch {
    return null;
  }
}

/**
 * Marks the files that must not be kept (the biometric photo and signature of an ID application
 * once the application is done) for deletion, inside the caller's transaction. Files still used
 * by another open case are kept. The records stay; `deletePurgedFiles` removes the bytes after
 * the transaction has committed.
 */
export async function purgeCaseAttachments(
  trx: Executor,
  caseId: string,
  kinds: AttachmentKind[],
): Promise<number> {
  const rows = await trx
    .selectFrom('case_attachments as ca')
    .innerJoin('attachments as a', 'a.id', 'ca.attachment_id')
    .select(['a.id'])
    .where('ca.case_id', '=', caseId)
    .where('a.kind', 'in', kinds)
    .where('a.purged_at', 'is', null)
    .execute();
  let purged = 0;
  for (const r of rows) {
    const stillUsed = await trx
      .selectFrom('case_attachments as ca')
      .innerJoin('cases as c', 'c.id', 'ca.case_id')
      .select('c.id')
      .where('ca.attachment_id', '=', r.id)
      .where('c.id', '!=', caseId)
      .where('c.status', 'in', ['captured', 'submitted', 'in_progress', 'ready_for_pickup'])
      .executeTakeFirst();
    if (stillUsed) continue;
    await trx.updateTable('attachments').set({ purged_at: new Date() }).where('id', '=', r.id).execute();
    purged++;
  }
  return purged;
}

/** Deletes the bytes of files marked purged (a periodic job; idempotent). */
export async function deletePurgedFiles(db: Executor, dataDir: string): Promise<number> {
  const rows = await db
    .selectFrom('attachments')
    .select(['id', 'authority_id', 'sha256'])
    .where('purged_at', 'is not', null)
    .execute();
  let deleted = 0;
  for (const r of rows) {
    const file = attachmentPath(dataDir, r.authority_id, r.sha256);
    if (!fs.existsSync(file)) continue;
    // Re-check right before deleting: the same bytes may have been uploaded again meanwhile.
    const still = await db
      .selectFrom('attachments')
      .select('purged_at')
      .where('id', '=', r.id)
      .executeTakeFirst();
    if (!still?.purged_at) continue;
    await fs.promises.rm(file, { force: true });
    deleted++;
  }
  return deleted;
}
