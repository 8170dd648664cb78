import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Db } from '../../db/database';
import { requireStaff } from '../../http/auth';
import { problems, StaffSecurity } from '../../http/schema';
import { StatsOverviewSchema, StatsQuery } from './schemas';
import { defaultPeriod, overview } from './service';

export const statsRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/api/stats/overview',
    {
      preHandler: requireStaff(['evaluator', 'coordinator', 'admin']),
      schema: {
        tags: ['stats'],
        summary: 'Figures per village, channel and service for a period (aggregates only)',
        security: StaffSecurity,
        querystring: StatsQuery,
        response: { 200: StatsOverviewSchema, ...problems(400, 401, 403) },
      },
    },
    async (request) => {
      const fallback = defaultPeriod();
      return overview(db, request.staff!.authorityId, {
        from: request.query.from ?? fallback.from,
        to: request.query.to ?? fallback.to,
      });
    },
  );
};
