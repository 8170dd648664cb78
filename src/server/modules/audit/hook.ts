import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/database';
import { AppError, type FieldError } from '../../http/errors';
import { problemFromAppError } from '../../http/problem';
import { unstorableTextCode } from '../../http/validation';
import { AUDIT_REASON_HEADER, auditActor, recordAudit } from './service';

declare module 'fastify' {
  interface FastifyRequest {
    /** The stated reason of this request (X-Audit-Reason), checked; null if none was given. */
    auditReason?: string | null;
    /** The X-Audit-Reason was refused: the refusal itself is put on record. */
    auditReasonRefused?: boolean;
  }
}

export const AUDIT_REASON_MAX_LENGTH = 500;

/** C0 and C1 control characters and DEL: a reason is one line of text a person typed. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * The reason a caller states for a request. The header may be percent-encoded so that umlauts
 * survive HTTP header rules; what it decodes to must be one line of text of at most 500
 * characters. Returns the reason, or the field error that refuses it.
 */
export function parseAuditReason(raw: string | string[] | undefined): {
  reason: string | null;
  error?: FieldError;
} {
  if (raw === undefined) return { reason: null };
  const value = Array.isArray(raw) ? raw.join(', ') : raw;
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    decoded = value; // "100% sicher" is not percent-encoding; take it as written
  }
  const path = `/headers/${AUDIT_REASON_HEADER}`;
  if (CONTROL.test(decoded)) return { reason: null, error: { path, code: 'controlCharacter' } };
  const reason = decoded.trim();
  if (reason.length > AUDIT_REASON_MAX_LENGTH)
    return { reason: null, error: { path, code: 'maxLength', params: { limit: AUDIT_REASON_MAX_LENGTH } } };
  return { reason: reason || null };
}

/** Which finished requests the hook records (successes are recorded by the services). */
function needsRecord(request: FastifyRequest, status: number): boolean {
  if (status < 400) return false;
  if (request.routeOptions.config?.audit) return true; // an audited route: every failure
  if (request.auditReasonRefused) return true; // an attempt to smuggle text into the trail
  const denied = status === 401 || status === 403;
  // A refusal of anyone who came with a session (current, ended or incomplete).
  if (denied && (request.staff || request.sessionExpired)) return true;
  // A failure while signed in that was not the caller's mistake.
  return status >= 500 && !!request.staff;
}

/**
 * The request side of the audit trail:
 * - X-Audit-Reason is checked before any handler runs (control characters or more than 500
 *   characters: 400 VALIDATION_FAILED), so nothing the caller typed can break an audit insert;
 * - requests that ended badly are recorded: every failure of an audited route (config.audit),
 *   every refusal (401/403) of a caller with a session, every refused reason, every 5xx of a
 *   signed-in caller. Successful changes and reads are recorded by the services inside their
 *   transactions; a failed request rolled those back, so this row is the only trace;
 * - if that row cannot be written, the answer becomes 503: a request is never answered without
 *   its audit row.
 */
export function registerAuditFailureHook(app: FastifyInstance, db: Db): void {
  app.decorateRequest('auditReason', null);
  app.decorateRequest('auditReasonRefused', false);

  // Registered after the session hook, so a refused reason is recorded with its actor.
  app.addHook('onRequest', async (request) => {
    const { reason, error } = parseAuditReason(request.headers[AUDIT_REASON_HEADER]);
    if (error) {
      request.auditReasonRefused = true;
      throw new AppError('VALIDATION_FAILED', {}, [error]);
    }
    request.auditReason = reason;
  });

  // onSend, not onResponse: the row is written before the caller sees the answer.
  app.addHook('onSend', async (request, reply, payload) => {
    const status = reply.statusCode;
    if (!needsRecord(request, status)) return payload;
    const config = request.routeOptions.config?.audit;
    const denied = status === 401 || status === 403;
    // The route's id as the caller sent it — only if it can be stored (it was not validated).
    const params = (request.params ?? {}) as Record<string, unknown>;
    const resourceId =
      typeof params.id === 'string' && params.id.length <= 200 && !unstorableTextCode(params.id)
        ? params.id
        : null;
    try {
      await recordAudit(db, auditActor(request), {
        action: config?.action ?? `http.${request.method.toLowerCase()}`,
        resourceType: config?.resourceType ?? (request.routeOptions.url || 'unknown'),
        resourceId,
        result: denied ? 'denied' : 'failure',
        errorCode: request.problem?.code ?? `HTTP_${status}`,
        details: { status, route: request.routeOptions.url ?? null, method: request.method },
      });
      return payload;
    } catch (error) {
      request.log.error(
        { err: { message: (error as Error).message, code: (error as { code?: string }).code } },
        'could not write audit row for failed request: answering 503',
      );
      return failClosed(request, reply);
    }
  });
}

/** Replaces the answer with 503 SERVICE_UNAVAILABLE (headers are not sent yet in onSend). */
function failClosed(request: FastifyRequest, reply: FastifyReply): string {
  const problem = new AppError('SERVICE_UNAVAILABLE');
  request.problem = problem;
  reply.code(problem.status);
  reply.removeHeader('content-encoding');
  reply.removeHeader('content-length');
  reply.header('content-type', 'application/problem+json; charset=utf-8');
  reply.header('cache-control', 'no-store');
  return JSON.stringify(problemFromAppError(problem, request));
}
