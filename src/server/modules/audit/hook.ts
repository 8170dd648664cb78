import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database';
import { auditActor, recordAudit } from './service';

/**
 * Records the requests that ended badly: a failed audited route (config.audit) and every refusal
 * (401/403) of a signed-in staff member. Successful changes are recorded by the services inside
 * their transactions; a failed request rolled those back, so this row is the only trace.
 */
export function registerAuditFailureHook(app: FastifyInstance, db: Db): void {
  // onSend, not onResponse: the row is written before the caller sees the answer.
  app.addHook('onSend', async (request, reply, payload) => {
    const status = reply.statusCode;
    if (status < 400) return payload;
    const config = request.routeOptions.config?.audit;
    const denied = status === 401 || status === 403;
    if (!config && !(denied && request.staff)) return payload;
    const params = (request.params ?? {}) as Record<string, unknown>;
    const resourceId = typeof params.id === 'string' ? params.id : null;
    try {
      await recordAudit(db, auditActor(request), {
        action: config?.action ?? `http.${request.method.toLowerCase()}`,
        resourceType: config?.resourceType ?? (request.routeOptions.url || 'unknown'),
        resourceId,
        result: denied ? 'denied' : 'failure',
        errorCode: request.problem?.code ?? `HTTP_${status}`,
        details: { status, route: request.routeOptions.url ?? null, method: request.method },
      });
    } catch (error) {
      request.log.error(
        { err: { message: (error as Error).message } },
        'could not write audit row for failed request',
      );
    }
  });
}
