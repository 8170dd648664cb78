import type { Generated } from 'kysely';

/** One row per night: the first server process that inserts it runs that night's retention. */
export interface RetentionRunsTable {
  night: string;
  started_at: Generated<Date>;
  finished_at: Date | null;
  result: unknown | null;
}

export type RetentionTables = {
  retention_runs: RetentionRunsTable;
};
