import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { OPERATOR_ROLE } from '../../../core/roles';
import { requireStaff } from '../../http/auth';
import { AppError } from '../../http/errors';
import { IdParams, Obj, problems, StaffSecurity, Uuid } from '../../http/schema';
import { auditActor, recordAudit } from '../audit/service';
import type { ModuleContext } from '../module';
import { directoryStatus, loadDirectory, proposeFromDirectory, searchDirectory } from './directory';
import { importAuthorities } from './import';
import { countAuthorityRows, deleteAuthority, exportAuthority, listExports } from './offboarding';
import {
  AuthoritySummary,
  DeleteBody,
  DirectoryEntry,
  DirectoryProposal,
  OnboardAuthorityBody,
  OnboardResult,
  SuspendBody,
  TableCounts,
} from './schemas';
import {
  authorityExists,
  listAuthorities,
  onboardOne,
  setAuthorityStatus,
  suspensionNotices,
} from './service';

const operator = () => requireStaff([OPERATOR_ROLE]);
const TAGS = ['operations'];

/** A GV100AD file of all of Germany is about 3.5 MB; base64 makes it 4.7 MB. */
const DIRECTORY_BODY_LIMIT = 16 * 1024 * 1024;
const IMPORT_BODY_LIMIT = 8 * 1024 * 1024;

const ExportSchema = Type.Object({
  id: Uuid,
  authorityId: Uuid,
  authoritySlug: Type.String(),
  fileName: Type.String(),
  bytes: Type.Integer({ maximum: Number.MAX_SAFE_INTEGER }),
  sha256: Type.String(),
  rows: Type.Integer({ maximum: Number.MAX_SAFE_INTEGER }),
  attachments: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
});

/**
 * The operator's API (#12, ADR 24): the installation's authorities — onboarding, bulk import,
 * suspension, export and deletion — and the municipality directory. Only the role `operator`
 * may call it, and nothing here returns an authority's personal data except inside the export
 * archive, which is the authority's own data handed back.
 */
