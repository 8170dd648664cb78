import { AsyncLocalStorage } from 'node:async_hooks';
import type { Kysely } from 'kysely';

/**
 * Whose data a piece of work may see: the database scope (ADR 27).
 *
 * Every query runs in a scope, and the connection it runs on carries that scope as PostgreSQL
 * settings, set in the same round trip that opens the transaction:
 *
 *   app.authority_id = '<uuid>' | ''     the authority (tenant) whose rows are visible
 *   app.scope        = 'authority' | 'installation' | 'public'
 *   app.purpose      = 'hotline' | ''     what the work is for (a 115 agent reads no register)
 *
 * The row-level security policies of migration 0900 read these settings. Scopes:
 *
 * - `authority`: one authority's rows — every staff request (its session's authority), every
 *   citizen request (the portal's authority, from host or slug), every job of an authority.
 * - `installation`: all rows — migrations, seeds, the job queue itself, nightly runs across
 *   authorities, the operator's area, command-line tools, the sign-in (which looks a user up
 *   before their authority is known). Always named explicitly with `withInstallation`; there is
 *   no silent default.
 * - `public`: no authority — only what row-level security shows to everyone (the directory of
 *   authorities); e.g. the chooser page of an installation with several portals.
 *
 * A query outside any scope is a bug: it throws `UnscopedQueryError` (on PGlite and on a server
 * alike), so a forgotten scope shows in the first test that takes the path.
 *
 * API (stable, used by other modules and tools):
 *
 *   withAuthority(db, authorityId, (db) => …, { purpose? })   run work for one authority
 *   withInstallation(db, (db) => …, reason?)                  run work across authorities
 *   withPublicScope(db, (db) => …)                             run work that needs no authority
 *   currentScope() / currentAuthorityId()                      what the running work may see
 *
 * HTTP requests get their scope from app.ts (http/request-scope.ts): the staff member's
 * authority, the portal's authority, or — for a route declared with
 * `config: { dbScope: 'installation' }` behind a staff guard — the installation.
 */
export type ScopePurpose = 'hotline';

export type DbScope =
  | { kind: 'authority'; authorityId: string; purpose: ScopePurpose | null }
  | { kind: 'installation'; reason: string }
  | { kind: 'public' };

/** The mutable cell of one unit of work (a request can narrow its scope as it learns who calls). */
export interface ScopeCell {
  scope: DbScope | undefined;
}

const storage = new AsyncLocalStorage<ScopeCell>();

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class UnscopedQueryError extends Error {
  constructor(sqlText: string) {
    super(
      `database query outside a scope (use withAuthority/withInstallation; see src/server/db/scope.ts): ${sqlText.slice(0, 120)}`,
    );
    this.name = 'UnscopedQueryError';
  }
}

export class ScopeMismatchError extends Error {
  constructor(transaction: DbScope, now: DbScope | undefined) {
    super(
      `a transaction opened in scope ${describeScope(transaction)} was used in scope ${now ? describeScope(now) : 'none'}`,
    );
    this.name = 'ScopeMismatchError';
  }
}

export function describeScope(scope: DbScope): string {
  switch (scope.kind) {
    case 'authority':
      return `authority ${scope.authorityId}${scope.purpose ? ` (${scope.purpose})` : ''}`;
    case 'installation':
      return `installation (${scope.reason})`;
    case 'public':
      return 'public';
  }
}

export function authorityScope(authorityId: string, purpose: ScopePurpose | null = null): DbScope {
  if (!UUID_RE.test(authorityId)) throw new Error(`not an authority id: ${authorityId.slice(0, 40)}`);
  return { kind: 'authority', authorityId: authorityId.toLowerCase(), purpose };
}

export function installationScope(reason = 'installation'): DbScope {
  return { kind: 'installation', reason };
}

export const PUBLIC_SCOPE: DbScope = { kind: 'public' };

/** The scope of the running work, or undefined outside any. */
export function currentScope(): DbScope | undefined {
  return storage.getStore()?.scope;
}

/** The authority the running work is scoped to, if it is scoped to one. */
export function currentAuthorityId(): string | undefined {
  const scope = currentScope();
  return scope?.kind === 'authority' ? scope.authorityId : undefined;
}

/** An authority id no row has: what a filter matches in the public scope (nothing). */
export const NO_AUTHORITY = '00000000-0000-0000-0000-000000000000';

/**
 * The authority a read or write of tenant rows is to be filtered to — the application's wall,
 * matching what row-level security lets through on a server: in an authority scope that
 * authority; in the public scope NO_AUTHORITY (no tenant row, as on a server); at installation
 * scope (or outside any) undefined — no filter.
 */
export function filterAuthorityId(): string | undefined {
  const scope = currentScope();
  if (scope?.kind === 'authority') return scope.authorityId;
  if (scope?.kind === 'public') return NO_AUTHORITY;
  return undefined;
}

/**
 * The authority a read asked for by parameter (e.g. `?authorityId=`), bounded by the scope — the
 * application's wall answering as row-level security would: in an authority scope another
 * authority's id reads nothing (NO_AUTHORITY), no id reads the scope's; in the public scope
 * nothing; at installation scope the one asked (or undefined: no filter).
 */
