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
        return { method: request.method, path: request.url.split('?')[0], id: request.id };
      },
      res(reply: { statusCode: number }) {
        return { statusCode: reply.statusCode };
      },
    },
  };
}
