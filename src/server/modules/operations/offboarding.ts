import { promises as fs } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { uuidv7 } from '../../../core/ids';
import type { Db, Executor } from '../../db/database';
import { inTransaction } from '../../db/transaction';
import { AppError } from '../../http/errors';
import { type AuditActor, recordAudit } from '../audit/service';
import { brandingDir } from './service';
import { TarGzWriter } from './tar';

/**
 * Tables that stay when an authority is deleted (ADR 26): the audit trail (its chain must stay
 * verifiable; see the ADR for what happens to the payloads) and the record of exports.
 */
export const KEPT_TABLES = new Set(['audit_log', 'authority_exports']);

interface ForeignKey {
  child: string;
  parent: string;
  childCols: string[];
  parentCols: string[];
  onDelete: string;
}

export interface ScopedTable {
  table: string;
  /** The WHERE clause that selects the authority's rows (parameter: the authority's id). */
  kind: 'tenant' | 'dependent';
  via?: ForeignKey;
}

const ident = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unexpected identifier ${name}`);
  return sql.id(name);
};

/** Every table holding rows of an authority, in an order in which they can be deleted. */
export async function authorityTables(db: Executor): Promise<ScopedTable[]> {
  const tenant = (
    await sql<{ table_name: string }>`
      select c.table_name from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = current_schema() and c.column_name = 'authority_id' and t.table_type = 'BASE TABLE'
      order by c.table_name`.execute(db)
  ).rows
    .map((r) => r.table_name)
    .filter((t) => !KEPT_TABLES.has(t));
  const fks = (
    await sql<{ child: string; parent: string; child_cols: string; parent_cols: string; ondelete: string }>`
      select child.relname as child, parent.relname as parent, con.confdeltype::text as ondelete,
        (select string_agg(a.attname, ',' order by k.ord) from unnest(con.conkey) with ordinality k(attnum, ord)
           join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum) as child_cols,
        (select string_agg(a.attname, ',' order by k.ord) from unnest(con.confkey) with ordinality k(attnum, ord)
           join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum) as parent_cols
      from pg_constraint con
      join pg_class child on child.oid = con.conrelid
      join pg_class parent on parent.oid = con.confrelid
      join pg_namespace n on n.oid = child.relnamespace
      where con.contype = 'f' and n.nspname = current_schema()`.execute(db)
  ).rows.map<ForeignKey>((r) => ({
    child: r.child,
    parent: r.parent,
    childCols: r.child_cols.split(','),
    parentCols: r.parent_cols.split(','),
    onDelete: r.ondelete,
  }));
  const tenantSet = new Set(tenant);
  const scoped: ScopedTable[] = tenant.map((table) => ({ table, kind: 'tenant' }));
  // Tables without authority_id whose rows hang on an authority's rows (a "no action" or
  // "cascade" key): the idempotency keys of its bookings, the ticket counters of its locations …
  for (const fk of fks) {
    if (tenantSet.has(fk.child) || KEPT_TABLES.has(fk.child) || !tenantSet.has(fk.parent)) continue;
    if (fk.onDelete === 'n' || fk.onDelete === 'd') continue; // set null / set default: not its data
    if (scoped.some((s) => s.table === fk.child)) continue;
    scoped.push({ table: fk.child, kind: 'dependent', via: fk });
  }
  // Children before parents. `authorities` goes last (its lead-municipality key is cleared first).
  const names = new Set(scoped.map((s) => s.table));
  const edges = fks.filter(
    (fk) =>
      names.has(fk.child) &&
      names.has(fk.parent) &&
      fk.child !== fk.parent &&
      fk.parent !== 'authorities' &&
      fk.child !== 'authorities',
  );
  const ordered: ScopedTable[] = [];
  const remaining = new Map(scoped.filter((s) => s.table !== 'authorities').map((s) => [s.table, s]));
  while (remaining.size > 0) {
    const ready = [...remaining.keys()].filter(
      (t) => !edges.some((e) => e.parent === t && remaining.has(e.child)),
    );
    if (ready.length === 0)
      throw new Error(
        `cannot order the deletion, foreign keys form a cycle among: ${[...remaining.keys()].join(', ')}`,
      );
    for (const t of ready.sort()) {
      ordered.push(remaining.get(t)!);
      remaining.delete(t);
    }
  }
  const authorities = scoped.find((s) => s.table === 'authorities');
  if (authorities) ordered.push(authorities);
  return ordered;
}

function wherePart(s: ScopedTable, authorityId: string) {
  if (s.table === 'authorities') return sql`id = ${authorityId}`;
  if (s.kind === 'tenant') return sql`authority_id = ${authorityId}`;
  const fk = s.via!;
  const cols = sql.join(fk.childCols.map(ident));
  const parentCols = sql.join(fk.parentCols.map(ident));
  return sql`(${cols}) in (select ${parentCols} from ${ident(fk.parent)} where authority_id = ${authorityId})`;
}

export async function countAuthorityRows(db: Executor, authorityId: string) {
  const tables = await authorityTables(db);
  const counts: Array<{ table: string; rows: number }> = [];
  for (const t of tables) {
    const r = await sql<{
      n: string;
    }>`select count(*) as n from ${ident(t.table)} where ${wherePart(t, authorityId)}`.execute(db);
    counts.push({ table: t.table, rows: Number(r.rows[0]?.n ?? 0) });
  }
  return counts;
}

async function loadAuthority(db: Executor, authorityId: string) {
  const a = await db
    .selectFrom('authorities')
    .select(['id', 'slug', 'name', 'ags', 'status'])
    .where('id', '=', authorityId)
    .executeTakeFirst();
  if (!a) throw new AppError('AUTHORITY_NOT_FOUND');
  return a;
}

async function walk(dir: string, base = ''): Promise<Array<{ abs: string; rel: string }>> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const out: Array<{ abs: string; rel: string }> = [];
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const abs = path.join(dir, e.name);
    const rel = base ? `${base}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await walk(abs, rel)));
    else if (e.isFile()) out.push({ abs, rel });
  }
  return out;
}

