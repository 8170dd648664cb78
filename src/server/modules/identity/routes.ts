import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import type { AppConfig } from '../../config';
import type { Db } from '../../db/database';
import { withAccountScope } from '../../db/scope';
import { requireStaff, SESSION_COOKIE, type StaffPrincipal } from '../../http/auth';
import { AppError } from '../../http/errors';
import { IdParams, problems, StaffSecurity } from '../../http/schema';
import { auditActor } from '../audit/service';
import {
  CodeBody,
  CreateStaffBody,
  LoginBody,
  OneTimePasswordResponse,
  PasswordChangeBody,
  ResetPasswordBody,
  SessionSchema,
  StaffSchema,
  StageResponse,
  TotpSetupResponse,
  UpdateStaffBody,
} from './schemas';
import { securityKeyRoutes } from './security-key-routes';
import { SecurityKeyService } from './security-keys';
import type { IdentityService } from './service';
import type { SessionStage } from './tables';

const SIGN_IN_STAGES = [
  'mfa_required',
  'password_change_required',
  'mfa_enrolment_required',
  'key_enrolment_required',
] as const;

export const identityRoutes: FastifyPluginAsyncTypebox<{
  db: Db;
  identity: IdentityService;
  config: AppConfig;
}> = async (app, { db, identity, config }) => {
  async function sessionView(p: StaffPrincipal) {
    const authority = await db
      .selectFrom('authorities')
      .select('name')
      .where('id', '=', p.authorityId)
      .executeTakeFirst();
    // The account's own scope (ADR 27): the sign-in answers on any portal, and an operator's
    // account belongs to no authority.
    const factors = await withAccountScope(db, p.operator ? null : (p.homeAuthorityId ?? p.authorityId), () =>
      identity.sessionFactors(p.userId),
    );
    return {
      stage: p.stage,
      csrfToken: p.csrfToken,
      secondFactors: p.stage === 'mfa_required' ? factors.secondFactors : [],
      user: {
        securityKeys: factors.securityKeys,
        securityKeyRequired: factors.securityKeyRequired,
        id: p.userId,
        username: p.username,
        displayName: p.displayName,
        authorityId: p.authorityId,
        authorityName: authority?.name ?? '',
        roles: p.roles,
        totpEnabled: p.totpEnabled,
      },
    };
  }

  /** A session that moved on a sign-in step: the new token in the cookie, the new CSRF token in the answer. */
  function stageAnswer(
    reply: FastifyReply,
    change: { stage: SessionStage; token?: string; csrfToken?: string },
  ) {
    if (change.token) setSessionCookie(reply, change.token);
    return { stage: change.stage, ...(change.csrfToken ? { csrfToken: change.csrfToken } : {}) };
  }

  function setSessionCookie(reply: FastifyReply, token: string) {
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      secure: config.cookieSecure,
      sameSite: 'strict',
      maxAge: config.sessionAbsoluteHours * 3600,
    });
  }

  app.post(
    '/api/auth/login',
    {
      config: { rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: 60_000 } },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with user name and password',
        description:
          'Starts a session. The answer names the next sign-in step (TOTP, password change, TOTP enrolment) or `active`.',
        body: LoginBody,
        response: { 200: SessionSchema, ...problems(400, 401, 403, 423, 429) },
      },
    },
    async (request, reply) => {
      const result = await identity.login(request, request.body.username, request.body.password);
      setSessionCookie(reply, result.token);
      return sessionView(result.principal);
    },
  );

  app.get(
    '/api/auth/session',
    {
      schema: {
        tags: ['auth'],
        summary: 'The current session, its sign-in stage and CSRF token',
        security: StaffSecurity,
        response: { 200: SessionSchema, ...problems(401) },
      },
    },
    async (request) => {
      if (!request.staff) throw new AppError(request.sessionExpired ? 'SESSION_EXPIRED' : 'AUTH_REQUIRED');
      return sessionView(request.staff);
    },
  );

  app.post(
    '/api/auth/mfa',
    {
      preHandler: requireStaff([], { stages: ['mfa_required'], ownAccount: true }),
      config: { rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: 60_000 } },
      schema: {
        tags: ['auth'],
        summary: 'Second sign-in step: the TOTP code',
        security: StaffSecurity,
        body: CodeBody,
        response: { 200: StageResponse, ...problems(400, 401, 403, 423, 429) },
      },
    },
    async (request, reply) => {
      if (request.staff!.stage !== 'mfa_required')
        throw new AppError('SESSION_STAGE_INCOMPLETE', { stage: request.staff!.stage });
      return stageAnswer(reply, await identity.verifySecondFactor(request, request.body.code));
    },
  );

  app.post(
    '/api/auth/password',
    {
      preHandler: requireStaff([], { stages: ['password_change_required'], ownAccount: true }),
      schema: {
        tags: ['auth'],
        summary: 'Change the own password (forced at first sign-in)',
        security: StaffSecurity,
        body: PasswordChangeBody,
        response: { 200: StageResponse, ...problems(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { stage, change } = await identity.changePassword(
        request,
        request.body.currentPassword,
        request.body.newPassword,
      );
      return stageAnswer(reply, change ?? { stage });
    },
  );

  app.post(
    '/api/auth/totp/setup',
    {
      preHandler: requireStaff([], { stages: ['mfa_enrolment_required'], ownAccount: true }),
      schema: {
        tags: ['auth'],
        summary: 'Begin TOTP enrolment: a new secret and its QR code',
        security: StaffSecurity,
        response: { 200: TotpSetupResponse, ...problems(400, 401, 403) },
      },
    },
    async (request) => identity.beginTotpEnrolment(request),
  );

  app.post(
    '/api/auth/totp/enable',
    {
      preHandler: requireStaff([], { stages: ['mfa_enrolment_required'], ownAccount: true }),
      schema: {
        tags: ['auth'],
        summary: 'Confirm TOTP enrolment with a code from the app',
        security: StaffSecurity,
        body: CodeBody,
        response: { 200: StageResponse, ...problems(400, 401, 403) },
      },
    },
    async (request, reply) =>
      stageAnswer(reply, await identity.confirmTotpEnrolment(request, request.body.code)),
  );

  app.post(
    '/api/auth/totp/disable',
    {
      preHandler: requireStaff([], { ownAccount: true }),
      schema: {
        tags: ['auth'],
        summary: 'Switch TOTP off (not for roles that require it)',
        security: StaffSecurity,
        body: CodeBody,
        response: { 204: Type.Null(), ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      await identity.disableTotp(request, request.body.code);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/auth/logout',
    {
      preHandler: requireStaff([], { stages: [...SIGN_IN_STAGES], ownAccount: true }),
      schema: {
        tags: ['auth'],
        summary: 'Sign out of this session',
        security: StaffSecurity,
        response: { 204: Type.Null(), ...problems(401, 403) },
      },
    },
    async (request, reply) => {
      await identity.logout(request, false);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/auth/logout-all',
    {
      preHandler: requireStaff([], { stages: [...SIGN_IN_STAGES], ownAccount: true }),
      schema: {
        tags: ['auth'],
        summary: 'Sign out of every session of this account',
        security: StaffSecurity,
        response: { 204: Type.Null(), ...problems(401, 403) },
      },
    },
    async (request, reply) => {
      await identity.logout(request, true);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  await app.register(securityKeyRoutes, {
    config,
    keys: new SecurityKeyService(db, identity, { publicUrl: () => config.publicUrl }),
    sessionView,
    stageAnswer,
    setSessionCookie,
  });

  // ---- staff administration ----

  app.get(
    '/api/staff',
    {
      preHandler: requireStaff(['admin']),
      schema: {
        tags: ['staff'],
        summary: 'Staff accounts of the own authority',
        security: StaffSecurity,
        response: { 200: Type.Object({ staff: Type.Array(StaffSchema) }), ...problems(401, 403) },
      },
    },
    async (request) => {
      const rows = await identity.listStaff(request.staff!.authorityId);
      const now = Date.now();
      return {
        staff: rows.map((r) => ({
          id: r.id,
          username: r.username,
          displayName: r.display_name,
          email: r.email,
          roles: r.roles,
          totpEnabled: r.totp_enabled,
          disabled: !!r.disabled_at,
          locked: !!r.locked_until && r.locked_until.getTime() > now,
          mustChangePassword: r.must_change_password,
          securityKeys: Number(r.security_keys ?? 0),
          lastLoginAt: r.last_login_at?.toISOString() ?? null,
          createdAt: r.created_at.toISOString(),
        })),
      };
    },
  );

  app.post(
    '/api/staff',
    {
      preHandler: requireStaff(['admin']),
      config: { audit: { action: 'staff.create', resourceType: 'staff_user' } },
      schema: {
        tags: ['staff'],
        summary: 'Invite a staff member: creates the account with a one-time password',
        security: StaffSecurity,
        body: CreateStaffBody,
        response: { 201: OneTimePasswordResponse, ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const created = await identity.createStaff(auditActor(request), {
        authorityId: request.staff!.authorityId,
        ...request.body,
      });
      return reply.code(201).send(created);
    },
  );

  app.patch(
    '/api/staff/:id',
    {
      preHandler: requireStaff(['admin']),
      config: { audit: { action: 'staff.update', resourceType: 'staff_user' } },
      schema: {
        tags: ['staff'],
        summary: 'Change roles, name or e-mail, or disable/enable an account',
        security: StaffSecurity,
        params: IdParams,
        body: UpdateStaffBody,
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await identity.updateStaff(
        auditActor(request),
        request.staff!.authorityId,
        request.params.id,
        request.body,
      );
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/staff/:id/reset-password',
    {
      preHandler: requireStaff(['admin']),
      config: { audit: { action: 'staff.reset_password', resourceType: 'staff_user' } },
      schema: {
        tags: ['staff'],
        summary: 'Issue a new one-time password (and optionally reset TOTP)',
        security: StaffSecurity,
        params: IdParams,
        body: ResetPasswordBody,
        response: { 200: OneTimePasswordResponse, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const oneTimePassword = await identity.resetStaffPassword(
        auditActor(request),
        request.staff!.authorityId,
        request.params.id,
        request.body.resetTotp ?? false,
      );
      return { id: request.params.id, oneTimePassword };
    },
  );
};
