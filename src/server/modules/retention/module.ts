import type { ModuleDefinition } from '../module';
import { RETENTION_JOB, runNightlyRetention, scheduleNightlyRetention } from './nightly';
import { retentionRoutes } from './routes';

/**
 * Legal deletion (#15, ADR 21): the nightly run of the retention schedule over the register,
 * cases, attachments, the cash book and the kits' transmission log.
 */
export const retentionModule: ModuleDefinition = {
  name: 'retention',
  routes: async (app, ctx) => app.register(retentionRoutes, { db: ctx.db, config: ctx.config }),
  registerJobs({ db, config, jobs }) {
    jobs.register(RETENTION_JOB, (payload: { night: string }) =>
      runNightlyRetention(db, config, payload.night),
    );
    jobs.every('retention.nightly', 10 * 60_000, async () => {
      await scheduleNightlyRetention(db);
    });
  },
};
