import type { ModuleDefinition } from '../module';
import { registerServiceHead } from './head';
import { catalogRoutes } from './routes';
import { purgeOldMisses } from './search';
import { seedCatalog } from './seed';

export const catalogModule: ModuleDefinition = {
  name: 'catalog',
  routes: async (app, ctx) => {
    registerServiceHead();
    await app.register(catalogRoutes, { db: ctx.db });
  },
  registerJobs: ({ db, jobs }) => {
    jobs.every('catalog.misses.retention', 24 * 3_600_000, async () => {
      await purgeOldMisses(db);
    });
  },
  seedReference: (db) => seedCatalog(db),
};
