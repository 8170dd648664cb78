import type { ModuleDefinition } from '../module';
import { paymentsRoutes } from './routes';
import { seedPayments } from './seed';

export const paymentsModule: ModuleDefinition = {
  name: 'payments',
  routes: async (app, ctx) => app.register(paymentsRoutes, { db: ctx.db }),
  seedReference: (db) => seedPayments(db),
};
