import type { ModuleDefinition } from '../module';
import { queueRoutes } from './routes';
import { seedQueueDemo } from './seed';

export const queueModule: ModuleDefinition = {
  name: 'queue',
  routes: async (app, ctx) => app.register(queueRoutes, { db: ctx.db, config: ctx.config }),
  seedDemo: (db) => seedQueueDemo(db),
};
