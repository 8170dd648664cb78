import type { ModuleDefinition } from '../module';
import { toursRoutes } from './routes';

/**
 * Tour planner (#14, ADR 31): proposes office-day tours from demand for the coordinator
 * (/admin/touren) and turns an accepted proposal into office days and scheduled home visits.
 */
export const toursModule: ModuleDefinition = {
  name: 'tours',
  routes: async (app, ctx) => app.register(toursRoutes, { db: ctx.db, config: ctx.config }),
};
