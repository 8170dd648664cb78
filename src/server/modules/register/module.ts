import type { ModuleDefinition } from '../module';
import { registerPersonProvider } from './kit-feed';
import { registerRoutes } from './routes';
import { seedRegisterDemo } from './seed';

export const registerModule: ModuleDefinition = {
  name: 'register',
  routes: async (app, ctx) => {
    registerPersonProvider();
    await app.register(registerRoutes, { db: ctx.db });
  },
  seedDemo: (db) => seedRegisterDemo(db),
};
