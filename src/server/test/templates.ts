/** What the global setup prepares once per test run and every test database starts from. */
export interface TestTemplates {
  kind: 'pglite' | 'postgres';
  /** PGlite: paths of dumped data directories (tar.gz). */
  pgliteEmpty?: string;
  pgliteDemo?: string;
  /** PostgreSQL: admin URL and the names of template databases. */
  adminUrl?: string;
  /** PostgreSQL: the application's login role (no superuser, no BYPASSRLS; ADR 27). */
  appUrl?: string;
  pgEmpty?: string;
  pgDemo?: string;
  runId: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    testTemplates: TestTemplates;
  }
}
