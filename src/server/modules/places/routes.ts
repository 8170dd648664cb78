import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Db } from '../../db/database';
import { requireStaff } from '../../http/auth';
import { IdParams, Obj, problems, StaffSecurity } from '../../http/schema';
import { auditActor } from '../audit/service';
import { hasPortal } from './directory';
import { LocationInput, LocationPatch, LocationSchema, MunicipalitySchema } from './schemas';
import { createLocation, getLocation, listLocations, listMunicipalities, updateLocation } from './service';

export const placesRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/api/places/municipalities',
    {
      // A 115 agent may answer this for a joined authority (X-Acting-For, ADR 27).
      config: { actingFor: 'hotline' },
      schema: {
        tags: ['places'],
        summary: 'Municipalities and their villages (Ortsteile)',
        response: { 200: Type.Object({ municipalities: Type.Array(MunicipalitySchema) }) },
      },
    },
    async () => ({ municipalities: await listMunicipalities(db) }),
  );

  app.get(
    '/api/places/hotline/authorities',
    {
      preHandler: requireStaff(['hotline']),
      schema: {
        tags: ['places'],
        summary:
          'The authorities a 115 agent may answer for: its own, and — for an agent of the 115 service centre — every active authority that joined the 115 (names and addresses only, no register)',
        security: StaffSecurity,
        response: {
          200: Type.Object({
            authorities: Type.Array(
              Type.Object({
                id: Type.String({ format: 'uuid' }),
                name: Type.String(),
                shortName: Type.String(),
                slug: Type.String(),
                city: Type.String(),
                own: Type.Boolean(),
              }),
            ),
          }),
          ...problems(401, 403),
        },
      },
    },
    async (request) => {
      const home = request.staff!.homeAuthorityId ?? request.staff!.authorityId;
      const entries = await app.authorities.all();
      const centre = entries.find((e) => e.id === home)?.kind === 'service_centre';
      return {
        authorities: entries
          .filter((e) => hasPortal(e) && e.status === 'active' && (e.id === home || (centre && e.joined115)))
          .map((e) => ({
            id: e.id,
            name: e.name,
            shortName: e.shortName,
            slug: e.slug,
            city: e.city,
            own: e.id === home,
          })),
      };
    },
  );

  app.get(
    '/api/places/locations',
    {
      schema: {
        tags: ['places'],
        summary: 'Locations where services are offered',
        querystring: Obj({ includeInactive: Type.Optional(Type.Boolean()) }),
        response: { 200: Type.Object({ locations: Type.Array(LocationSchema) }), ...problems(400) },
      },
    },
    async (request) => ({
      locations: await listLocations(db, {
        includeInactive: request.query.includeInactive === true && !!request.staff,
      }),
    }),
  );

  app.get(
    '/api/places/locations/:idOrSlug',
    {
      schema: {
        tags: ['places'],
        summary: 'One location by id or slug',
        params: Obj({ idOrSlug: Type.String({ minLength: 1, maxLength: 80 }) }),
        response: { 200: LocationSchema, ...problems(404) },
      },
    },
    async (request) => getLocation(db, request.params.idOrSlug),
  );

  app.post(
    '/api/places/locations',
    {
      preHandler: requireStaff(['coordinator', 'admin']),
      config: { audit: { action: 'location.create', resourceType: 'location' } },
      schema: {
        tags: ['places'],
        summary: 'Add a location',
        security: StaffSecurity,
        body: LocationInput,
        response: { 201: LocationSchema, ...problems(400, 401, 403) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await createLocation(db, auditActor(request), request.staff!.authorityId, request.body)),
  );

  app.patch(
    '/api/places/locations/:id',
    {
      preHandler: requireStaff(['coordinator', 'admin']),
      config: { audit: { action: 'location.update', resourceType: 'location' } },
      schema: {
        tags: ['places'],
        summary: 'Change a location',
        security: StaffSecurity,
        params: IdParams,
        body: LocationPatch,
        response: { 200: LocationSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) =>
      updateLocation(db, auditActor(request), request.staff!.authorityId, request.params.id, request.body),
  );
};
