import { createHash } from 'node:crypto';
import type { Executor } from '../../db/database';
import { AppError } from '../../http/errors';
import { type AuditActor, recordAudit } from '../audit/service';
import { loadPersonRecord } from '../register/service';
import { formatAddress } from '../register/views';
import { readAttachmentBytes } from './attachments';
import { ID_DOCUMENT_OF } from './effects';

/**
 * The package for the certified ID-document software: a tar archive with the application as
 * JSON and the photo and signature as image files, with their SHA-256 sums. Fingerprints are not
 * in it — this system never captures them; the certified software takes them at the desk.
 */

export const ID_EXPORT_FORMAT = 'buergerkoffer-id-application/1';

/** A POSIX ustar archive of small files (no dependency needed for three files). */
export function tar(files: { name: string; bytes: Uint8Array; mtime: number }[]): Buffer {
  const blocks: Buffer[] = [];
  for (const f of files) {
    const header = Buffer.alloc(512, 0);
    const write = (value: string, offset: number, length: number) =>
      header.write(value, offset, length, 'ascii');
    const octal = (value: number, length: number) => value.toString(8).padStart(length - 1, '0');
    write(f.name, 0, 100);
    write(octal(0o644, 8), 100, 8);
    write(octal(0, 8), 108, 8);
    write(octal(0, 8), 116, 8);
    write(octal(f.bytes.length, 12), 124, 12);
    write(octal(Math.floor(f.mtime / 1000), 12), 136, 12);
    write('        ', 148, 8);
    write('0', 156, 1);
    write('ustar\u000000', 257, 8);
    let sum = 0;
    for (const b of header) sum += b;
    write(`${octal(sum, 7)}\u0000 `, 148, 8);
    blocks.push(header, Buffer.from(f.bytes));
    const pad = (512 - (f.bytes.length % 512)) % 512;
    if (pad) blocks.push(Buffer.alloc(pad, 0));
  }
  blocks.push(Buffer.alloc(1024, 0));
  return Buffer.concat(blocks);
}

export async function idExportPackage(
  db: Executor,
  actor: AuditActor,
  input: { authorityId: string; caseId: string; dataDir: string; today: string },
): Promise<{ bytes: Buffer; filename: string }> {
  const row = await db
    .selectFrom('cases')
    .selectAll()
    .where('id', '=', input.caseId)
    .where('authority_id', '=', input.authorityId)
    .executeTakeFirst();
  if (!row) throw new AppError('CASE_NOT_FOUND');
  const kind = ID_DOCUMENT_OF[row.form_key];
  if (
    !kind ||
    kind === 'temporary_id_card' ||
    !row.person_id ||
    !['submitted', 'in_progress'].includes(row.status)
  )
    throw new AppError('CASE_EXPORT_NOT_AVAILABLE');
  const atts = await db
    .selectFrom('case_attachments as ca')
    .innerJoin('attachments as a', 'a.id', 'ca.attachment_id')
    .select(['a.sha256', 'a.kind', 'a.media_type', 'a.width', 'a.height', 'a.purged_at'])
    .where('ca.case_id', '=', row.id)
    .execute();
  const photo = atts.find((a) => a.kind === 'photo' && !a.purged_at);
  if (!photo) throw new AppError('CASE_EXPORT_NOT_AVAILABLE');
  const signature = atts.find((a) => a.kind === 'signature' && !a.purged_at);
  const person = await loadPersonRecord(db, input.authorityId, row.person_id, input.today);
  const authority = await db
    .selectFrom('authorities')
    .select(['name', 'ags'])
    .where('id', '=', row.authority_id)
    .executeTakeFirstOrThrow();
  const ext = (t: string) => (t === 'image/png' ? 'png' : 'jpg');
  const files: { name: string; bytes: Uint8Array; mtime: number }[] = [];
  const now = Date.now();
  const photoBytes = await readAttachmentBytes(input.dataDir, input.authorityId, photo.sha256);
  if (!photoBytes) throw new AppError('CASE_EXPORT_NOT_AVAILABLE');
  files.push({ name: `lichtbild.${ext(photo.media_type)}`, bytes: photoBytes, mtime: now });
  const signatureBytes = signature
    ? await readAttachmentBytes(input.dataDir, input.authorityId, signature.sha256)
    : null;
  if (signature && signatureBytes)
    files.push({ name: `unterschrift.${ext(signature.media_type)}`, bytes: signatureBytes, mtime: now });
  const main = person.residences.find((r) => r.current && r.kind !== 'secondary');
  const data = row.form_data;
  const application = {
    format: ID_EXPORT_FORMAT,
    caseNumber: row.number,
    localNumber: row.local_number,
    document: kind,
    authority: { name: authority.name, ags: authority.ags },
    capturedAt: row.captured_at.toISOString(),
    applicant: {
      familyName: person.familyName,
      givenNames: person.givenNames,
      birthName: person.birthName,
      doctoralDegree: person.doctoralDegree,
      birthDate: person.birthDate,
      birthPlace: person.birthPlace,
      sex: person.sex,
      nationalities: person.nationalities,
      address: main ? { text: formatAddress(main.address), ...main.address } : null,
    },
    features: { heightCm: data.heightCm ?? null, eyeColour: data.eyeColour ?? null },
    reason: data.reason ?? null,
    custodian: data.custodianNames
      ? { names: data.custodianNames, consent: data.custodianConsent === true }
      : null,
    photo: {
      file: files[0]!.name,
      sha256: photo.sha256,
      mediaType: photo.media_type,
      width: photo.width,
      height: photo.height,
      source: data.photoSource ?? null,
    },
    signature:
      signature && signatureBytes
        ? { file: files[1]!.name, sha256: signature.sha256, mediaType: signature.media_type }
        : null,
    fingerprints:
      'not captured by this system; taken by the certified ID-document software (§ 9 Abs. 3 PAuswG, § 6 Abs. 2 PassG)',
    pickupAt: row.pickup_at,
    feeOptions: data.feeOptions ?? [],
  };
  const json = Buffer.from(`${JSON.stringify(application, null, 2)}\n`, 'utf8');
  files.unshift({ name: 'antrag.json', bytes: json, mtime: now });
  const sums = files
    .map((f) => `${createHash('sha256').update(f.bytes).digest('hex')}  ${f.name}`)
    .join('\n');
  files.push({ name: 'SHA256SUMS', bytes: Buffer.from(`${sums}\n`), mtime: now });
  await recordAudit(
    db,
    { ...actor, reason: actor.reason ?? `Vorgang ${row.number}` },
    {
      action: 'case.id_export',
      resourceType: 'case',
      resourceId: row.id,
      subjectPersonId: row.person_id,
      details: { files: files.map((f) => f.name) },
    },
  );
  return { bytes: tar(files), filename: `ausweisantrag-${row.number}.tar` };
}
