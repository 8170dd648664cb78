import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Db } from '../../db/database';
import { AppError } from '../../http/errors';
import { problems, Uuid } from '../../http/schema';
import { auditActor } from '../audit/service';
import { listOfficeDayAppointments } from '../booking/service';
import { listPublishedServices } from '../catalog/service';
import { listMunicipalities } from '../places/service';
import { registerSubsetForMunicipality } from '../register/service';
import { listOfficeDays, type OfficeDayView, todayInBerlin } from '../schedule/service';
import { currentVersion } from './changes';
import { recordKitDelivery } from './deliveries';
import { type KitScopedRouteOptions, KitSecurity } from './routes';

/**
 * Prepare the day (online): the office days assigned to the kit or at its locations, one day's appointments and
 * the catalogue's mobile services, and the register subset of a municipality the kit serves —
 * nothing beyond the kit's scope. Each answer carries the change-feed cursor read *before* the
 * data, so the next pull brings everything that changed since (never a gap).
 */
const Any = Type.Unknown();

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The office days a kit prepares: those the coordinator assigned to this kit, and those without a
 * kit at one of its locations — never a day assigned to another kit (#10).
 */
async function kitOfficeDays(
  db: Db,
  kit: { kitId: string; authorityId: string; locationIds: string[] },
  from: string,
  to: string,
): Promise<OfficeDayView[]> {
  const assigned = await listOfficeDays(db, { authorityId: kit.authorityId, from, to, kitId: kit.kitId });
  const atLocations = kit.locationIds.length
    ? (
        await listOfficeDays(db, { authorityId: kit.authorityId, from, to, locationIds: kit.locationIds })
      ).filter((d) => d.kitId === null)
    : [];
  return [...assigned, ...atLocations].sort(
    (a, b) => a.startsAt.localeCompare(b.startsAt) || a.locationId.localeCompare(b.locationId),
  );
}

export const kitDayRoutes: FastifyPluginAsyncTypebox<KitScopedRouteOptions> = async (app, { db, guard }) => {
  app.get(
    '/api/kit/office-days',
    {
      preHandler: guard,
      schema: {
        tags: ['kits'],
        summary:
          'Office days the kit prepares (today and the next 14 days): assigned to it, or without a kit at its locations',
        security: KitSecurity,
        response: { 200: Type.Object({ officeDays: Type.Array(Any) }), ...problems(401, 403, 426) },
      },
    },
    async (request) => {
      const kit = request.kit!;
      const today = todayInBerlin();
      return { officeDays: await kitOfficeDays(db, kit, today, addDays(today, 14)) };
    },
  );

  app.get(
    '/api/kit/day',
    {
      preHandler: guard,
      schema: {
        tags: ['kits'],
        summary: 'One office day for the kit: its appointments and the services offered on the way',
        security: KitSecurity,
        querystring: Type.Object({ officeDayId: Type.Optional(Uuid) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            cursor: Type.Integer(),
            officeDay: Any,
            appointments: Type.Array(Any),
            services: Type.Array(Any),
            municipalities: Type.Array(Type.Object({ id: Uuid, name: Type.String() })),
            catalogDate: Type.String(),
          }),
          ...problems(401, 403, 404, 426),
        },
      },
    },
    async (request) => {
      const kit = request.kit!;
      const cursor = await currentVersion(db);
      let officeDay: unknown = null;
      let appointments: unknown[] = [];
      if (request.query.officeDayId) {
        const days = await kitOfficeDays(db, kit, addDays(todayInBerlin(), -1), addDays(todayInBerlin(), 60));
        const day = days.find((d) => d.id === request.query.officeDayId);
        if (!day) throw new AppError('KIT_OFFICE_DAY_NOT_SERVED');
        officeDay = day;
        appointments = await listOfficeDayAppointments(db, auditActor(request), kit.authorityId, day.id);
      }
      const services = await listPublishedServices(db, { authorityId: kit.authorityId, channel: 'mobile' });
      const catalogDate = new Date().toISOString().slice(0, 10);
      const municipalities = (await listMunicipalities(db, kit.authorityId)).map((m) => ({
        id: m.id,
        name: m.name,
      }));
      return { cursor, officeDay, appointments, services, municipalities, catalogDate };
    },
  );

  app.get(
    '/api/kit/register',
    {
      preHandler: guard,
      schema: {
        tags: ['kits'],
        summary: 'The register subset of a municipality the kit serves, in pages',
        description:
          'Residents with a current residence in the municipality and only the fields the kit’s services need. The transfer is recorded in the audit trail.',
        security: KitSecurity,
        querystring: Type.Object(
          {
            municipalityId: Uuid,
            offset: Type.Integer({ minimum: 0, default: 0 }),
            limit: Type.Integer({ minimum: 1, maximum: 2000, default: 500 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            cursor: Type.Integer(),
            total: Type.Integer(),
            residents: Type.Array(Any),
          }),
          ...problems(401, 403, 426),
        },
      },
    },
    async (request) => {
      const kit = request.kit!;
      const { municipalityId, offset, limit } = request.query;
      if (!kit.municipalityIds.includes(municipalityId)) throw new AppError('KIT_OUT_OF_SCOPE');
      const cursor = await currentVersion(db);
      const all = await registerSubsetForMunicipality(db, kit.authorityId, municipalityId, {
        scopeMunicipalityIds: kit.municipalityIds,
        ...(offset === 0 ? { actor: auditActor(request) } : {}),
      });
      const residents = all.slice(offset, offset + limit);
      await recordKitDelivery(db, {
        authorityId: kit.authorityId,
        kitId: kit.kitId,
        kind: 'prepare',
        personIds: residents.map((r) => r.id),
      });
      return { cursor, total: all.length, residents };
    },
  );
};
