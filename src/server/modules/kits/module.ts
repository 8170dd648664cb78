import type { ModuleDefinition } from '../module';
import { kitCommandHandlers } from './handlers';
import { kitDayRoutes } from './prepare-routes';
import { kitsRoutes } from './routes';

export const kitsModule: ModuleDefinition = {
  name: 'kits',
  routes: async (app, ctx) =>
    app.register(kitsRoutes, {
      db: ctx.db,
      config: ctx.config,
      handlers: kitCommandHandlers(ctx),
      kitRoutes: kitDayRoutes,
    }),
};
