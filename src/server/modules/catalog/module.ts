import type { ModuleDefinition } from '../module';
import { registerServiceHead } from './head';
import { catalogRoutes } from './routes';
import { seedCatalog } from './seed';

export const catalogModule: ModuleDefinition = {
  name: 'catalog',
  routes: async (app, ctx) => {
    registerServiceHead();
    await app.register(catalogRoutes, { db: ctx.db });
  },
  seedReference: (db) => seedCatalog(db),
};
