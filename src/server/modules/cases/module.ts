import type { ModuleDefinition } from '../module';
import { deletePurgedFiles } from './attachments';
import { casesRoutes } from './routes';

export const casesModule: ModuleDefinition = {
  name: 'cases',
  routes: async (app, ctx) => app.register(casesRoutes, { db: ctx.db, config: ctx.config }),
  registerJobs: (ctx) => {
    // Photos and signatures of finished ID applications: the bytes go once the change committed.
    ctx.jobs.every('cases.delete-purged-files', 10 * 60_000, async () => {
      await deletePurgedFiles(ctx.db, ctx.config.dataDir);
    });
  },
};
