import type { ModuleDefinition } from '../module';
import { disclosureRoutes } from './routes';

/** Citizens' data rights (#15): the disclosure of a resident's data (Art. 15 DSGVO, § 10 BMG). */
export const disclosureModule: ModuleDefinition = {
  name: 'disclosure',
  routes: async (app, ctx) => app.register(disclosureRoutes, { db: ctx.db }),
};
