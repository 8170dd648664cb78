import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppConfig } from '../../config';
import type { Db } from '../../db/database';
import { requireStaff } from '../../http/auth';
import { AppError } from '../../http/errors';
import { IdParams, Obj, problems, StaffSecurity } from '../../http/schema';
import { auditActor } from '../audit/service';
import {
  confirmConsentByToken,
  consentByToken,
  consentOfPerson,
  recordConsent,
  withdrawConsentAtDesk,
  withdrawConsentByToken,
} from './consent';

const State = Type.Union(['pending', 'active', 'expired', 'ended'].map((s) => Type.Literal(s)));
const EndReason = Type.Union([
  ...['withdrawn_at_desk', 'withdrawn_by_citizen', 'replaced', 'moved_away', 'deceased', 'not_confirmed'].map(
    (s) => Type.Literal(s),
  ),
  Type.Null(),
]);
const ConsentSchema = Type.Object({
  id: Type.String(),
  state: State,
  email: Type.Union([Type.String(), Type.Null()]),
  locale: Type.Union([Type.Literal('de'), Type.Literal('en')]),
  givenAt: Type.String({ format: 'date-time' }),
  givenWhere: Type.Literal('desk'),
  confirmBy: Type.String({ format: 'date-time' }),
  confirmedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  endedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  endReason: EndReason,
});
const PersonConsent = Type.Object({ consent: Type.Union([ConsentSchema, Type.Null()]) });
const PublicConsent = Type.Object({
  state: State,
  kind: Type.Union([Type.Literal('confirm'), Type.Literal('withdraw')]),
  email: Type.Union([Type.String(), Type.Null()]),
  confirmBy: Type.String({ format: 'date-time' }),
  endReason: EndReason,
});
const TokenBody = Obj({ token: Type.String({ minLength: 1, maxLength: 100 }) });

/** Staff with register rights record and withdraw the consent from the person view. */
const REGISTER = requireStaff(['clerk']);

/**
 * The consent to invitations by e-mail (#14, ADR 34): recorded and withdrawn at the desk from the
 * register's person view; confirmed (double opt-in) and withdrawn by the citizen by token.
 */
export const consentRoutes: FastifyPluginAsyncTypebox<{ db: Db; config: AppConfig }> = async (
  app,
  { db, config },
) => {
  const publicWrite = { rateLimit: { max: config.publicRateLimitPerMinute, timeWindow: 60_000 } };

  app.get(
    '/api/register/persons/:id/invitation-consent',
    {
      preHandler: REGISTER,
      config: { audit: { action: 'invitation.consent.read', resourceType: 'invitation_consent' } },
      schema: {
        tags: ['invitations'],
        summary: 'The person’s consent to invitations by e-mail (current or last; audited read)',
        security: StaffSecurity,
        params: IdParams,
        response: { 200: PersonConsent, ...problems(401, 403, 404) },
      },
    },
    async (request) => ({
      consent: await consentOfPerson(db, auditActor(request), request.staff!.authorityId, request.params.id),
    }),
  );

  app.post(
    '/api/register/persons/:id/invitation-consent',
    {
      preHandler: REGISTER,
      config: { audit: { action: 'invitation.consent.record', resourceType: 'invitation_consent' } },
      schema: {
        tags: ['invitations'],
        summary:
          'Records the address a resident gives for invitations by e-mail and sends the confirmation mail (double opt-in; replaces an open consent; audited)',
        security: StaffSecurity,
        params: IdParams,
        body: Obj({
          email: Type.String({ format: 'email', minLength: 3, maxLength: 254 }),
          locale: Type.Union([Type.Literal('de'), Type.Literal('en')]),
          /** The clerk confirms that the person consented (the consent text was read to them). */
          consentGiven: Type.Boolean(),
        }),
        response: { 201: PersonConsent, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      if (!request.body.consentGiven)
        throw new AppError('VALIDATION_FAILED', {}, [{ path: '/consentGiven', code: 'consentRequired' }]);
      const consent = await recordConsent(
        db,
        auditActor(request),
        request.staff!.authorityId,
        request.params.id,
        request.body,
        await app.authorities.portalUrl(request.staff!.authorityId, config.publicUrl),
      );
      return reply.code(201).send({ consent });
    },
  );

  app.post(
    '/api/register/persons/:id/invitation-consent/withdraw',
    {
      preHandler: REGISTER,
      config: { audit: { action: 'invitation.consent.withdraw', resourceType: 'invitation_consent' } },
      schema: {
        tags: ['invitations'],
        summary: 'Withdraws the consent at the desk (idempotent; the address is removed; audited)',
        security: StaffSecurity,
        params: IdParams,
        response: { 200: PersonConsent, ...problems(401, 403, 404) },
      },
    },
    async (request) => ({
      consent: await withdrawConsentAtDesk(
        db,
        auditActor(request),
        request.staff!.authorityId,
        request.params.id,
      ),
    }),
  );

  app.post(
    '/api/invitations/consent',
    {
      config: publicWrite,
      schema: {
        tags: ['invitations'],
        summary: 'The consent behind a link in a mail: state and masked address (no sign-in)',
        body: TokenBody,
        response: { 200: PublicConsent, ...problems(400, 404, 429) },
      },
    },
    async (request) => consentByToken(db, request.body.token),
  );

  app.post(
    '/api/invitations/consent/confirm',
    {
      config: {
        ...publicWrite,
        audit: { action: 'invitation.consent.confirm', resourceType: 'invitation_consent' },
      },
      schema: {
        tags: ['invitations'],
        summary: 'Confirms the address (double opt-in); idempotent',
        body: TokenBody,
        response: { 200: PublicConsent, ...problems(400, 404, 409, 410, 429) },
      },
    },
    async (request) => confirmConsentByToken(db, auditActor(request), request.body.token),
  );

  app.post(
    '/api/invitations/consent/withdraw',
    {
      config: {
        ...publicWrite,
        audit: { action: 'invitation.consent.withdraw', resourceType: 'invitation_consent' },
      },
      schema: {
        tags: ['invitations'],
        summary: 'Withdraws the consent (no sign-in; idempotent; the address is removed)',
        body: TokenBody,
        response: { 200: PublicConsent, ...problems(400, 404, 429) },
      },
    },
    async (request) => withdrawConsentByToken(db, auditActor(request), request.body.token),
  );
};