export const EXPORT_FORMAT = 'buergerkoffer.authority-export';
export const EXPORT_FORMAT_VERSION = 1;

export interface ExportResult {
  id: string;
  fileName: string;
  bytes: number;
  sha256: string;
  tables: number;
  rows: number;
  attachments: number;
}

/**
 * Writes all data of one authority to `<DATA_DIR>/exports/<slug>-<time>.tar.gz` in the documented
 * archive format (docs/authority-export.md): one NDJSON file per table, its audit trail, its
 * attachment and logo files, a manifest with rows, size and SHA-256 of every file, and a
 * SHA256SUMS file for `sha256sum -c`. The rows are read in one repeatable-read snapshot.
 */
export async function exportAuthority(
  db: Db,
  actor: AuditActor,
  authorityId: string,
  dataDir: string,
): Promise<ExportResult> {
  const authority = await loadAuthority(db, authorityId);
  const dir = path.join(dataDir, 'exports');
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  const fileName = `${authority.slug}-${stamp}-${uuidv7().slice(-6)}.tar.gz`;
  const target = path.join(dir, fileName);
  const writer = new TarGzWriter(target);
  const files: Array<Record<string, unknown>> = [];
  const sums: string[] = [];
  const { createHash } = await import('node:crypto');
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  let rows = 0;
  let tableCount = 0;
  try {
    await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        const tables = await authorityTables(trx);
        const all = [...tables, { table: 'audit_log', kind: 'tenant' as const }];
        for (const t of all) {
          const result = await sql<{ j: string }>`
            select row_to_json(x)::text as j from ${ident(t.table)} x where ${wherePart(t, authorityId)}`.execute(
            trx,
          );
          const content = Buffer.from(result.rows.map((r) => `${r.j}\n`).join(''), 'utf8');
          const name = t.table === 'audit_log' ? 'audit/audit_log.ndjson' : `tables/${t.table}.ndjson`;
          await writer.add(name, content);
          const digest = sha(content);
          files.push({
            path: name,
            kind: t.table === 'audit_log' ? 'audit' : 'table',
            table: t.table,
            rows: result.rows.length,
            bytes: content.length,
            sha256: digest,
          });
          sums.push(`${digest}  ${name}`);
          rows += result.rows.length;
          tableCount++;
        }
      });
    let attachments = 0;
    for (const [prefix, root] of [
      ['attachments', path.join(dataDir, 'attachments', authorityId)],
      ['branding', brandingDir(dataDir, authorityId)],
    ] as const) {
      for (const f of await walk(root)) {
        const name = `${prefix}/${f.rel}`;
        const { sha256, bytes } = await writer.addFile(name, f.abs);
        files.push({ path: name, kind: prefix === 'attachments' ? 'attachment' : 'branding', bytes, sha256 });
        sums.push(`${sha256}  ${name}`);
        attachments++;
      }
    }
    const migration = await sql<{
      name: string;
    }>`select name from kysely_migration order by name desc limit 1`.execute(db);
    const manifest = Buffer.from(
      `${JSON.stringify(
        {
          format: EXPORT_FORMAT,
          formatVersion: EXPORT_FORMAT_VERSION,
          createdAt: new Date().toISOString(),
          authority: {
            id: authority.id,
            slug: authority.slug,
            name: authority.name,
            ags: authority.ags?.trim() ?? null,
          },
          schemaMigration: migration.rows[0]?.name ?? null,
          rowEncoding:
            'one JSON object per line (PostgreSQL row_to_json): timestamps ISO 8601, bytea as \\\\x hex',
          files,
        },
        null,
        2,
      )}\n`,
      'utf8',
    );
    await writer.add('manifest.json', manifest);
    sums.push(`${sha(manifest)}  manifest.json`);
    await writer.add('SHA256SUMS', Buffer.from(`${sums.join('\n')}\n`, 'utf8'));
    const archive = await writer.close();
    const id = uuidv7();
    await inTransaction(db, async (trx) => {
      await trx
        .insertInto('authority_exports')
        .values({
          id,
          authority_id: authorityId,
          authority_slug: authority.slug,
          file_name: fileName,
          bytes: archive.bytes,
          sha256: archive.sha256,
          tables: tableCount,
          rows,
          attachments,
          created_by: actor.userId,
        })
        .execute();
      await recordAudit(trx, actor, {
        action: 'operator.authority_export',
        resourceType: 'authority',
        resourceId: authorityId,
        authorityId,
        details: {
          fileName,
          bytes: archive.bytes,
          sha256: archive.sha256,
          tables: tableCount,
          rows,
          attachments,
        },
      });
    });
    return {
      id,
      fileName,
      bytes: archive.bytes,
      sha256: archive.sha256,
      tables: tableCount,
      rows,
      attachments,
    };
  } catch (error) {
    await writer.close().catch(() => {});
    await fs.rm(target, { force: true });
    throw error;
  }
}

