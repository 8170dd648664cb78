import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { LAND_FIELDS } from '../../../core/catalog/land';
import { OPERATOR_ROLE } from '../../../core/roles';
import type { Db } from '../../db/database';
import { requireStaff } from '../../http/auth';
import { requestLocale } from '../../http/problem';
import { IdParams, IsoDateTime, Obj, problems, StaffSecurity, Uuid } from '../../http/schema';
import { auditActor } from '../audit/service';
import {
  adoptLandService,
  createLandService,
  decideReview,
  getLandService,
  getReview,
  listForAuthority,
  listLandServices,
  listReviews,
  publishLandVersion,
} from './land';
import { ContentOut, ServiceContentSchema } from './schemas';

const TAGS = ['catalog-land'];
const Nullable = <T extends import('@sinclair/typebox').TSchema>(s: T) => Type.Union([s, Type.Null()]);
const Cents = Type.Integer({ minimum: 0, maximum: 10_000_000 });

const FeeFrameSchema = Type.Union([
  Obj({ kind: Type.Literal('fixed') }),
  Obj({ kind: Type.Literal('range'), minCents: Cents, maxCents: Cents }),
  Obj({ kind: Type.Literal('open') }),
]);
const LandFieldSchema = Type.Union(LAND_FIELDS.map((f) => Type.Literal(f)));

const LandServiceSchema = Type.Object({
  id: Uuid,
  version: Type.Integer(),
  content: ContentOut,
  feeFrame: FeeFrameSchema,
  versions: Type.Array(
    Type.Object({
      version: Type.Integer(),
      changeNote: Nullable(Type.String()),
      publishedAt: IsoDateTime,
      publishedBy: Nullable(Type.String()),
    }),
  ),
});
const LandListItem = Type.Object({
  id: Uuid,
  slug: Type.String(),
  leikaKey: Nullable(Type.String()),
  name: Type.String(),
  version: Type.Integer(),
  updatedAt: IsoDateTime,
  adoptions: Type.Integer(),
});
const ChangeNote = Type.Optional(Type.String({ maxLength: 500 }));
const ContactSchema = Obj({
  unit: Type.String({ minLength: 1, maxLength: 200 }),
  phone: Nullable(Type.String({ maxLength: 60 })),
  email: Nullable(Type.String({ maxLength: 200 })),
  note: Nullable(Type.String({ maxLength: 1000 })),
});

