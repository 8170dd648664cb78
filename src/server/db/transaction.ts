import type { IsolationLevel, Kysely, Transaction } from 'kysely';
import type { Database } from './database';

/** SQLSTATEs after which the whole transaction may simply be run again. */
const RETRYABLE = new Set(['40001', '40P01']); // serialization_failure, deadlock_detected

export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE.has(code);
}

export function pgErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Name of the violated constraint, if the error is a constraint violation. */
export function pgConstraint(error: unknown): string | undefined {
  const e = error as { constraint?: unknown } | null;
  return typeof e?.constraint === 'string' ? e.constraint : undefined;
}

export interface TransactionOptions {
  isolation?: IsolationLevel;
  /** Attempts in all (first try included). */
  attempts?: number;
}

/**
 * Runs `fn` in a transaction and runs it again (with a short random back-off) when PostgreSQL
 * reports a serialization failure or a deadlock. `fn` must therefore be free of side effects
 * outside the database (send mail through the outbox, not from here).
 */
export async function inTransaction<T>(
  db: Kysely<Database>,
  fn: (trx: Transaction<Database>) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    try {
      const builder = options.isolation
        ? db.transaction().setIsolationLevel(options.isolation)
        : db.transaction();
      return await builder.execute(fn);
    } catch (error) {
      if (!isRetryable(error) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}
