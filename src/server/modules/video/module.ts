import type { ModuleDefinition } from '../module';
import { sweepCalls } from './calls';
import { announceEnded, videoRoutes } from './routes';
import { seedVideoDemo } from './seed';

/** Video consultation at the citizens' terminal (#11, ADR 22, ADR 23). */
export const videoModule: ModuleDefinition = {
  name: 'video',
  routes: async (app, ctx) => app.register(videoRoutes, { db: ctx.db, config: ctx.config, live: ctx.live }),
  registerJobs({ db, jobs, live }) {
    // Calls whose terminal went silent end; clerks whose page is gone are forgotten.
    jobs.every('video.sweep', 10_000, async () => {
      await announceEnded(live, await sweepCalls(db));
    });
  },
  seedDemo: seedVideoDemo,
};
