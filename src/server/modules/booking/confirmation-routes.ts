import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppConfig } from '../../config';
import type { Db } from '../../db/database';
import { requireStaff } from '../../http/auth';
import { IdParams, Obj, problems, StaffSecurity } from '../../http/schema';
import { auditActor } from '../audit/service';
import {
  cancelByConfirmToken,
  confirmationByToken,
  confirmByToken,
  loadConfirmationRules,
  saveConfirmationRules,
} from './confirmation';
import { recordNoShow } from './no-shows';
import { bookingSettings } from './routes';
import { TokenBody } from './schemas';
import { forAuthority } from './settings';

const Localized = Type.Object({ de: Type.String(), en: Type.String() });

const ConfirmationSchema = Type.Object({
  state: Type.Union(['open', 'confirmed', 'cancelled', 'released', 'over'].map((s) => Type.Literal(s))),
  bookingNumber: Type.String(),
  startsAt: Type.String({ format: 'date-time' }),
  endsAt: Type.String({ format: 'date-time' }),
  location: Type.Object({ name: Type.String(), address: Type.String() }),
  services: Type.Array(Type.Object({ id: Type.String(), name: Localized })),
  deadline: Type.String({ format: 'date-time' }),
});

const RulesSchema = Type.Object({
  enabled: Type.Boolean(),
  requestHours: Type.Integer({ minimum: 2, maximum: 336 }),
  deadlineHours: Type.Integer({ minimum: 1, maximum: 335 }),
  noShowLimit: Type.Integer({ minimum: 0, maximum: 20 }),
  noShowMonths: Type.Integer({ minimum: 1, maximum: 24 }),
});

/** "Kommen Sie? Ja / Absagen" (#14): the citizen's answer by token, and the authority's rule. */
export const confirmationRoutes: FastifyPluginAsyncTypebox<{ db: Db; config: AppConfig }> = async (
  app,
  { db, config },
) => {
  const publicWrite = { rateLimit: { max: config.publicRateLimitPerMinute, timeWindow: 60_000 } };

  app.post(
    '/api/booking/confirmation',
    {
      config: publicWrite,
      schema: {
        tags: ['booking'],
        summary: 'The appointment behind a "Kommen Sie?" link: time, place, services and the answer so far',
        body: TokenBody,
        response: { 200: ConfirmationSchema, ...problems(400, 404, 429) },
      },
    },
    async (request) => confirmationByToken(db, request.body.token),
  );

  app.post(
    '/api/booking/confirmation/yes',
    {
      config: {
        ...publicWrite,
        audit: { action: 'appointment.confirm-attendance', resourceType: 'appointment' },
      },
      schema: {
        tags: ['booking'],
        summary: '"Ja, ich komme" — idempotent (a second click answers the same)',
        body: TokenBody,
        response: { 200: ConfirmationSchema, ...problems(400, 404, 409, 429) },
      },
    },
    async (request) => confirmByToken(db, auditActor(request), request.body.token),
  );

  app.post(
    '/api/booking/confirmation/cancel',
    {
      config: { ...publicWrite, audit: { action: 'appointment.cancel', resourceType: 'appointment' } },
      schema: {
        tags: ['booking'],
        summary: '"Absagen" — the time goes to the wait-list at once; idempotent',
        body: TokenBody,
        response: { 200: ConfirmationSchema, ...problems(400, 404, 409, 429) },
      },
    },
    async (request) =>
      cancelByConfirmToken(
        db,
        await forAuthority(bookingSettings(config, app.authorities)),
        auditActor(request),
        request.body.token,
      ),
  );

  app.post(
    '/api/booking/appointments/:id/no-show',
    {
      preHandler: requireStaff(['clerk', 'coordinator']),
      config: { audit: { action: 'appointment.no-show', resourceType: 'appointment' } },
      schema: {
        tags: ['booking'],
        summary: 'Records that the booked person did not come (after the start plus 15 minutes; idempotent)',
        security: StaffSecurity,
        params: IdParams,
        response: {
          200: Type.Object({ id: Type.String(), status: Type.Literal('no_show') }),
          ...problems(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => recordNoShow(db, auditActor(request), request.staff!.authorityId, request.params.id),
  );

  app.get(
    '/api/booking/confirmation-rules',
    {
      preHandler: requireStaff(['admin', 'coordinator']),
      schema: {
        tags: ['booking'],
        summary:
          'The authority\u2019s "Kommen Sie?" rule: on/off, hours before for the request and the deadline',
        security: StaffSecurity,
        response: { 200: RulesSchema, ...problems(401, 403) },
      },
    },
    async (request) => loadConfirmationRules(db, request.staff!.authorityId),
  );

  app.put(
    '/api/booking/confirmation-rules',
    {
      preHandler: requireStaff(['admin']),
      config: { audit: { action: 'booking.confirmation-rules', resourceType: 'booking_confirmation_rules' } },
      schema: {
        tags: ['booking'],
        summary: 'Changes the "Kommen Sie?" rule of the authority (admin; audited)',
        security: StaffSecurity,
        body: Obj({
          enabled: Type.Boolean(),
          requestHours: Type.Integer({ minimum: 2, maximum: 336 }),
          deadlineHours: Type.Integer({ minimum: 1, maximum: 335 }),
          noShowLimit: Type.Optional(Type.Integer({ minimum: 0, maximum: 20 })),
          noShowMonths: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 })),
        }),
        response: { 200: RulesSchema, ...problems(400, 401, 403, 422) },
      },
    },
    async (request) => {
      const authorityId = request.staff!.authorityId;
      const current = await loadConfirmationRules(db, authorityId);
      return saveConfirmationRules(db, auditActor(request), authorityId, {
        ...request.body,
        noShowLimit: request.body.noShowLimit ?? current.noShowLimit,
        noShowMonths: request.body.noShowMonths ?? current.noShowMonths,
      });
    },
  );
};