export async function listExports(db: Executor, authorityId?: string) {
  let q = db.selectFrom('authority_exports').selectAll().orderBy('created_at', 'desc');
  if (authorityId) q = q.where('authority_id', '=', authorityId);
  const rows = await q.limit(200).execute();
  return rows.map((r) => ({
    id: r.id,
    authorityId: r.authority_id,
    authoritySlug: r.authority_slug,
    fileName: r.file_name,
    bytes: Number(r.bytes),
    sha256: r.sha256,
    rows: Number(r.rows),
    attachments: r.attachments,
    createdAt: r.created_at.toISOString(),
  }));
}

/**
 * Deletes an authority and all its data in one transaction, after the operator typed its slug.
 * Refused while the authority is active (suspend it first, so nobody works in it meanwhile) and
 * without an export made after the suspension. The audit trail stays (ADR 26); the attachment
 * and logo files are removed after the commit.
 */
export async function deleteAuthority(
  db: Db,
  actor: AuditActor,
  authorityId: string,
  confirmSlug: string,
  dataDir: string,
): Promise<Array<{ table: string; rows: number }>> {
  const counts = await inTransaction(db, async (trx) => {
    const authority = await trx
      .selectFrom('authorities')
      .select(['id', 'slug', 'status', 'status_changed_at'])
      .where('id', '=', authorityId)
      .forUpdate()
      .executeTakeFirst();
    if (!authority) throw new AppError('AUTHORITY_NOT_FOUND');
    if (confirmSlug !== authority.slug)
      throw new AppError('OFFBOARDING_CONFIRMATION_WRONG', {}, [{ path: '/confirmSlug', code: 'mismatch' }]);
    const others = await trx
      .selectFrom('authorities')
      .select('id')
      .where('id', '!=', authorityId)
      .limit(1)
      .executeTakeFirst();
    if (!others) throw new AppError('OFFBOARDING_LAST_AUTHORITY');
    const exported = await trx
      .selectFrom('authority_exports')
      .select('created_at')
      .where('authority_id', '=', authorityId)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (
      authority.status !== 'suspended' ||
      !exported ||
      (authority.status_changed_at && exported.created_at < authority.status_changed_at)
    )
      throw new AppError('OFFBOARDING_NOT_SUSPENDED');
    await sql`select set_config('bk.offboarding', ${authorityId}, true)`.execute(trx);
    const tables = await authorityTables(trx);
    await trx
      .updateTable('authorities')
      .set({ lead_municipality_id: null })
      .where('id', '=', authorityId)
      .execute();
    const deleted: Array<{ table: string; rows: number }> = [];
    for (const t of tables) {
      const r = await sql`delete from ${ident(t.table)} where ${wherePart(t, authorityId)}`.execute(trx);
      deleted.push({ table: t.table, rows: Number(r.numAffectedRows ?? 0) });
    }
    await sql`select set_config('bk.offboarding', '', true)`.execute(trx);
    await recordAudit(trx, actor, {
      action: 'operator.authority_delete',
      resourceType: 'authority',
      resourceId: authorityId,
      authorityId,
      details: { slug: authority.slug, deleted: deleted.filter((d) => d.rows > 0) },
    });
    return deleted;
  });
  await fs.rm(path.join(dataDir, 'attachments', authorityId), { recursive: true, force: true });
  await fs.rm(brandingDir(dataDir, authorityId), { recursive: true, force: true });
  return counts;
}
