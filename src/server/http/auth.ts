import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { OPERATOR_ROLE, type Role } from '../../core/roles';
import type { SessionStage } from '../modules/identity/tables';
import { AppError } from './errors';

export const SESSION_COOKIE = 'bk_session';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * The authority id an operator's principal carries (ADR 24): the nil UUID, which no authority
 * has, so a query scoped by it finds nothing even if a guard were missing. Operators are refused
 * by every staff guard that does not name the role `operator` (see requireStaff).
 */
export const NO_AUTHORITY = '00000000-0000-0000-0000-000000000000';

export interface StaffPrincipal {
  userId: string;
  username: string;
  displayName: string;
  /**
   * The authority the staff member works for on this request (a 115 agent: the one acted for);
   * NO_AUTHORITY for an operator.
   */
  authorityId: string;
  /** A 115 agent acting for another authority: the agent's own organisation (ADR 27). */
  homeAuthorityId?: string;
  /** An installation operator (role `operator`, no authority). */
  operator: boolean;
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
  /**
   * Also open to operators although the roles do not name `operator`: only the routes about the
   * signed-in account itself (sign-in steps, own password, second factors, sign-out).
   */
  ownAccount?: boolean;
}

const STAFF_GUARD = Symbol.for('buergerkoffer.staffGuard');

/** True for a guard made by requireStaff (app.ts runs these in onRequest, see http/hardening.ts). */
/** What a staff guard lets an operator do (read when routes are registered; ADR 27). */
export interface StaffGuardInfo {
  /** The guard names the role `operator`: an operator's route (works at installation scope). */
  operator: boolean;
  /** The guard opens the route to an operator for their own account. */
  ownAccount: boolean;
}

const STAFF_GUARD_INFO = Symbol.for('buergerkoffer.staffGuardInfo');

export function staffGuardInfo(handler: unknown): StaffGuardInfo | undefined {
  if (!isStaffGuard(handler)) return undefined;
  return (handler as unknown as Record<symbol, StaffGuardInfo>)[STAFF_GUARD_INFO];
}

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
    // An operator works only where a route names the role, or on its own account (ADR 24):
    // `requireStaff()` ("any signed-in staff") never lets an operator into an authority's data.
    if (staff.operator && !roles.includes(OPERATOR_ROLE) && !options.ownAccount) {
      throw new AppError('FORBIDDEN');
    }
    if (roles.length > 0 && !roles.some((r) => staff.roles.includes(r))) throw new AppError('FORBIDDEN');
  };
  Object.defineProperty(guard, STAFF_GUARD, { value: true });
  const info: StaffGuardInfo = { operator: roles.includes(OPERATOR_ROLE), ownAccount: !!options.ownAccount };
  Object.defineProperty(guard, STAFF_GUARD_INFO, { value: info });
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
