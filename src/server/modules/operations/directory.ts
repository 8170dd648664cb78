import { sql } from 'kysely';
import { uuidv7 } from '../../../core/ids';
import type { Db, Executor } from '../../db/database';
import { inTransaction } from '../../db/transaction';
import { AppError } from '../../http/errors';
import { type AuditActor, recordAudit } from '../audit/service';
import { ASSOCIATION_TEXT_KEYS, MUNICIPALITY_TEXT_KEYS, parseGv100ad } from './gv100ad';
import type { BodyKind } from './schemas';

/** Most errors listed in one answer (a wrong file would otherwise list every line). */
const MAX_LISTED_ERRORS = 200;

export interface DirectoryLoadResult {
  encoding: 'utf-8' | 'iso-8859-1';
  validOn: string;
  municipalities: number;
  associations: number;
  skippedLines: number;
}

/**
 * Loads a GV100AD file as the installation's municipality directory, replacing the previous one
 * in one transaction. A file with any malformed line is refused whole, with every faulty line and
 * field listed (up to 200), so a cut or mis-encoded download never leaves half a directory.
 */
export async function loadDirectory(
  db: Db,
  actor: AuditActor,
  file: { name: string; bytes: Uint8Array },
): Promise<DirectoryLoadResult> {
  const parsed = parseGv100ad(file.bytes);
  if (parsed.errors.length > 0 || parsed.municipalities.length === 0) {
    const errors = parsed.errors.slice(0, MAX_LISTED_ERRORS).map((e) => ({
      path: `/lines/${e.line}/${e.field}`,
      code: 'gv100ad',
      message: `Zeile ${e.line}, Feld ${e.field}: ${e.message}`,
      params: { line: e.line, field: e.field },
    }));
    if (parsed.municipalities.length === 0 && errors.length === 0)
      errors.push({
        path: '/lines',
        code: 'noMunicipalities',
        message: 'Die Datei enthält keinen Gemeindesatz (Satzart 60).',
        params: {} as never,
      });
    throw new AppError('DIRECTORY_FILE_INVALID', {}, errors, { errorCount: parsed.errors.length });
  }
  const validOn = parsed.municipalities
    .map((m) => m.validOn)
    .sort()
    .at(-1)!;
  const rows = parsed.municipalities.map((m) => {
    const associationKey = `${m.land}${m.regbez}${m.kreis}${m.verband}`;
    const association = parsed.associations.get(associationKey);
    return {
      ags: m.ags,
      ars: m.ars,
      name: m.name,
      text_key: m.textKey,
      association_key: associationKey,
      association_name: association?.name ?? null,
      association_text_key: association?.textKey ?? null,
      district_name: parsed.districts.get(`${m.land}${m.regbez}${m.kreis}`)?.name ?? null,
      state_name: parsed.states.get(m.land)?.name ?? null,
      postal_code: m.postalCode,
      postal_code_ambiguous: m.postalCodeAmbiguous,
      population: m.population,
      area_ha: m.areaHa,
      valid_on: m.validOn,
    };
  });
  const result: DirectoryLoadResult = {
    encoding: parsed.encoding,
    validOn,
    municipalities: rows.length,
    associations: parsed.associations.size,
    skippedLines: parsed.blankLines,
  };
  await inTransaction(db, async (trx) => {
    await trx.deleteFrom('municipality_directory').execute();
    for (let i = 0; i < rows.length; i += 500) {
      await trx
        .insertInto('municipality_directory')
        .values(rows.slice(i, i + 500))
        .onConflict((oc) => oc.column('ags').doNothing())
        .execute();
    }
    await trx
      .insertInto('municipality_directory_loads')
      .values({
        id: uuidv7(),
        file_name: file.name.slice(0, 200),
        encoding: result.encoding,
        valid_on: validOn,
        municipalities: result.municipalities,
        associations: result.associations,
        skipped_lines: result.skippedLines,
        loaded_by: actor.userId,
      })
      .execute();
    await recordAudit(trx, actor, {
      action: 'operator.directory_load',
      resourceType: 'municipality_directory',
      details: { fileName: file.name.slice(0, 200), ...result },
    });
  });
  return result;
}

