import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Db } from '../../db/database';
import { boundedAuthorityId } from '../../db/scope';
import { requireStaff } from '../../http/auth';
import { requestLocale } from '../../http/problem';
import { IdParams, Obj, problems, StaffSecurity, Uuid } from '../../http/schema';
import { auditActor } from '../audit/service';
import {
  ChannelSchema,
  CreateServiceBody,
  EditorListItemSchema,
  EditorServiceSchema,
  ImportBody,
  ImportResultSchema,
  MissSchema,
  PublishBody,
  PublishedServiceSchema,
  SaveDraftBody,
  SearchQuery,
  SearchResponseSchema,
  ServiceSummarySchema,
  SynonymBody,
} from './schemas';
import { listMisses, searchServices } from './search';
import {
  addSynonym,
  createService,
  discardDraft,
  getEditorService,
  getPublishedService,
  getVersion,
  listEditorServices,
  listPublishedServices,
  publishService,
  removeSynonym,
  saveDraft,
} from './service';
import { exportCatalog, exportCsv, importCatalog } from './transfer';

const EDITORS = ['coordinator'] as const;
const editor = () => requireStaff([...EDITORS]);

export const catalogRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  // Public ---------------------------------------------------------------------------------------

  app.get(
    '/api/catalog/search',
    {
      // A 115 agent may answer this for a joined authority (X-Acting-For, ADR 27).
      config: { actingFor: 'hotline' },
      schema: {
        tags: ['catalog'],
        summary: 'Search the published catalogue (German full text, typo-tolerant, synonyms)',
        description:
          'Ranks name > synonyms > short text > description. Highlighted matches come as segments ({text, match}), never as HTML. Searches without a result are counted anonymously.',
        querystring: SearchQuery,
        response: { 200: SearchResponseSchema, ...problems(400) },
      },
    },
    async (request) =>
      searchServices(db, {
        q: request.query.q,
        limit: request.query.limit,
        channel: request.query.channel,
        // The portal's (or the 115 caller's) authority; another one asked for finds nothing (ADR 27).
        authorityId: boundedAuthorityId(request.query.authorityId),
        locale: requestLocale(request),
      }),
  );

  app.get(
    '/api/catalog/services',
    {
      // A 115 agent may answer this for a joined authority (X-Acting-For, ADR 27).
      config: { actingFor: 'hotline' },
      schema: {
        tags: ['catalog'],
        summary: 'All published services (A–Z)',
        querystring: Obj({ channel: Type.Optional(ChannelSchema), authorityId: Type.Optional(Uuid) }),
        response: { 200: Type.Object({ services: Type.Array(ServiceSummarySchema) }), ...problems(400) },
      },
    },
    async (request) => ({
      services: await listPublishedServices(db, {
        ...(request.query.authorityId ? { authorityId: request.query.authorityId } : {}),
        ...(request.query.channel ? { channel: request.query.channel } : {}),
      }),
    }),
  );

  app.get(
    '/api/catalog/services/:slug',
    {
      // A 115 agent may answer this for a joined authority (X-Acting-For, ADR 27).
      config: { actingFor: 'hotline' },
      schema: {
        tags: ['catalog'],
        summary: 'One published service with its full description and the responsible office',
        params: Obj({ slug: Type.String({ minLength: 2, maxLength: 80, pattern: '^[A-Za-z0-9-]+$' }) }),
        response: { 200: PublishedServiceSchema, ...problems(400, 404) },
      },
    },
    async (request) => getPublishedService(db, request.params.slug),
  );

  // Editing (coordinator) -----------------------------------------------------------------------

  app.get(
    '/api/catalog/editor/services',
    {
      preHandler: editor(),
      schema: {
        tags: ['catalog'],
        summary: 'Every service of the authority with its editing status',
        security: StaffSecurity,
        response: { 200: Type.Object({ services: Type.Array(EditorListItemSchema) }), ...problems(401, 403) },
      },
    },
    async (request) => ({ services: await listEditorServices(db, request.staff!.authorityId) }),
  );

  app.post(
    '/api/catalog/editor/services',
    {
      preHandler: editor(),
      config: { audit: { action: 'catalog.service.create', resourceType: 'catalog_service' } },
      schema: {
        tags: ['catalog'],
        summary: 'Add a service as a draft',
        security: StaffSecurity,
        body: CreateServiceBody,
        response: { 201: EditorServiceSchema, ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await createService(
            db,
            auditActor(request),
            request.staff!.authorityId,
            request.body.content,
            requestLocale(request),
          ),
        ),
  );

  app.get(
    '/api/catalog/editor/services/:id',
    {
      preHandler: editor(),
      schema: {
        tags: ['catalog'],
        summary: 'A service with its draft, published version, history and synonyms',
        security: StaffSecurity,
        params: IdParams,
        response: { 200: EditorServiceSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => getEditorService(db, request.staff!.authorityId, request.params.id),
  );

  app.put(
    '/api/catalog/editor/services/:id/draft',
    {
      preHandler: editor(),
      config: { audit: { action: 'catalog.draft.save', resourceType: 'catalog_service' } },
      schema: {
        tags: ['catalog'],
        summary: 'Save the draft (against the revision the editor loaded)',
        security: StaffSecurity,
        params: IdParams,
        body: SaveDraftBody,
        response: { 200: EditorServiceSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      saveDraft(
        db,
        auditActor(request),
        request.staff!.authorityId,
        request.params.id,
        request.body.content,
        request.body.baseRevision,
        requestLocale(request),
      ),
  );

  app.delete(
    '/api/catalog/editor/services/:id/draft',
    {
      preHandler: editor(),
      config: { audit: { action: 'catalog.draft.discard', resourceType: 'catalog_service' } },
      schema: {
        tags: ['catalog'],
        summary: 'Discard the draft (a service never published is removed)',
        security: StaffSecurity,
        params: IdParams,
        response: { 200: Type.Object({ deleted: Type.Boolean() }), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => discardDraft(db, auditActor(request), request.staff!.authorityId, request.params.id),
  );

  app.post(
    '/api/catalog/editor/services/:id/publish',
    {
      preHandler: editor(),
      config: { audit: { action: 'catalog.service.publish', resourceType: 'catalog_service' } },
      schema: {
        tags: ['catalog'],
        summary: 'Publish the draft as the next version',
        security: StaffSecurity,
        params: IdParams,
        body: PublishBody,
        response: { 200: EditorServiceSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      publishService(
        db,
        auditActor(request),
        request.staff!.authorityId,
        request.params.id,
        request.body,
        requestLocale(request),
      ),
  );

  app.get(
    '/api/catalog/editor/services/:id/versions/:version',
    {
      preHandler: editor(),
      schema: {
        tags: ['catalog'],
        summary: 'One published version (immutable)',
        security: StaffSecurity,
        params: Obj({ id: Uuid, version: Type.Integer({ minimum: 1 }) }),
        response: {
          200: Type.Object({
            version: Type.Integer(),
            publishedAt: Type.String(),
            publishedBy: Type.Union([Type.String(), Type.Null()]),
            changeNote: Type.Union([Type.String(), Type.Null()]),
            content: Type.Unsafe(Type.Any()),
          }),
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request) => getVersion(db, request.staff!.authorityId, request.params.id, request.params.version),
  );

  app.post(
    '/api/catalog/editor/services/:id/synonyms',
    {
      preHandler: editor(),
      config: { audit: { action: 'catalog.synonym.add', resourceType: 'catalog_synonym' } },
      schema: {
        tags: ['catalog'],
        summary: 'Add a search term that leads to this service',
        security: StaffSecurity,
        params: IdParams,
        body: SynonymBody,
        response: {
          201: Type.Object({ id: Uuid, term: Type.String() }),
          ...problems(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await addSynonym(
            db,
            auditActor(request),
            request.staff!.authorityId,
            request.params.id,
            request.body.term,
            requestLocale(request),
          ),
        ),
  );

  app.delete(
    '/api/catalog/editor/synonyms/:id',
    {
      preHandler: editor(),
      config: { audit: { action: 'catalog.synonym.remove', resourceType: 'catalog_synonym' } },
      schema: {
        tags: ['catalog'],
        summary: 'Remove a search term',
        security: StaffSecurity,
        params: IdParams,
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await removeSynonym(db, auditActor(request), request.staff!.authorityId, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/catalog/editor/misses',
    {
      preHandler: editor(),
      schema: {
        tags: ['catalog'],
        summary: 'What people searched for and did not find (anonymous counts)',
        security: StaffSecurity,
        querystring: Obj({ days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366, default: 30 })) }),
        response: { 200: Type.Object({ misses: Type.Array(MissSchema) }), ...problems(400, 401, 403) },
      },
    },
    async (request) => ({
      misses: await listMisses(db, request.staff!.authorityId, request.query.days ?? 30),
    }),
  );

  app.get(
    '/api/catalog/editor/export.json',
    {
      preHandler: editor(),
      schema: {
        tags: ['catalog'],
        summary: 'The published catalogue as JSON (for import elsewhere)',
        security: StaffSecurity,
        response: { 200: Type.Unsafe(Type.Any()), ...problems(401, 403) },
      },
    },
    async (request, reply) => {
      const data = await exportCatalog(db, request.staff!.authorityId);
      return reply
        .header(
          'content-disposition',
          `attachment; filename="leistungskatalog-${data.exportedAt.slice(0, 10)}.json"`,
        )
        .send(data);
    },
  );

  app.get(
    '/api/catalog/editor/export.csv',
    {
      preHandler: editor(),
      schema: {
        tags: ['catalog'],
        summary: 'The list of published services as CSV (semicolon, UTF-8)',
        security: StaffSecurity,
        response: { 200: Type.String(), ...problems(401, 403) },
      },
    },
    async (request, reply) => {
      const csv = await exportCsv(db, request.staff!.authorityId);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="leistungskatalog-${new Date().toISOString().slice(0, 10)}.csv"`,
        )
        .send(csv);
    },
  );

  app.post(
    '/api/catalog/editor/import',
    {
      preHandler: editor(),
      bodyLimit: 32 * 1024 * 1024,
      config: { audit: { action: 'catalog.import', resourceType: 'catalog' } },
      schema: {
        tags: ['catalog'],
        summary: 'Import services (JSON export format); every entry is checked, then all are applied or none',
        security: StaffSecurity,
        body: ImportBody,
        response: { 200: ImportResultSchema, ...problems(400, 401, 403, 413) },
      },
    },
    async (request) =>
      importCatalog(
        db,
        auditActor(request),
        request.staff!.authorityId,
        request.body.services,
        request.body.publish ?? false,
        requestLocale(request),
      ),
  );
};
