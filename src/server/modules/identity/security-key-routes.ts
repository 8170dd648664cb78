import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import type { AppConfig } from '../../config';
import { requireStaff, type StaffPrincipal } from '../../http/auth';
import { IdParams, problems, StaffSecurity } from '../../http/schema';
import { auditActor } from '../audit/service';
import {
  AssertionBody,
  CeremonyOptions,
  KeyParams,
  RegisteredKeyResponse,
  RegisterKeyBody,
  RevokeKeyBody,
  SecurityKeySchema,
  SecurityPolicyBody,
  SecurityPolicySchema,
  SessionSchema,
  StageResponse,
} from './schemas';
import type { SecurityKeyService } from './security-keys';
import type { SessionStage } from './tables';

/** Stages in which a key may be enrolled: signed in, or a sign-in waiting for a second factor to be set up. */
const ENROL_STAGES: SessionStage[] = ['mfa_enrolment_required', 'key_enrolment_required'];

export interface SecurityKeyRouteOptions {
  config: AppConfig;
  keys: SecurityKeyService;
  sessionView(p: StaffPrincipal): Promise<unknown>;
  stageAnswer(
    reply: FastifyReply,
    change: { stage: SessionStage; token?: string; csrfToken?: string },
  ): { stage: SessionStage; csrfToken?: string };
  setSessionCookie(reply: FastifyReply, token: string): void;
}

/**
 * Security keys and passkeys (WebAuthn): the own keys (enrol, list, remove), the key as second
 * factor, sign-in without a password, and the admin's side (a colleague's keys, revoking a lost
 * one, requiring keys for the roles that read the register).
 */
