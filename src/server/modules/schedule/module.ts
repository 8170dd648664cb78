import type { ModuleDefinition } from '../module';
import { scheduleRoutes } from './routes';
import { seedScheduleDemo } from './seed';

export const scheduleModule: ModuleDefinition = {
  name: 'schedule',
  routes: async (app, ctx) => app.register(scheduleRoutes, { db: ctx.db, config: ctx.config }),
  seedDemo: (db) => seedScheduleDemo(db),
};
