import type { ModuleDefinition } from '../module';
import { statsRoutes } from './routes';

export const statsModule: ModuleDefinition = {
  name: 'stats',
  routes: async (app, ctx) => app.register(statsRoutes, { db: ctx.db }),
};