export const operationsRoutes: FastifyPluginAsyncTypebox<ModuleContext> = async (app, { db, config }) => {
  app.get(
    '/api/operations/notices',
    {
      schema: {
        tags: TAGS,
        summary: 'Notices of suspended authorities, shown on the portal (public)',
        response: {
          200: Type.Object({
            notices: Type.Array(
              Type.Object({
                authorityId: Uuid,
                name: Type.String(),
                slug: Type.String(),
                note: Type.String(),
                since: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
              }),
            ),
          }),
        },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-cache');
      return { notices: await suspensionNotices(db) };
    },
  );

  app.get(
    '/api/operator/authorities',
    {
      preHandler: operator(),
      config: { dbScope: 'installation' },
      schema: {
        tags: TAGS,
        summary: 'The authorities of this installation',
        security: StaffSecurity,
        response: { 200: Type.Object({ authorities: Type.Array(AuthoritySummary) }), ...problems(401, 403) },
      },
    },
    async () => ({ authorities: await listAuthorities(db) }),
  );

  app.post(
    '/api/operator/authorities',
    {
      preHandler: operator(),
      config: {
        dbScope: 'installation',
        audit: { action: 'operator.authority_onboard', resourceType: 'authority' },
      },
      bodyLimit: 2 * 1024 * 1024,
      schema: {
        tags: TAGS,
        summary: 'Onboard an authority with its municipalities, look, imprint and first admin',
        description:
          'One transaction. The first admin’s one-time password is in the answer and nowhere else; the admin must change it and set up a second factor at first sign-in.',
        security: StaffSecurity,
        body: OnboardAuthorityBody,
        response: { 201: OnboardResult, ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const result = await onboardOne(db, auditActor(request), request.body, config.dataDir);
      reply.header('cache-control', 'no-store');
      return reply.code(201).send(result);
    },
  );

  app.post(
    '/api/operator/authorities/import',
    {
      preHandler: operator(),
      config: {
        dbScope: 'installation',
        audit: { action: 'operator.authority_import', resourceType: 'authority' },
      },
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags: TAGS,
        summary: 'Import several authorities (CSV or JSON), checked first, then in one transaction',
        description:
          'Formats in docs/operator-import.md. Every error is listed (CSV: `/lines/<line>/<column>`, JSON: the JSON pointer); with any error nothing is imported. `dryRun` checks only.',
        security: StaffSecurity,
        body: Obj({
          format: Type.Union([Type.Literal('csv'), Type.Literal('json')]),
          content: Type.String({ minLength: 1, maxLength: 6 * 1024 * 1024 }),
          dryRun: Type.Optional(Type.Boolean()),
        }),
        response: {
          200: Type.Object({
            dryRun: Type.Boolean(),
            authorities: Type.Array(
              Type.Object({
                slug: Type.String(),
                municipalities: Type.Integer(),
                firstAdmin: Type.String(),
                oneTimePassword: Type.Optional(Type.String()),
              }),
            ),
          }),
          ...problems(400, 401, 403, 422),
        },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return importAuthorities(db, auditActor(request), {
        format: request.body.format,
        content: request.body.content,
        dryRun: request.body.dryRun === true,
        dataDir: config.dataDir,
      });
    },
  );

  for (const [action, status] of [
    ['suspend', 'suspended'],
    ['resume', 'active'],
  ] as const) {
    app.post(
      `/api/operator/authorities/:id/${action}`,
      {
        preHandler: operator(),
        config: {
          dbScope: 'installation',
          audit: { action: `operator.authority_${action}`, resourceType: 'authority' },
        },
        schema: {
          tags: TAGS,
          summary:
            action === 'suspend'
              ? 'Suspend an authority: no staff sign-in, its sessions end, its portal shows the note'
              : 'Resume a suspended authority',
          security: StaffSecurity,
          params: IdParams,
          ...(action === 'suspend' ? { body: SuspendBody } : {}),
          response: {
            200: Type.Object({ sessionsEnded: Type.Integer() }),
            ...problems(400, 401, 403, 404, 409),
          },
        },
      },
      async (request) =>
        setAuthorityStatus(
          db,
          auditActor(request),
          request.params.id,
          status,
          action === 'suspend' ? (request.body as { note: string }).note.trim() : null,
        ),
    );
  }

  app.get(
    '/api/operator/authorities/:id/deletion-preview',
    {
      preHandler: operator(),
      config: { dbScope: 'installation' },
      schema: {
        tags: TAGS,
        summary: 'Dry run of an authority’s deletion: rows per table that would go',
        security: StaffSecurity,
        params: IdParams,
        response: {
          200: Type.Object({
            tables: TableCounts,
            total: Type.Integer({ maximum: Number.MAX_SAFE_INTEGER }),
          }),
          ...problems(401, 403, 404),
        },
      },
    },
    async (request) => {
      if (!(await authorityExists(db, request.params.id))) throw new AppError('AUTHORITY_NOT_FOUND');
      const tables = await countAuthorityRows(db, request.params.id);
      await recordAudit(db, auditActor(request), {
        action: 'operator.authority_delete_preview',
        resourceType: 'authority',
        resourceId: request.params.id,
        authorityId: request.params.id,
      });
      return { tables, total: tables.reduce((s, t) => s + t.rows, 0) };
    },
  );

  app.post(
    '/api/operator/authorities/:id/delete',
    {
      preHandler: operator(),
      config: {
        dbScope: 'installation',
        audit: { action: 'operator.authority_delete', resourceType: 'authority' },
      },
      schema: {
        tags: TAGS,
        summary: 'Delete a suspended, exported authority and all its data (type its slug to confirm)',
        description:
          '`dryRun: true` answers the counts without deleting. The audit trail stays (docs/authority-export.md).',
        security: StaffSecurity,
        params: IdParams,
        body: DeleteBody,
        response: {
          200: Type.Object({ dryRun: Type.Boolean(), tables: TableCounts }),
          ...problems(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => {
      if (request.body.dryRun) {
        if (!(await authorityExists(db, request.params.id))) throw new AppError('AUTHORITY_NOT_FOUND');
        return { dryRun: true, tables: await countAuthorityRows(db, request.params.id) };
      }
      const tables = await deleteAuthority(
        db,
        auditActor(request),
        request.params.id,
        request.body.confirmSlug,
        config.dataDir,
      );
      return { dryRun: false, tables };
    },
  );

  app.post(
    '/api/operator/authorities/:id/exports',
    {
      preHandler: operator(),
      config: {
        dbScope: 'installation',
        audit: { action: 'operator.authority_export', resourceType: 'authority' },
      },
      schema: {
        tags: TAGS,
        summary: 'Export all data of an authority as an archive (docs/authority-export.md)',
        security: StaffSecurity,
        params: IdParams,
        response: { 201: ExportSchema, ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await exportAuthority(db, auditActor(request), request.params.id, config.dataDir);
      const [row] = await listExports(db, request.params.id);
      return reply.code(201).send({ ...row!, id: result.id });
    },
  );

  app.get(
    '/api/operator/exports',
    {
      preHandler: operator(),
      config: { dbScope: 'installation' },
      schema: {
        tags: TAGS,
        summary: 'Exports made (also of authorities deleted since)',
        security: StaffSecurity,
        querystring: Obj({ authorityId: Type.Optional(Uuid) }),
        response: { 200: Type.Object({ exports: Type.Array(ExportSchema) }), ...problems(400, 401, 403) },
      },
    },
    async (request) => ({ exports: await listExports(db, request.query.authorityId) }),
  );

  app.get(
    '/api/operator/exports/:id/file',
    {
      preHandler: operator(),
      config: {
        dbScope: 'installation',
        audit: { action: 'operator.export_download', resourceType: 'authority_export' },
      },
      schema: {
        tags: TAGS,
        summary: 'Download an export archive (.tar.gz)',
        security: StaffSecurity,
        params: IdParams,
        response: { 200: Type.Unsafe({ type: 'string', format: 'binary' }), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const row = await db
        .selectFrom('authority_exports')
        .selectAll()
        .where('id', '=', request.params.id)
        .executeTakeFirst();
      const file = row ? path.join(config.dataDir, 'exports', path.basename(row.file_name)) : null;
      if (!row || !file || !(await fs.stat(file).catch(() => null))) throw new AppError('NOT_FOUND');
      await recordAudit(db, auditActor(request), {
        action: 'operator.export_download',
        resourceType: 'authority_export',
        resourceId: row.id,
        authorityId: row.authority_id,
      });
      reply
        .header('content-type', 'application/gzip')
        .header('content-disposition', `attachment; filename="${row.file_name}"`)
        .header('cache-control', 'no-store');
      return reply.send(createReadStream(file));
    },
  );

  app.get(
    '/api/operator/directory',
    {
      preHandler: operator(),
      config: { dbScope: 'installation' },
      schema: {
        tags: TAGS,
        summary: 'State of the loaded municipality directory (GV100AD)',
        security: StaffSecurity,
        response: {
          200: Type.Object({
            loaded: Type.Boolean(),
            fileName: Type.Optional(Type.String()),
            encoding: Type.Optional(Type.String()),
            validOn: Type.Optional(Type.String()),
            municipalities: Type.Optional(Type.Integer()),
            associations: Type.Optional(Type.Integer()),
            loadedAt: Type.Optional(Type.String()),
          }),
          ...problems(401, 403),
        },
      },
    },
    async () => directoryStatus(db),
  );

  app.put(
    '/api/operator/directory',
    {
      preHandler: operator(),
      config: {
        dbScope: 'installation',
        audit: { action: 'operator.directory_load', resourceType: 'municipality_directory' },
      },
      bodyLimit: DIRECTORY_BODY_LIMIT,
      schema: {
        tags: TAGS,
        summary: 'Load Destatis’ Gemeindeverzeichnis (GV100AD file, base64), replacing the directory',
        description:
          'Layout in docs/gv100ad.md. A file with a malformed line is refused whole, every faulty line listed.',
        security: StaffSecurity,
        body: Obj({
          fileName: Type.String({ minLength: 1, maxLength: 200 }),
          contentBase64: Type.String({
            minLength: 4,
            maxLength: 15 * 1024 * 1024,
            pattern: '^[A-Za-z0-9+/\\r\\n]+={0,2}\\s*$',
          }),
        }),
        response: {
          200: Type.Object({
            encoding: Type.String(),
            validOn: Type.String(),
            municipalities: Type.Integer(),
            associations: Type.Integer(),
            skippedLines: Type.Integer(),
          }),
          ...problems(400, 401, 403, 413, 422),
        },
      },
    },
    async (request) =>
      loadDirectory(db, auditActor(request), {
        name: request.body.fileName,
        bytes: Buffer.from(request.body.contentBase64, 'base64'),
      }),
  );

  app.get(
    '/api/operator/directory/search',
    {
      preHandler: operator(),
      config: { dbScope: 'installation' },
      schema: {
        tags: TAGS,
        summary: 'Find municipalities in the directory by name or key (AGS/ARS)',
        security: StaffSecurity,
        querystring: Obj({ q: Type.String({ minLength: 2, maxLength: 80 }) }),
        response: { 200: Type.Object({ results: Type.Array(DirectoryEntry) }), ...problems(400, 401, 403) },
      },
    },
    async (request) => ({ results: await searchDirectory(db, request.query.q) }),
  );

  app.get(
    '/api/operator/directory/:ags/proposal',
    {
      preHandler: operator(),
      config: { dbScope: 'installation' },
      schema: {
        tags: TAGS,
        summary: 'What the directory says about the body this municipality belongs to',
        security: StaffSecurity,
        params: Obj({ ags: Type.String({ pattern: '^[0-9]{8}$' }) }),
        response: { 200: DirectoryProposal, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => proposeFromDirectory(db, request.params.ags),
  );
};
