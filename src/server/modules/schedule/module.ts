import type { ModuleDefinition } from '../module';
import { applyHomeVisitRetention } from './retention';
import { scheduleRoutes } from './routes';
import { seedScheduleDemo } from './seed';

export const scheduleModule: ModuleDefinition = {
  name: 'schedule',
  routes: async (app, ctx) => app.register(scheduleRoutes, { db: ctx.db, config: ctx.config }),
  registerJobs({ db, config, jobs }) {
    jobs.every('schedule.home-visit-retention', 24 * 3_600_000, async () => {
      await applyHomeVisitRetention(db, config.appointmentRetentionDays);
    });
  },
  seedDemo: (db) => seedScheduleDemo(db),
};
