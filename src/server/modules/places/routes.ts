import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppConfig } from '../../config';
import type { Db } from '../../db/database';
import { requireStaff } from '../../http/auth';
import { AppError } from '../../http/errors';
import { IdParams, Obj, problems, StaffSecurity } from '../../http/schema';
import { auditActor } from '../audit/service';
import { hasPortal } from './directory';
import {
  brandingCss,
  brandingDir,
  readLogo,
  requestPortalEntry,
  safeColour,
  safeLogoFile,
} from './portal-look';
import { LocationInput, LocationPatch, LocationSchema, MunicipalitySchema } from './schemas';
import { createLocation, getLocation, listLocations, listMunicipalities, updateLocation } from './service';

const PortalInfoSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  slug: Type.String(),
  name: Type.String(),
  shortName: Type.String(),
  street: Type.String(),
  postalCode: Type.String(),
  city: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  website: Type.Union([Type.String(), Type.Null()]),
  imprint: Type.Object({
    representative: Type.Optional(Type.String()),
    supervisoryAuthority: Type.Optional(Type.String()),
    vatId: Type.Optional(Type.String()),
    note: Type.Optional(Type.String()),
  }),
  primaryColour: Type.Union([Type.String(), Type.Null()]),
  logo: Type.Boolean(),
});

export const placesRoutes: FastifyPluginAsyncTypebox<{ db: Db; config: AppConfig }> = async (
  app,
  { db, config },
) => {
  // --- The portal's own authority: its legal notice and its look (#12, ADR 27) ------------------

  app.get(
    '/api/places/portal',
    {
      schema: {
        tags: ['places'],
        summary:
          'The authority of this portal (/<slug>, its host name or the default portal): name, address, legal notice (Impressum) and look',
        response: { 200: PortalInfoSchema, ...problems(404) },
      },
    },
    async (request) => {
      const entry = await requestPortalEntry(request);
      if (!entry) throw new AppError('PORTAL_REQUIRED');
      const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v : undefined);
      const imprint = entry.imprint ?? {};
      return {
        id: entry.id,
        slug: entry.slug,
        name: entry.name,
        shortName: entry.shortName,
        street: entry.street,
        postalCode: entry.postalCode,
        city: entry.city,
        phone: entry.phone,
        email: entry.email,
        website: entry.website,
        imprint: Object.fromEntries(
          (['representative', 'supervisoryAuthority', 'vatId', 'note'] as const)
            .map((k) => [k, text(imprint[k])])
            .filter(([, v]) => v !== undefined),
        ),
        primaryColour: safeColour(entry),
        logo: safeLogoFile(entry) !== null,
      };
    },
  );

  app.get(
    '/api/places/portal/branding.css',
    {
      schema: {
        tags: ['places'],
        summary: "The portal's colour as a style sheet (KERN's action colour); empty without one",
        produces: ['text/css'],
        response: { 200: Type.String() },
      },
    },
    async (request, reply) => {
      const colour = safeColour(await requestPortalEntry(request));
      return reply
        .type('text/css; charset=utf-8')
        .header('cache-control', 'public, max-age=300')
        .send(colour ? brandingCss(colour) : '');
    },
  );

  app.get(
    '/api/places/portal/logo',
    {
      schema: {
        tags: ['places'],
        summary: "The portal authority's logo (PNG or SVG, checked at onboarding)",
        produces: ['image/png', 'image/svg+xml'],
        response: { ...problems(404) },
      },
    },
    async (request, reply) => {
      const entry = await requestPortalEntry(request);
      const logo = entry ? await readLogo(brandingDir(config.dataDir, entry.id), entry) : undefined;
      if (!logo) throw new AppError('NOT_FOUND');
      return (
        reply
          .type(logo.mediaType)
          .header('cache-control', 'public, max-age=3600')
          .header('x-content-type-options', 'nosniff')
          // An SVG opened on its own runs nothing and loads nothing (it was checked at onboarding, too).
          .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
          .send(logo.bytes)
      );
    },
  );

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
