import type { FastifyInstance, RouteOptions } from 'fastify';
import { isStaffGuard } from './auth';
import { rejectUnstorableText } from './validation';

type Hook = NonNullable<RouteOptions['onRequest']>;

function asList<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * Rules that hold for every route, registered once before the modules' routes:
 *
 * - the staff guard (requireStaff) runs in onRequest, before the body is read or parsed: an
 *   anonymous upload is refused at its headers;
 * - text PostgreSQL cannot store (NUL bytes, lone surrogates) in parameters, query or body is
 *   refused with 400 VALIDATION_FAILED naming the field, before schemas and handlers;
 * - answers of the API are `Cache-Control: no-store` unless a route chose otherwise (a public
 *   calendar feed may be cached; a person's record, a session, a problem document may not).
 */
export function registerRouteHardening(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const pre = asList(route.preHandler as unknown as Hook | Hook[] | undefined);
    const guards = pre.filter(isStaffGuard);
    if (guards.length === 0) return;
    route.preHandler = pre.filter((h) => !isStaffGuard(h)) as unknown as RouteOptions['preHandler'];
    route.onRequest = [
      ...asList(route.onRequest as Hook | Hook[] | undefined),
      ...guards,
    ] as RouteOptions['onRequest'];
  });

  app.addHook('preValidation', rejectUnstorableText);

  app.addHook('onSend', async (request, reply, payload) => {
    if (!reply.hasHeader('cache-control') && request.url.toLowerCase().startsWith('/api')) {
      reply.header('cache-control', 'no-store');
    }
    return payload;
  });
}
