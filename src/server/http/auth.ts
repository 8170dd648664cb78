import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Role } from '../../core/roles';
import type { SessionStage } from '../modules/identity/tables';
import { AppError } from './errors';

export const SESSION_COOKIE = 'bk_session';
export const CSRF_HEADER = 'x-csrf-token';

export interface StaffPrincipal {
  userId: string;
  username: string;
  displayName: string;
  /** The authority the staff member works for on this request (a 115 agent: the one acted for). */
  authorityId: string;
  /** A 115 agent acting for another authority: the agent's own organisation (ADR 27). */
  homeAuthorityId?: string;
  roles: Role[];
  sessionId: string;
  stage: SessionStage;
  csrfToken: string;
  totpEnabled: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in staff member, if the request carries a valid session. */
    staff?: StaffPrincipal;
    /** True when a session cookie was sent but the session is expired or unknown. */
    sessionExpired?: boolean;
    /** The enrolled field kit this request comes from (set by the kits module). */
    kitId?: string;
  }
  interface FastifyContextConfig {
    /** Audit this route: failures are recorded by the audit hook, successes by the service. */
    audit?: { action: string; resourceType: string };
  }
}

export function newToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface StaffGuardOptions {
  /** Session stages accepted besides 'active' (the sign-in steps use this). */
  stages?: SessionStage[];
  /** Skip the CSRF check (only for endpoints that create the session). */
  skipCsrf?: boolean;
}

const STAFF_GUARD = Symbol.for('buergerkoffer.staffGuard');

/** True for a guard made by requireStaff (app.ts runs these in onRequest, see http/hardening.ts). */
export function isStaffGuard(handler: unknown): boolean {
  return (
    typeof handler === 'function' && (handler as unknown as Record<symbol, unknown>)[STAFF_GUARD] === true
  );
}

/**
 * Guard for staff routes: a valid session, a completed sign-in, one of the roles (any, if none
 * given) and, on state-changing methods, the CSRF token of the session in X-CSRF-Token.
 * Routes name it as `preHandler`; the app moves it to `onRequest`, so a request without the
 * right session is refused before its body is read (an anonymous 10 MB upload is never read).
 */
export function requireStaff(
  roles: Role[] = [],
  options: StaffGuardOptions = {},
): preHandlerAsyncHookHandler {
  const guard = async function staffGuard(request: FastifyRequest, _reply: FastifyReply) {
    const staff = request.staff;
    if (!staff) throw new AppError(request.sessionExpired ? 'SESSION_EXPIRED' : 'AUTH_REQUIRED');
    if (staff.stage !== 'active' && !options.stages?.includes(staff.stage)) {
      throw new AppError('SESSION_STAGE_INCOMPLETE', { stage: staff.stage });
    }
    if (!options.skipCsrf && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || sent !== staff.csrfToken) throw new AppError('CSRF_TOKEN_INVALID');
    }
    if (roles.length > 0 && !roles.some((r) => staff.roles.includes(r))) throw new AppError('FORBIDDEN');
  };
  Object.defineProperty(guard, STAFF_GUARD, { value: true });
  return guard;
}

export function hasRole(request: FastifyRequest, ...roles: Role[]): boolean {
  return !!request.staff && roles.some((r) => request.staff!.roles.includes(r));
}

/** The authority (tenant) of the signed-in staff member. Throws if there is none. */
export function staffAuthority(request: FastifyRequest): string {
  if (!request.staff) throw new AppError('AUTH_REQUIRED');
  return request.staff.authorityId;
}

export type SessionLoader = (
  tokenHash: string,
  request: FastifyRequest,
) => Promise<StaffPrincipal | 'expired' | undefined>;

/** Reads the session cookie on every request and sets request.staff. */
export function registerSessionHook(app: FastifyInstance, loadSession: SessionLoader): void {
  app.decorateRequest('staff', undefined);
  app.decorateRequest('sessionExpired', false);
  app.decorateRequest('kitId', undefined);
  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token || !request.url.startsWith('/api/')) return;
    const result = await loadSession(hashToken(token), request);
    if (result === 'expired' || result === undefined) request.sessionExpired = true;
    else request.staff = result;
  });
}
