import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { IsoDate } from '../../../core/time';
import type { Executor } from '../../db/database';

/**
 * Kit uploads (photos, signatures, scans as they arrived from a kit, under DATA_DIR/kit-uploads)
 * are copied into the case's attachments when the kit's command is applied; after the period of
 * `attachments.unlinked` the upload copy goes — record and file (ADR 21).
 */
const completedOn = sql<string>`(completed_at at time zone 'Europe/Berlin')::date`;

export async function countKitUploadsDue(db: Executor, cutoff: IsoDate): Promise<number> {
  const r = await db
    .selectFrom('kit_uploads')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where(completedOn, '<=', cutoff)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export interface KitUploadRef {
  authorityId: string;
  sha256: string;
}

export async function deleteKitUploads(
  trx: Executor,
  cutoff: IsoDate,
  limit: number,
): Promise<{ count: number; files: KitUploadRef[] }> {
  const rows = await trx
    .selectFrom('kit_uploads')
    .select(['authority_id', 'sha256'])
    .where(completedOn, '<=', cutoff)
    .orderBy('sha256')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  for (const r of rows)
    await trx
      .deleteFrom('kit_uploads')
      .where('authority_id', '=', r.authority_id)
      .where('sha256', '=', r.sha256)
      .execute();
  return { count: rows.length, files: rows.map((r) => ({ authorityId: r.authority_id, sha256: r.sha256 })) };
}

/** Deletes the upload files whose record is gone (not if the kit uploaded the bytes again meanwhile). */
export async function removeKitUploadFiles(
  db: Executor,
  dataDir: string,
  refs: KitUploadRef[],
): Promise<void> {
  for (const ref of refs) {
    if (!/^[0-9a-f]{64}$/.test(ref.sha256)) continue;
    const again = await db
      .selectFrom('kit_uploads')
      .select('sha256')
      .where('authority_id', '=', ref.authorityId)
      .where('sha256', '=', ref.sha256)
      .executeTakeFirst();
    if (again) continue;
    await fs.promises.rm(path.join(dataDir, 'kit-uploads', ref.authorityId, ref.sha256), { force: true });
  }
}
