import type { ModuleDefinition } from '../module';
import { operationsRoutes } from './routes';

/** The operator's work on the installation (#12): authorities, directory, offboarding, metrics. */
export const operationsModule: ModuleDefinition = {
  name: 'operations',
  routes: async (app, ctx) => app.register(operationsRoutes, ctx),
};
