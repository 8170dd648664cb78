import type { Generated } from 'kysely';

export type JobStatus = 'pending' | 'running' | 'done' | 'failed';

export interface JobsTable {
  id: string;
  authority_id: string | null;
  type: string;
  payload: unknown;
  status: Generated<JobStatus>;
  run_at: Generated<Date>;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  locked_until: Date | null;
  last_error: string | null;
  /** Optional de-duplication key: one pending job per key. */
  dedupe_key: string | null;
  created_at: Generated<Date>;
  finished_at: Date | null;
}

export interface SeedRunsTable {
  module: string;
  kind: 'reference' | 'demo';
  applied_at: Generated<Date>;
}

export interface JobTables {
  jobs: JobsTable;
  seed_runs: SeedRunsTable;
}
