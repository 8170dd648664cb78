import type { ModuleDefinition } from '../module';
import { registerServiceHead } from './head';
import { landRoutes } from './land-routes';
import { seedLandCatalog } from './land-seed';
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

/**
 * The Land catalogue (#12, ADR 30): the same bounded context, a module entry of its own so that
 * its seed (Land services from the reference catalogue, Meerane's services as adoptions) also
 * runs once on databases seeded before it existed.
 */
export const catalogLandModule: ModuleDefinition = {
  name: 'catalog-land',
  routes: async (app, ctx) => {
    await app.register(landRoutes, { db: ctx.db });
  },
  seedReference: (db) => seedLandCatalog(db),
};