/** Operator: maintains the Land catalogue. Authority admin: adopts, decides on Land changes. */
export const landRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  const operator = () => requireStaff([OPERATOR_ROLE]);
  const admin = () => requireStaff(['admin']);

  // Operator ------------------------------------------------------------------------------------

  app.get(
    '/api/operator/land-services',
    {
      preHandler: operator(),
      config: { dbScope: 'installation' },
      schema: {
        tags: TAGS,
        summary: 'The Land catalogue: services described once for every authority',
        security: StaffSecurity,
        response: { 200: Type.Object({ services: Type.Array(LandListItem) }), ...problems(401, 403) },
      },
    },
    async () => ({ services: await listLandServices(db) }),
  );

  app.get(
    '/api/operator/land-services/:id',
    {
      preHandler: operator(),
      config: { dbScope: 'installation' },
      schema: {
        tags: TAGS,
        summary: 'One Land service: its current version and the list of versions',
        security: StaffSecurity,
        params: IdParams,
        response: { 200: LandServiceSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => getLandService(db, request.params.id),
  );

  app.post(
    '/api/operator/land-services',
    {
      preHandler: operator(),
      config: {
        dbScope: 'installation',
        audit: { action: 'catalog.land.create', resourceType: 'catalog_land_service' },
      },
      schema: {
        tags: TAGS,
        summary: 'Describe a new Land service (published as version 1)',
        security: StaffSecurity,
        body: Obj({ content: ServiceContentSchema, feeFrame: FeeFrameSchema, changeNote: ChangeNote }),
        response: { 201: LandServiceSchema, ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await createLandService(db, auditActor(request), request.body, requestLocale(request))),
  );

  app.post(
    '/api/operator/land-services/:id/versions',
    {
      preHandler: operator(),
      config: {
        dbScope: 'installation',
        audit: { action: 'catalog.land.publish', resourceType: 'catalog_land_service' },
      },
      schema: {
        tags: TAGS,
        summary: 'Publish a new version of a Land service',
        description:
          'Every authority that adopted the service gets a "Land text changed" item in its draft queue; no local text changes. `baseVersion` is the version the operator edited (409 if a newer one exists).',
        security: StaffSecurity,
        params: IdParams,
        body: Obj({
          content: ServiceContentSchema,
          feeFrame: FeeFrameSchema,
          changeNote: ChangeNote,
          baseVersion: Type.Integer({ minimum: 1 }),
        }),
        response: {
          200: Type.Intersect([LandServiceSchema, Type.Object({ reviewsQueued: Type.Integer() })]),
          ...problems(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) =>
      publishLandVersion(db, auditActor(request), request.params.id, request.body, requestLocale(request)),
  );

  // Authority admin -----------------------------------------------------------------------------

  app.get(
    '/api/catalog/land',
    {
      preHandler: admin(),
      schema: {
        tags: TAGS,
        summary: 'The Land catalogue for this authority: what it adopted, at which version',
        security: StaffSecurity,
        response: {
          200: Type.Object({
            services: Type.Array(
              Type.Object({
                id: Uuid,
                slug: Type.String(),
                leikaKey: Nullable(Type.String()),
                name: Type.String(),
                version: Type.Integer(),
                adoption: Nullable(
                  Type.Object({
                    serviceId: Uuid,
                    slug: Type.String(),
                    adoptedVersion: Type.Integer(),
                    openReviewId: Nullable(Uuid),
                  }),
                ),
              }),
            ),
          }),
          ...problems(401, 403),
        },
      },
    },
    async (request) => ({ services: await listForAuthority(db, request.staff!.authorityId) }),
  );

  app.post(
    '/api/catalog/land/adoptions',
    {
      preHandler: admin(),
      config: { audit: { action: 'catalog.land.adopt', resourceType: 'catalog_service' } },
      schema: {
        tags: TAGS,
        summary: 'Adopt a Land service into this authority’s catalogue (published at once)',
        security: StaffSecurity,
        body: Obj({
          landServiceId: Uuid,
          slug: Type.Optional(
            Type.String({ minLength: 2, maxLength: 80, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' }),
          ),
          contact: Type.Optional(ContactSchema),
        }),
        response: {
          201: Type.Object({ serviceId: Uuid, slug: Type.String(), adoptedVersion: Type.Integer() }),
          ...problems(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await adoptLandService(
            db,
            auditActor(request),
            request.staff!.authorityId,
            request.body,
            requestLocale(request),
          ),
        ),
  );

  app.get(
    '/api/catalog/land/reviews',
    {
      preHandler: admin(),
      schema: {
        tags: TAGS,
        summary: 'Draft queue: open "Land text changed" items of this authority',
        security: StaffSecurity,
        response: {
          200: Type.Object({
            reviews: Type.Array(
              Type.Object({
                id: Uuid,
                serviceId: Uuid,
                slug: Type.String(),
                name: Type.String(),
                fromVersion: Type.Integer(),
                toVersion: Type.Integer(),
                createdAt: IsoDateTime,
              }),
            ),
          }),
          ...problems(401, 403),
        },
      },
    },
    async (request) => ({ reviews: await listReviews(db, request.staff!.authorityId) }),
  );

  app.get(
    '/api/catalog/land/reviews/:id',
    {
      preHandler: admin(),
      schema: {
        tags: TAGS,
        summary: 'One "Land text changed" item: old and new Land text and the local text, per field',
        security: StaffSecurity,
        params: IdParams,
        response: {
          200: Type.Object({
            id: Uuid,
            status: Type.Union([Type.Literal('open'), Type.Literal('accepted'), Type.Literal('kept')]),
            serviceId: Uuid,
            slug: Type.String(),
            name: Type.String(),
            fromVersion: Type.Integer(),
            toVersion: Type.Integer(),
            changeNotes: Type.Array(Type.Object({ version: Type.Integer(), note: Type.String() })),
            overridden: Type.Array(LandFieldSchema),
            changes: Type.Array(
              Type.Object({
                field: LandFieldSchema,
                before: Type.Unknown(),
                after: Type.Unknown(),
                local: Type.Unknown(),
                overridden: Type.Boolean(),
                onAccept: Type.Union([Type.Literal('take_land'), Type.Literal('keep_local')]),
              }),
            ),
            hasDraft: Type.Boolean(),
          }),
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request) => getReview(db, request.staff!.authorityId, request.params.id),
  );

  for (const decision of ['accept', 'keep'] as const) {
    app.post(
      `/api/catalog/land/reviews/:id/${decision}`,
      {
        preHandler: admin(),
        config: { audit: { action: `catalog.land.review_${decision}`, resourceType: 'catalog_service' } },
        schema: {
          tags: TAGS,
          summary:
            decision === 'accept'
              ? 'Take over the new Land text for untouched fields (local overrides stay) and publish'
              : 'Keep the local text; the service follows the new Land version from now on',
          security: StaffSecurity,
          params: IdParams,
          response: {
            200: Type.Object({
              status: Type.Union([Type.Literal('accepted'), Type.Literal('kept')]),
              publishedVersion: Nullable(Type.Integer()),
            }),
            ...problems(400, 401, 403, 404, 409),
          },
        },
      },
      async (request) =>
        decideReview(
          db,
          auditActor(request),
          request.staff!.authorityId,
          request.params.id,
          decision,
          requestLocale(request),
        ),
    );
  }
};
