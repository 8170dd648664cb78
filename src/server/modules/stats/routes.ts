import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Db } from '../../db/database';
import { requireStaff } from '../../http/auth';
import { requestLocale } from '../../http/problem';
import { problems, StaffSecurity } from '../../http/schema';
import { csvFilename, overviewCsv } from './csv';
import { StatsCsvQuery, StatsOverviewSchema, StatsQuery } from './schemas';
import { defaultPeriod, overview } from './service';

export const statsRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  const evaluators = requireStaff(['evaluator', 'coordinator', 'admin']);

  app.get(
    '/api/stats/overview.csv',
    {
      preHandler: evaluators,
      schema: {
        tags: ['stats'],
        summary: 'The figures per place as CSV (UTF-8 with BOM, semicolons) for a spreadsheet',
        description:
          'German headers and decimal commas by default (lang=en or Accept-Language: en for English). Text that a spreadsheet would run as a formula is prefixed with an apostrophe.',
        security: StaffSecurity,
        querystring: StatsCsvQuery,
        produces: ['text/csv'],
        response: { ...problems(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const fallback = defaultPeriod();
      const data = await overview(db, request.staff!.authorityId, {
        from: request.query.from ?? fallback.from,
        to: request.query.to ?? fallback.to,
      });
      const locale = request.query.lang ?? requestLocale(request);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${csvFilename(data)}"`)
        .header('cache-control', 'no-store')
        .send(overviewCsv(data, locale));
    },
  );

  app.get(
    '/api/stats/overview',
    {
      preHandler: evaluators,
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
