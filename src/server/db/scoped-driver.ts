import {
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import {
  currentScope,
  type DbScope,
  notifyQuery,
  SCOPE_FENCE,
  ScopeMismatchError,
  sameScope,
  scopeFenceSql,
  scopeSettingsSql,
  UnscopedQueryError,
} from './scope';

/**
 * Wraps a dialect so that every statement runs with the scope of the work that sends it
 * (ADR 27, db/scope.ts):
 *
 * - a transaction starts with `BEGIN …; SELECT set_config(…, true) …` — one round trip, the
 *   settings end with the transaction and never outlive it on a pooled connection;
 * - a statement outside a transaction, in an authority or installation scope, runs in a
 *   transaction of its own on a PostgreSQL server (BEGIN + settings, the statement, COMMIT), so
 *   row-level security sees the scope; in the public scope it runs as it is (a pooled connection
 *   never holds settings outside a transaction, so it sees what is public to everyone);
 * - on PGlite (superuser, where row-level security does not bind) a statement outside a
 *   transaction runs as it is; transactions still carry the settings;
 * - a statement that carries SCOPE_FENCE (db/scope.ts) sets its scope itself outside a
 *   transaction: one round trip (the booking write path, ADR 14);
 * - a statement outside any scope throws UnscopedQueryError; a transaction used from a different
 *   scope than it was opened in throws ScopeMismatchError.
 */
export interface ScopedDialectOptions {
  /** Run statements outside a transaction in a transaction of their own (PostgreSQL server). */
  wrapAutocommit: boolean;
  /**
   * The scope of statements sent outside any scope. Undefined (the application) = refuse them.
   * Only a test's own view of its database (fixtures, assertions) sets one: the installation.
   */
  fallbackScope?: DbScope | undefined;
}

export class ScopedDialect implements Dialect {
  constructor(
    private readonly inner: Dialect,
    private readonly options: ScopedDialectOptions,
  ) {}
  createAdapter(): DialectAdapter {
    return this.inner.createAdapter();
  }
  createDriver(): Driver {
    return new ScopedDriver(this.inner.createDriver(), this.options);
  }
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return this.inner.createIntrospector(db);
  }
  createQueryCompiler(): QueryCompiler {
    return this.inner.createQueryCompiler();
  }
}

/** Statements PostgreSQL refuses inside a transaction block; they touch no rows anyway. */
const OUTSIDE_TRANSACTION = /^\s*(vacuum|analyze|create\s+database|drop\s+database|reindex|checkpoint)\b/i;

class ScopedConnection implements DatabaseConnection {
  /** The scope of the open transaction, if one is open. */
  transactionScope: DbScope | undefined;

  constructor(
    readonly inner: DatabaseConnection,
    private readonly options: ScopedDialectOptions,
  ) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const scope = currentScope() ?? this.options.fallbackScope;
    if (this.transactionScope) {
      if (scope && !sameScope(scope, this.transactionScope))
        throw new ScopeMismatchError(this.transactionScope, scope);
      notifyQuery(compiled.sql, this.transactionScope);
      return this.inner.executeQuery<R>(compiled);
    }
    if (!scope) throw new UnscopedQueryError(compiled.sql);
    notifyQuery(compiled.sql, scope);
    if (compiled.sql.includes(SCOPE_FENCE)) {
      // The statement sets its scope itself, in its own implicit transaction: one round trip.
      const sqlText = compiled.sql.replace(SCOPE_FENCE, scopeFenceSql(scope));
      return this.inner.executeQuery<R>({ ...compiled, sql: sqlText });
    }
    if (!this.options.wrapAutocommit || scope.kind === 'public' || OUTSIDE_TRANSACTION.test(compiled.sql)) {
      return this.inner.executeQuery<R>(compiled);
    }
    await this.inner.executeQuery(CompiledQuery.raw(`begin; ${scopeSettingsSql(scope)}`));
    let result: QueryResult<R>;
    try {
      result = await this.inner.executeQuery<R>(compiled);
    } catch (error) {
      await this.inner.executeQuery(CompiledQuery.raw('rollback')).catch(() => {});
      throw error;
    }
    await this.inner.executeQuery(CompiledQuery.raw('commit'));
    return result;
  }

  streamQuery<R>(compiled: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    if (!this.transactionScope) throw new Error('stream queries inside a transaction (scope)');
    return this.inner.streamQuery<R>(compiled, chunkSize);
  }
}

class ScopedDriver implements Driver {
  private readonly wrappers = new WeakMap<DatabaseConnection, ScopedConnection>();

  constructor(
    private readonly inner: Driver,
    private readonly options: ScopedDialectOptions,
  ) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const conn = await this.inner.acquireConnection();
    let wrapped = this.wrappers.get(conn);
    if (!wrapped) {
      wrapped = new ScopedConnection(conn, this.options);
      this.wrappers.set(conn, wrapped);
    }
    return wrapped;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const conn = connection as ScopedConnection;
    const scope = currentScope() ?? this.options.fallbackScope;
    if (!scope) throw new UnscopedQueryError('begin');
    let begin = 'begin';
    if (settings.isolationLevel) begin += ` isolation level ${settings.isolationLevel}`;
    if (settings.accessMode) begin += ` ${settings.accessMode}`;
    notifyQuery(begin, scope);
    await conn.inner.executeQuery(CompiledQuery.raw(`${begin}; ${scopeSettingsSql(scope)}`));
    conn.transactionScope = scope;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const conn = connection as ScopedConnection;
    try {
      await this.inner.commitTransaction(conn.inner);
    } finally {
      conn.transactionScope = undefined;
    }
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const conn = connection as ScopedConnection;
    try {
      await this.inner.rollbackTransaction(conn.inner);
    } finally {
      conn.transactionScope = undefined;
    }
  }

  async savepoint(
    connection: DatabaseConnection,
    name: string,
    compileQuery: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.inner.savepoint?.((connection as ScopedConnection).inner, name, compileQuery);
  }

  async rollbackToSavepoint(
    connection: DatabaseConnection,
    name: string,
    compileQuery: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.inner.rollbackToSavepoint?.((connection as ScopedConnection).inner, name, compileQuery);
  }

  async releaseSavepoint(
    connection: DatabaseConnection,
    name: string,
    compileQuery: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.inner.releaseSavepoint?.((connection as ScopedConnection).inner, name, compileQuery);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const conn = connection as ScopedConnection;
    if (conn.transactionScope) {
      // Kysely always commits or rolls back first; a leftover is a bug — never hand it on.
      conn.transactionScope = undefined;
      await conn.inner.executeQuery(CompiledQuery.raw('rollback')).catch(() => {});
    }
    await this.inner.releaseConnection(conn.inner);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}
