import type { ModuleDefinition } from '../module';
import { registerRoutes } from './routes';
import { seedRegisterDemo } from './seed';

export const registerModule: ModuleDefinition = {
  name: 'register',
  routes: async (app, ctx) => app.register(registerRoutes, { db: ctx.db }),
  seedDemo: (db) => seedRegisterDemo(db),
};
