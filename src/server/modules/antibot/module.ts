import type { ModuleDefinition } from '../module';
import { antibotRoutes } from './routes';
import { deleteExpiredChallenges } from './service';

/**
 * Bot protection for the citizens' public forms (#14, ADR 33): ALTCHA proof-of-work challenges
 * issued and verified by this server, each solution used once.
 */
export const antibotModule: ModuleDefinition = {
  name: 'antibot',
  routes: async (app, ctx) => app.register(antibotRoutes, { config: ctx.config }),
  registerJobs({ db, jobs }) {
    jobs.every('antibot.forget-used-challenges', 10 * 60_000, async () => {
      await deleteExpiredChallenges(db);
    });
  },
};
