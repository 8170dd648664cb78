import type { FastifyServerOptions } from 'fastify';

/**
 * pino options: request ids on every line, and nothing that could hold personal data — no
 * bodies, no query strings (searches carry names), no cookies or tokens.
 */
export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  if (level === 'silent') return false;
  return {
    level,
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'req.headers["x-csrf-token"]',
        'req.headers["x-audit-reason"]',
      ],
      remove: true,
    },
    serializers: {
      req(request: { method: string; url: string; id: string }) {
        // Manage links (/termin/verwalten/<token>) carry a secret: keep it out of the log.
        const path = request.url.split('?')[0]!.replace(/(\/verwalten\/)[^/]+/, '$1[redacted]');
        return { method: request.method, path, id: request.id };
      },
      res(reply: { statusCode: number }) {
        return { statusCode: reply.statusCode };
      },
    },
  };
}
