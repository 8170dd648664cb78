import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { splitPortalPath } from '../../core/portal';
import {
  authorityScope,
  type DbScope,
  installationScope,
  PUBLIC_SCOPE,
  runInCell,
  type ScopeCell,
} from '../db/scope';
import { isStaffGuard, NO_AUTHORITY, staffGuardInfo } from './auth';
import { AppError } from './errors';

/**
 * Every request runs in a database scope (ADR 27, db/scope.ts), decided before any handler:
 *
 * 1. the portal: `/<slug>/…` (the prefix is taken off the URL before routing, so every route and
 *    page works below it), else the request's host name, else the installation's default portal
 *    (ADR 27) — or none;
 * 2. the caller: the session's staff member (http/auth.ts);
 * 3. the route: a staff route works in its staff member's authority — or, for a 115 agent acting
 *    for an authority that joined the service centre (X-Acting-For on a route that allows it),
 *    in that authority with the purpose "hotline"; a route declared with
 *    `config: { dbScope: 'installation' }` (behind a staff guard; the operator's area) works at
 *    installation scope; a public route works in the portal's authority — the portal named by
 *    slug or host, else a signed-in staff member's own authority, else the default portal — or
 *    in the public scope when there is none (only the directory of authorities is visible).
 */
export interface PortalContext {
  id: string;
  slug: string;
  status: 'active' | 'suspended';
  /** How the portal was found: `/<slug>/…`, the host name, or the installation's default. */
  via: 'slug' | 'host' | 'default';
  /** The path prefix of its pages and API on this host: `/<slug>` or ''. */
  base: string;
}

export interface PortalResolver {
  bySlug(slug: string): Promise<{ id: string; slug: string; status: 'active' | 'suspended' } | undefined>;
  byHost(host: string): Promise<{ id: string; slug: string; status: 'active' | 'suspended' } | undefined>;
  defaultPortal(): Promise<{ id: string; slug: string; status: 'active' | 'suspended' } | undefined>;
}

/**
 * Decides whether a staff member may act for another authority on this request (the 115 service
 * centre, ADR 27). Returns the authority id, or throws an AppError.
 */
export type ActingForResolver = (request: FastifyRequest, authorityId: string) => Promise<string>;

export const ACTING_FOR_HEADER = 'x-acting-for';

declare module 'fastify' {
  interface FastifyRequest {
    /** The portal this request belongs to, if any (ADR 27). */
    portal: PortalContext | null;
    /** The request's database scope cell (db/scope.ts). */
    scopeCell: ScopeCell;
    /** The authority a 115 agent acts for on this request (X-Acting-For), if any. */
    actingFor?: string;
  }
  interface FastifyContextConfig {
    /** `installation`: this (staff-guarded) route works across authorities (the operator's area). */
    dbScope?: 'installation';
    /** This route may be used by a 115 agent acting for a joined authority (X-Acting-For). */
    actingFor?: 'hotline';
    /** Set by the app: the route has a staff guard. */
    staffRoute?: boolean;
    /** Set by the app: the guard opens the route to an operator for their own account. */
    operatorOwnAccount?: boolean;
  }
}

type RawWithPortal = IncomingMessage & { bkPortalSlug?: string };

/** Fastify's `rewriteUrl`: takes `/<slug>` off the front of the URL and remembers it. */
export function rewritePortalUrl(raw: IncomingMessage): string {
  const url = raw.url ?? '/';
  const split = splitPortalPath(url);
  if (!split) return url;
  (raw as RawWithPortal).bkPortalSlug = split.slug;
  return split.rest;
}

/** Whether this request came with `/<slug>` (taken off before routing). */
export function portalSlugOf(request: FastifyRequest): string | undefined {
  return (request.raw as RawWithPortal).bkPortalSlug;
}