export function boundedAuthorityId(asked: string | undefined): string | undefined {
  const scoped = filterAuthorityId();
  if (scoped === undefined) return asked;
  return asked && asked !== scoped ? NO_AUTHORITY : scoped;
}

/**
 * A command-line tool (npm run admin:create, generate, backup, …) is installation work from its
 * first line to its last: this puts the rest of the running script at installation scope, named
 * after the tool (ADR 27). Only for the entry module of a tool, never in library code.
 */
export function enterToolScope(tool: string): void {
  storage.enterWith({ scope: installationScope(`tool ${tool}`) });
}

/** Runs `fn` in `scope` (a fresh cell: what `fn` changes does not leak to the caller). */
export function runInScope<T>(scope: DbScope | undefined, fn: () => T): T {
  return storage.run({ scope }, fn);
}

/** Runs `fn` with `cell` as the current cell (a request keeps one cell and narrows it). */
export function runInCell<T>(cell: ScopeCell, fn: () => T): T {
  return storage.run(cell, fn);
}

/** Work for one authority: every query sees that authority's rows only (ADR 27). */
export function withAuthority<T, D extends Kysely<any>>(
  db: D,
  authorityId: string,
  fn: (db: D) => Promise<T>,
  options: { purpose?: ScopePurpose } = {},
): Promise<T> {
  return runInScope(authorityScope(authorityId, options.purpose ?? null), () => fn(db));
}

/**
 * Work across authorities — migrations, seeds, the job queue, nightly runs, the operator's area,
 * tools. Name the reason; it is in the error messages and helps a reader see why.
 */
export function withInstallation<T, D extends Kysely<any>>(
  db: D,
  fn: (db: D) => Promise<T>,
  reason = 'installation',
): Promise<T> {
  return runInScope(installationScope(reason), () => fn(db));
}

/**
 * Work for one staff account: its authority's scope, or — for an installation operator, whose
 * account belongs to no authority (ADR 24) — the installation's.
 */
export function withAccountScope<T, D extends Kysely<any>>(
  db: D,
  authorityId: string | null,
  fn: (db: D) => Promise<T>,
): Promise<T> {
  return authorityId === null
    ? withInstallation(db, fn, 'operator account')
    : withAuthority(db, authorityId, fn);
}

/** Work that needs no authority: sees only what is public to everyone (the authority directory). */
export function withPublicScope<T, D extends Kysely<any>>(db: D, fn: (db: D) => Promise<T>): Promise<T> {
  return runInScope(PUBLIC_SCOPE, () => fn(db));
}

/**
 * The statement that puts a scope on a connection for the rest of its transaction. The values
 * are inlined (one round trip together with BEGIN): an authority id is checked to be a UUID, the
 * other values come from fixed lists.
 */
export function scopeSettingsSql(scope: DbScope): string {
  const authority = scope.kind === 'authority' ? scope.authorityId : '';
  if (authority && !UUID_RE.test(authority)) throw new Error('not an authority id');
  const purpose = scope.kind === 'authority' ? (scope.purpose ?? '') : '';
  if (purpose !== '' && purpose !== 'hotline') throw new Error('unknown scope purpose');
  return `select set_config('app.authority_id', '${authority}', true), set_config('app.scope', '${scope.kind}', true), set_config('app.purpose', '${purpose}', true)`;
}

/**
 * A fence a single statement can carry so that it sets its own scope in its own round trip: put
 * `from ${SCOPE_FENCE}` in a statement with no other FROM (e.g. `select booking_hold($1) as r
 * from …`). Inside a transaction (whose BEGIN already set the scope) and on PGlite it reads one
 * row and changes nothing; outside a transaction the driver replaces it with
 * `(select set_config(…) offset 0) as app_scope`, which PostgreSQL evaluates before the select
 * list (OFFSET 0 keeps the subquery, and a volatile output is never dropped) — so the statement
 * runs in its implicit transaction with the scope set, one round trip instead of three (ADR 27).
 */
export const SCOPE_FENCE = '(select 1 offset 0) as app_scope /* bk:scope-fence */';

/** What the driver puts in place of SCOPE_FENCE outside a transaction. */
export function scopeFenceSql(scope: DbScope): string {
  return `(${scopeSettingsSql(scope)} offset 0) as app_scope`;
}

export function sameScope(a: DbScope, b: DbScope): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'authority' && b.kind === 'authority')
    return a.authorityId === b.authorityId && a.purpose === b.purpose;
  return true;
}

// Observing queries (tests prove what a path does and does not touch) ---------------------------

export type QueryObserver = (event: { sql: string; scope: DbScope | undefined }) => void;
const observers = new Set<QueryObserver>();

/** Calls `observer` for every statement the application sends, with its scope; returns a remover. */
export function observeQueries(observer: QueryObserver): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

export function notifyQuery(sqlText: string, scope: DbScope | undefined): void {
  if (observers.size === 0) return;
  for (const o of observers) o({ sql: sqlText, scope });
}
