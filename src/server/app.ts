import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import fastifyWebsocket from '@fastify/websocket';
import { Type } from '@sinclair/typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { AppConfig } from './config';
import type { DatabaseHandle } from './db/connection';
import type { Db } from './db/database';
import { withPublicScope } from './db/scope';
import { registerSessionHook } from './http/auth';
import { registerCompression } from './http/compression';
import { AppError } from './http/errors';
import { registerRouteHardening } from './http/hardening';
import { registerMetrics } from './http/metrics';
import { frameworkErrorHandler, registerProblemHandlers, sendProblem } from './http/problem';
import {
  registerPortalResolution,
  registerRequestCell,
  registerScopeDecision,
  rewritePortalUrl,
} from './http/request-scope';
import { ProblemSchema } from './http/schema';
import { registerSecurityHeaders } from './http/security-headers';
import { schemaControllerOptions } from './http/validation';
import { registerWeb } from './http/web';
import { JobRunner } from './jobs/runner';
import { createLiveBus, type LiveBus } from './live/bus';
import { loggerOptions } from './logger';
import { registerAuditFailureHook } from './modules/audit/hook';
import { identityRoutes } from './modules/identity/routes';
import { IdentityService } from './modules/identity/service';
import type { ModuleContext } from './modules/module';
import { actingForResolver } from './modules/places/acting-for';
import { AuthorityDirectory } from './modules/places/directory';
import { MODULES } from './modules/registry';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    config: AppConfig;
    jobs: JobRunner;
    live: LiveBus;
    identity: IdentityService;
    databaseKind: DatabaseHandle['kind'];
    /** The authorities this installation serves and their portals (ADR 27). */
    authorities: AuthorityDirectory;
  }
}

export const API_VERSION = '0.1.0';

/**
 * Content-Security-Policy. connect-src allows our own origin and, for the video consultation's
 * signalling (#11), WebSockets to the public origin (browsers that do not count ws: as 'self').
 * WebRTC media are not fetches: CSP does not govern them.
 */
function contentSecurityPolicy(publicUrl: string) {
  const origin = new URL(publicUrl);
  const ws = `${origin.protocol === 'https:' ? 'wss' : 'ws'}://${origin.host}`;
  return { ...CSP, connectSrc: ["'self'", ws] };
}

const CSP = {
  defaultSrc: ["'self'"],
  // wasm-unsafe-eval: the kit derives keys with Argon2id in WebAssembly (hash-wasm); no eval of JS.
  scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  mediaSrc: ["'self'", 'blob:', 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  workerSrc: ["'self'", 'blob:'],
  manifestSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  upgradeInsecureRequests: null,
};

/**
 * Builds the whole application on an open database. Tests call this and use app.inject;
 * main.ts calls it and listens. Nothing here opens a port.
 */
export async function buildApp(config: AppConfig, database: DatabaseHandle): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config.logLevel),
    bodyLimit: config.bodyLimitBytes,
    // Whose X-Forwarded-For to believe (docs/security.md): by default nobody's.
    trustProxy:
      typeof config.trustProxy === 'number'
        ? (() => {
            const hops = config.trustProxy;
            return (_address: string, hop: number) => hop < hops;
          })()
        : config.trustProxy,
    // Every context (also a plugin that adds schemas) validates with our Ajv: strict bodies,
    // unknown properties refused, integers within PostgreSQL's range.
    schemaController: schemaControllerOptions,
    // Router errors (a too long or badly encoded URL) answer as problem documents.
    frameworkErrors: frameworkErrorHandler,
    // `/<authority-slug>/…` is that authority's portal: the prefix comes off before routing (ADR 27).
    rewriteUrl: (req) => rewritePortalUrl(req),
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID();
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  registerRouteHardening(app);
  // Before every other hook: the request's database scope cell (ADR 27).
  registerRequestCell(app);

  const db = database.db;
  const authorities = new AuthorityDirectory(db, { defaultSlug: config.portalDefaultAuthority });
  const jobs = new JobRunner(db, app.log);
  const identity = new IdentityService(db, config);
  const live = createLiveBus(database, app.log);
  app.decorate('db', db);
  app.decorate('live', live);
  app.decorate('config', config);
  app.decorate('jobs', jobs);
  app.decorate('identity', identity);
  app.decorate('databaseKind', database.kind);
  app.decorate('authorities', authorities);

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  registerSecurityHeaders(app, {
    contentSecurityPolicy: { directives: contentSecurityPolicy(config.publicUrl) },
    crossOriginEmbedderPolicy: false,
    hsts: config.cookieSecure ? { maxAge: 31536000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
  });
  await app.register(fastifyCookie);
  await app.register(fastifyWebsocket, { options: { maxPayload: 256 * 1024 } });
  await registerCompression(app);
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) =>
      Object.assign(new Error('rate limited'), { statusCode: ctx.statusCode, code: 'FST_ERR_RATE_LIMIT' }),
  });

  app.addSchema(ProblemSchema);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Bürgerkoffer API',
        version: API_VERSION,
        description:
          'One platform behind the citizens\u2019 office channels. Errors are RFC 9457 problem documents with a stable `code` (see docs/errors.md). Staff requests carry the session cookie and, when they change state, the `X-CSRF-Token` header.',
        license: { name: 'EUPL-1.2', url: 'https://joinup.ec.europa.eu/collection/eupl/eupl-text-eupl-12' },
      },
      components: {
        securitySchemes: {
          sessionCookie: { type: 'apiKey', in: 'cookie', name: 'bk_session' },
          csrfHeader: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
        },
      },
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => (json.$id as string) || `def-${i}`,
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  registerWeb(app, config.webDir);
  registerProblemHandlers(app, (request, reply) => app.serveWebApp(request, reply));
  registerPortalResolution(app, authorities);
  registerSessionHook(app, (tokenHash) => identity.loadSession(tokenHash));
  registerScopeDecision(app, actingForResolver(authorities));
  registerAuditFailureHook(app, db);
  registerMetrics(app, config, database);

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get(
    '/health',
    {
      schema: {
        tags: ['operations'],
        summary: 'The process is alive',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/ready',
    {
      schema: {
        tags: ['operations'],
        summary: 'The database is reachable',
        response: {
          200: Type.Object({ status: Type.Literal('ready'), database: Type.String() }),
          503: Type.Ref('Problem'),
        },
      },
    },
    async (request, reply) => {
      try {
        await withPublicScope(db, (db) => sql`select 1`.execute(db));
        return { status: 'ready' as const, database: database.kind };
      } catch {
        return sendProblem(reply, request, new AppError('SERVICE_UNAVAILABLE'));
      }
    },
  );

  await app.register(identityRoutes, { db, identity, config });
  const context: ModuleContext = { db, config, jobs, live, authorities };
  for (const mod of MODULES) {
    if (mod.routes) await app.register(mod.routes, context);
    mod.registerJobs?.(context);
  }

  app.addHook('onClose', async () => {
    await jobs.stop();
    await live.close();
  });
  return app;
}