type Hook = NonNullable<RouteOptions['onRequest']>;
function asList<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Registered first of all hooks: every later hook and the handler run in the request's cell. */
export function registerRequestCell(app: FastifyInstance): void {
  app.decorateRequest('scopeCell', null as unknown as ScopeCell);
  app.decorateRequest('portal', null);
  app.decorateRequest('actingFor', undefined);
  app.addHook('onRoute', (route) => {
    const guards = [
      ...asList(route.onRequest as Hook | Hook[] | undefined),
      ...asList(route.preHandler as unknown as Hook | Hook[] | undefined),
    ].filter(isStaffGuard);
    const guarded = guards.length > 0;
    if (route.config?.dbScope === 'installation' && !guarded)
      throw new Error(`route ${route.method} ${route.url}: dbScope 'installation' needs a staff guard`);
    const infos = guards.map(staffGuardInfo);
    // An operator's route reads across authorities and must say so (ADR 24, ADR 27).
    if (infos.some((i) => i?.operator) && route.config?.dbScope !== 'installation')
      throw new Error(
        `route ${route.method} ${route.url}: an operator's route needs config: { dbScope: 'installation' }`,
      );
    if (guarded)
      route.config = {
        ...(route.config ?? {}),
        staffRoute: true,
        operatorOwnAccount: infos.some((i) => i?.ownAccount),
      } as typeof route.config;
  });
  app.addHook('onRequest', (request, _reply, done) => {
    const cell: ScopeCell = { scope: PUBLIC_SCOPE };
    request.scopeCell = cell;
    runInCell(cell, () => done());
  });
  // Body parsing runs on the socket's events: enter the request's cell again after it.
  app.addHook('preValidation', (request, _reply, done) => {
    runInCell(request.scopeCell, () => done());
  });
  app.addHook('preHandler', (request, _reply, done) => {
    runInCell(request.scopeCell, () => done());
  });
}

/** Finds the request's portal (after registerRequestCell, before the session hook). */
export function registerPortalResolution(app: FastifyInstance, resolver: PortalResolver): void {
  app.addHook('onRequest', async (request) => {
    const slug = portalSlugOf(request);
    if (slug) {
      const found = await resolver.bySlug(slug);
      if (!found) {
        request.portalUnknown = true;
        // An address below an unknown portal: no such page (the web app shows its 404 page).
        if (!wantsPage(request)) throw new AppError('NOT_FOUND');
        return;
      }
      request.portal = { ...found, via: 'slug', base: `/${found.slug}` };
      return;
    }
    const host = request.headers.host;
    const byHost = host ? await resolver.byHost(host) : undefined;
    if (byHost) {
      request.portal = { ...byHost, via: 'host', base: '' };
      return;
    }
    const fallback = await resolver.defaultPortal();
    if (fallback) request.portal = { ...fallback, via: 'default', base: '' };
  });
}

function wantsPage(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0]!.toLowerCase();
  return (
    (request.method === 'GET' || request.method === 'HEAD') && !path.startsWith('/api/') && path !== '/api'
  );
}

/** Decides the scope (after the session hook, before the route's guards). */
export function registerScopeDecision(app: FastifyInstance, actingFor: ActingForResolver): void {
  app.addHook('onRequest', async (request) => {
    try {
      request.scopeCell.scope = await decideScope(request, actingFor);
    } catch (error) {
      // A refused request (e.g. X-Acting-For not allowed) is still recorded by the audit hook: in
      // the caller's own authority, where its audit row belongs.
      const staff = request.staff;
      if (staff) request.scopeCell.scope = authorityScope(staff.homeAuthorityId ?? staff.authorityId);
      throw error;
    }
  });
}

async function decideScope(request: FastifyRequest, actingFor: ActingForResolver): Promise<DbScope> {
  const config = request.routeOptions.config ?? {};
  const staff = request.staff;
  const header = request.headers[ACTING_FOR_HEADER];
  if (header !== undefined) {
    if (typeof header !== 'string' || !staff) throw new AppError('FORBIDDEN');
    if (config.actingFor !== 'hotline') throw new AppError('ACTING_FOR_NOT_ALLOWED');
    const target = await actingFor(request, header);
    request.actingFor = target;
    return authorityScope(target, 'hotline');
  }
  if (config.staffRoute) {
    if (!staff) return PUBLIC_SCOPE; // the guard refuses the request
    if (config.dbScope === 'installation') return installationScope(`route ${request.routeOptions.url}`);
    if (staff.operator) {
      // An operator's account belongs to no authority (ADR 24): its own sign-in steps, password,
      // second factors and sign-out find it only at installation scope; every other staff route
      // refuses an operator in its guard, and would see no authority's rows anyway.
      return config.operatorOwnAccount
        ? installationScope('operator own account')
        : authorityScope(NO_AUTHORITY);
    }
    return authorityScope(staff.authorityId);
  }
  const portal = request.portal;
  if (portal && portal.via !== 'default') return authorityScope(portal.id);
  if (staff && !staff.operator) return authorityScope(staff.authorityId);
  if (portal) return authorityScope(portal.id);
  return PUBLIC_SCOPE;
}

/** The authority a public request works for, or the problem to answer when there is none. */
export function portalAuthority(request: FastifyRequest): string {
  const scope = request.scopeCell?.scope;
  if (scope?.kind === 'authority') return scope.authorityId;
  throw new AppError('PORTAL_REQUIRED');
}

declare module 'fastify' {
  interface FastifyRequest {
    /** `/<slug>/…` named a portal that does not exist. */
    portalUnknown?: boolean;
  }
}

export type { FastifyReply };
