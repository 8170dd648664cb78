import type { ModuleDefinition } from '../module';
import { deleteStaleHeadsUps, sendAllDueHeadsUps } from './heads-up';
import { queueRoutes } from './routes';
import { seedQueueDemo } from './seed';

export const queueModule: ModuleDefinition = {
  name: 'queue',
  routes: async (app, ctx) => app.register(queueRoutes, { db: ctx.db, config: ctx.config }),
  registerJobs({ db, config, jobs }) {
    // Catch-up of heads-ups (a call whose heads-up failed, a queue that moved without a call).
    jobs.every('queue.heads-up', 60_000, async () => {
      await sendAllDueHeadsUps(db, config.queueHeadsUpMinutes);
    });
    // Addresses of tickets that were never closed are not kept past their day (#14).
    jobs.every('queue.heads-up-retention', 60 * 60_000, async () => {
      await deleteStaleHeadsUps(db);
    });
  },
  seedDemo: (db) => seedQueueDemo(db),
};
