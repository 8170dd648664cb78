import type { ModuleDefinition } from '../module';
import { auditRoutes } from './routes';

export const auditModule: ModuleDefinition = {
  name: 'audit',
  routes: async (app, ctx) => app.register(auditRoutes, { db: ctx.db }),
};
