import type { ModuleDefinition } from '../module';
import { placesRoutes } from './routes';
import { seedPlaces } from './seed';

export const placesModule: ModuleDefinition = {
  name: 'places',
  routes: async (app, ctx) => app.register(placesRoutes, { db: ctx.db, config: ctx.config }),
  seedReference: (db) => seedPlaces(db),
};
