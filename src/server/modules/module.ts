import type { FastifyPluginAsync } from 'fastify';
import type { AppConfig } from '../config';
import type { Db, Executor } from '../db/database';
import type { JobRunner } from '../jobs/runner';
import type { LiveBus } from '../live/bus';
import type { AuthorityDirectory } from './places/directory';

/** What every module gets from the app. */
export interface ModuleContext {
  db: Db;
  config: AppConfig;
  jobs: JobRunner;
  /** Live pushes between server processes (ADR 22): LISTEN/NOTIFY on PostgreSQL, in-process on PGlite. */
  live: LiveBus;
  /** The authorities of the installation and their portal addresses (ADR 27). */
  authorities: AuthorityDirectory;
}

/**
 * A bounded context as the app sees it: its routes (one Fastify plugin), its background jobs and
 * its seeds. `seedReference` puts real reference data into an empty database (places, the service
 * catalogue); `seedDemo` adds fictitious demo data (residents, office days, bookings).
 * Seeds run in registry order, inside one transaction.
 */
export interface ModuleDefinition {
  name: string;
  routes?: FastifyPluginAsync<ModuleContext>;
  registerJobs?(context: ModuleContext): void;
  seedReference?(db: Executor, context: Pick<ModuleContext, 'config'>): Promise<void>;
  seedDemo?(db: Executor, context: Pick<ModuleContext, 'config'>): Promise<void>;
}