export async function directoryStatus(db: Executor) {
  const last = await db
    .selectFrom('municipality_directory_loads')
    .select(['file_name', 'encoding', 'valid_on', 'municipalities', 'associations', 'loaded_at'])
    .orderBy('loaded_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return last
    ? {
        loaded: true,
        fileName: last.file_name,
        encoding: last.encoding,
        validOn: String(last.valid_on).slice(0, 10),
        municipalities: last.municipalities,
        associations: last.associations,
        loadedAt: last.loaded_at.toISOString(),
      }
    : { loaded: false };
}

type DirectoryRow = {
  ags: string;
  ars: string;
  name: string;
  text_key: string;
  association_key: string;
  association_name: string | null;
  association_text_key: string | null;
  district_name: string | null;
  postal_code: string | null;
  population: number | null;
  taken_by: string | null;
};

function entry(r: DirectoryRow) {
  return {
    ags: r.ags.trim(),
    ars: r.ars.trim(),
    name: r.name,
    kind: MUNICIPALITY_TEXT_KEYS[r.text_key.trim()] ?? r.text_key,
    associationKey: r.association_key.trim(),
    associationName: r.association_name,
    associationKind: r.association_text_key
      ? (ASSOCIATION_TEXT_KEYS[r.association_text_key.trim()] ?? null)
      : null,
    district: r.district_name,
    postalCode: r.postal_code?.trim() ?? null,
    population: r.population === null ? null : Number(r.population),
    takenBy: r.taken_by,
  };
}

function selectEntries(db: Executor) {
  return db
    .selectFrom('municipality_directory as d')
    .leftJoin('municipalities as m', 'm.ags', 'd.ags')
    .leftJoin('authorities as a', 'a.id', 'm.authority_id')
    .select([
      'd.ags',
      'd.ars',
      'd.name',
      'd.text_key',
      'd.association_key',
      'd.association_name',
      'd.association_text_key',
      'd.district_name',
      'd.postal_code',
      'd.population',
      'a.slug as taken_by',
    ]);
}

/** Municipalities by name (part of it, any case) or by key (AGS or ARS prefix). */
export async function searchDirectory(db: Executor, query: string, limit = 20) {
  const q = query.trim();
  let builder = selectEntries(db);
  if (/^[0-9]{2,12}$/.test(q)) {
    builder = builder.where((eb) => eb.or([eb('d.ags', 'like', `${q}%`), eb('d.ars', 'like', `${q}%`)]));
  } else {
    const pattern = `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    builder = builder.where(sql<boolean>`lower(d.name) like ${pattern}`);
  }
  const rows = await builder.orderBy('d.ags').limit(limit).execute();
  return rows.map(entry);
}

/**
 * What the directory says about the body a municipality belongs to: its Gemeindeverband's
 * members, the kind of body and the lead municipality (erfüllende Gemeinde: the member that
 * is a town, else the most populous), so the operator confirms instead of typing.
 */
export async function proposeFromDirectory(db: Executor, ags: string) {
  const self = await selectEntries(db).where('d.ags', '=', ags).executeTakeFirst();
  if (!self) {
    const any = await db.selectFrom('municipality_directory').select('ags').limit(1).executeTakeFirst();
    throw new AppError(any ? 'NOT_FOUND' : 'DIRECTORY_EMPTY');
  }
  const associationKind = self.association_text_key?.trim() ?? '50';
  const members =
    associationKind === '50'
      ? [self]
      : await selectEntries(db)
          .where('d.association_key', '=', self.association_key)
          .orderBy('d.ags')
          .execute();
  const isTown = (r: DirectoryRow) => ['61', '62', '63', '67'].includes(r.text_key.trim());
  const lead =
    members.find(isTown) ??
    [...members].sort((a, b) => Number(b.population ?? 0) - Number(a.population ?? 0))[0]!;
  const bodyKind: BodyKind =
    associationKind === '56'
      ? 'verwaltungsverband'
      : associationKind === '50'
        ? isTown(self)
          ? 'stadt'
          : 'einheitsgemeinde'
        : 'verwaltungsgemeinschaft';
  return {
    bodyKind,
    name: associationKind === '50' ? self.name : (self.association_name ?? self.name),
    leadMunicipalityAgs: lead.ags.trim(),
    municipalities: members.map(entry),
  };
}
