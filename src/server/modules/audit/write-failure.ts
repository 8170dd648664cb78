/**
 * Marks an error as "the audit row could not be written". The request then fails closed with
 * 503 SERVICE_UNAVAILABLE (http/problem.ts): never served, never silently unaudited.
 */
const AUDIT_WRITE_FAILED = Symbol.for('buergerkoffer.auditWriteFailed');

export function markAuditWriteFailure<T>(error: T): T {
  if (error && typeof error === 'object') (error as Record<symbol, boolean>)[AUDIT_WRITE_FAILED] = true;
  return error;
}

/**
 * True if the error came from writing an audit row: marked by recordAudit, or raised by the
 * audit trail's own triggers when the transaction commits (the chain is linked at commit).
 */
export function isAuditWriteFailure(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  if ((error as Record<symbol, unknown>)[AUDIT_WRITE_FAILED] === true) return true;
  const where = (error as { where?: unknown }).where;
  return typeof where === 'string' && /function audit_/.test(where);
}