export const securityKeyRoutes: FastifyPluginAsyncTypebox<SecurityKeyRouteOptions> = async (
  app,
  { config, keys, sessionView, stageAnswer, setSessionCookie },
) => {
  const signInLimit = { rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: 60_000 } };

  app.get(
    '/api/auth/security-keys',
    {
      preHandler: requireStaff([], { ownAccount: true }),
      schema: {
        tags: ['auth'],
        summary: 'The own security keys and passkeys (not revoked)',
        security: StaffSecurity,
        response: { 200: Type.Object({ keys: Type.Array(SecurityKeySchema) }), ...problems(401, 403) },
      },
    },
    async (request) => ({ keys: await keys.listOwn(request.staff!.userId) }),
  );

  app.post(
    '/api/auth/security-keys/options',
    {
      preHandler: requireStaff([], { stages: ENROL_STAGES, ownAccount: true }),
      schema: {
        tags: ['auth'],
        summary: 'Begin enrolling a security key: options for navigator.credentials.create()',
        security: StaffSecurity,
        response: { 200: CeremonyOptions, ...problems(401, 403) },
      },
    },
    async (request) => keys.registrationOptions(request),
  );

  app.post(
    '/api/auth/security-keys',
    {
      preHandler: requireStaff([], { stages: ENROL_STAGES, ownAccount: true }),
      schema: {
        tags: ['auth'],
        summary: 'Enrol a security key with the browser’s answer; a sign-in waiting for one moves on',
        security: StaffSecurity,
        body: RegisterKeyBody,
        response: { 201: RegisteredKeyResponse, ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const { key, change } = await keys.register(request, {
        challengeId: request.body.challengeId,
        name: request.body.name,
        response: request.body.response as unknown as RegistrationResponseJSON,
      });
      const answer = stageAnswer(reply, change ?? { stage: request.staff!.stage });
      return reply.code(201).send({ key, ...answer });
    },
  );

  app.delete(
    '/api/auth/security-keys/:id',
    {
      preHandler: requireStaff([], { ownAccount: true }),
      config: { audit: { action: 'auth.security_key_revoke', resourceType: 'staff_security_key' } },
      schema: {
        tags: ['auth'],
        summary: 'Remove one of the own security keys (lost or replaced)',
        security: StaffSecurity,
        params: IdParams,
        response: { 204: Type.Null(), ...problems(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await keys.revokeOwn(request, request.params.id);
      return reply.code(204).send(null);
    },
  );

  // ---- sign-in ----

  app.post(
    '/api/auth/security-key/options',
    {
      preHandler: requireStaff([], { stages: ['mfa_required'], ownAccount: true }),
      config: signInLimit,
      schema: {
        tags: ['auth'],
        summary: 'Second sign-in step with a security key: options for navigator.credentials.get()',
        security: StaffSecurity,
        response: { 200: CeremonyOptions, ...problems(401, 403, 404, 429) },
      },
    },
    async (request) => keys.secondFactorOptions(request),
  );

  app.post(
    '/api/auth/security-key',
    {
      preHandler: requireStaff([], { stages: ['mfa_required'], ownAccount: true }),
      config: signInLimit,
      schema: {
        tags: ['auth'],
        summary: 'Second sign-in step with a security key: the browser’s answer',
        security: StaffSecurity,
        body: AssertionBody,
        response: { 200: StageResponse, ...problems(400, 401, 403, 423, 429) },
      },
    },
    async (request, reply) =>
      stageAnswer(
        reply,
        await keys.verifySecondFactor(request, {
          challengeId: request.body.challengeId,
          response: request.body.response as unknown as AuthenticationResponseJSON,
        }),
      ),
  );

  app.post(
    '/api/auth/passkey/options',
    {
      config: signInLimit,
      schema: {
        tags: ['auth'],
        summary: 'Sign in without a password: options for navigator.credentials.get() (a passkey)',
        response: { 200: CeremonyOptions, ...problems(429) },
      },
    },
    async () => keys.passwordlessOptions(),
  );

  app.post(
    '/api/auth/passkey',
    {
      config: signInLimit,
      schema: {
        tags: ['auth'],
        summary: 'Sign in without a password: the passkey’s answer (it must verify its user)',
        description:
          'Starts a session like /api/auth/login, with the password and the second factor proven at once.',
        body: AssertionBody,
        response: { 200: SessionSchema, ...problems(400, 401, 403, 423, 429) },
      },
    },
    async (request, reply) => {
      const result = await keys.signInWithoutPassword(request, {
        challengeId: request.body.challengeId,
        response: request.body.response as unknown as AuthenticationResponseJSON,
      });
      setSessionCookie(reply, result.token);
      return sessionView(result.principal) as never;
    },
  );

  // ---- administration ----

  app.get(
    '/api/staff/:id/security-keys',
    {
      preHandler: requireStaff(['admin']),
      schema: {
        tags: ['staff'],
        summary: 'A colleague’s security keys, revoked ones included',
        security: StaffSecurity,
        params: IdParams,
        response: { 200: Type.Object({ keys: Type.Array(SecurityKeySchema) }), ...problems(401, 403, 404) },
      },
    },
    async (request) => ({
      keys: await keys.listForStaff(request.staff!.authorityId, request.params.id),
    }),
  );

  app.post(
    '/api/staff/:id/security-keys/:keyId/revoke',
    {
      preHandler: requireStaff(['admin']),
      config: { audit: { action: 'staff.security_key_revoke', resourceType: 'staff_security_key' } },
      schema: {
        tags: ['staff'],
        summary: 'Revoke a colleague’s (lost) security key: refused from now on, their sessions end',
        security: StaffSecurity,
        params: KeyParams,
        body: RevokeKeyBody,
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await keys.revokeByAdmin(
        auditActor(request),
        request.staff!.authorityId,
        request.params.id,
        request.params.keyId,
        request.body.reason,
      );
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/security/policy',
    {
      preHandler: requireStaff(['admin']),
      schema: {
        tags: ['staff'],
        summary: 'Whether staff who read the register must sign in with a security key',
        security: StaffSecurity,
        response: { 200: SecurityPolicySchema, ...problems(401, 403) },
      },
    },
    async (request) => keys.policy(request.staff!.authorityId),
  );

  app.put(
    '/api/security/policy',
    {
      preHandler: requireStaff(['admin']),
      config: { audit: { action: 'security.policy_change', resourceType: 'authority_security_policy' } },
      schema: {
        tags: ['staff'],
        summary: 'Require (or no longer require) security keys for the roles that read the register',
        description: 'Takes effect at each account’s next sign-in.',
        security: StaffSecurity,
        body: SecurityPolicyBody,
        response: { 200: SecurityPolicySchema, ...problems(400, 401, 403) },
      },
    },
    async (request) =>
      keys.setPolicy(auditActor(request), request.staff!.authorityId, request.body.requireSecurityKey),
  );
};
