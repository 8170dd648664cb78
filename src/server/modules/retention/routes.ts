import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { RETENTION_SCHEDULE } from '../../../core/retention/schedule';
import type { AppConfig } from '../../config';
import type { Db } from '../../db/database';
import { requireStaff } from '../../http/auth';
import { problems, StaffSecurity } from '../../http/schema';
import { auditActor, recordAudit } from '../audit/service';
import { retentionPeriods } from './nightly';
import { runRetention } from './runner';

const Text = Type.Object({ de: Type.String(), en: Type.String() });
const RuleSchema = Type.Object({
  kind: Type.String(),
  record: Text,
  period: Text,
  action: Type.Union([Type.Literal('delete'), Type.Literal('anonymise'), Type.Literal('restrict')]),
  basis: Type.String(),
  status: Type.Union([Type.Literal('statute'), Type.Literal('derived'), Type.Literal('authority')]),
  runBy: Type.Union([Type.Literal('retention'), Type.Literal('module'), Type.Literal('audit')]),
  setting: Type.Optional(Type.String()),
  /** Dry run: records due now (rows the nightly run handles; installation-wide counts). */
  due: Type.Union([Type.Integer(), Type.Null()]),
});
const LastRun = Type.Union([
  Type.Object({
    night: Type.String(),
    startedAt: Type.String(),
    finishedAt: Type.Union([Type.String(), Type.Null()]),
  }),
  Type.Null(),
]);

export const retentionRoutes: FastifyPluginAsyncTypebox<{ db: Db; config: AppConfig }> = async (
  app,
  { db, config },
) => {
  app.get(
    '/api/retention',
    {
      preHandler: requireStaff(['admin']),
      config: { audit: { action: 'retention.preview', resourceType: 'retention' } },
      schema: {
        tags: ['retention'],
        summary:
          'The retention schedule with a dry run: what the nightly run would delete or restrict now (admin; counts only)',
        security: StaffSecurity,
        response: {
          200: Type.Object({ today: Type.String(), rules: Type.Array(RuleSchema), lastRun: LastRun }),
          ...problems(401, 403),
        },
      },
    },
    async (request) => {
      const dry = await runRetention(db, {
        dryRun: true,
        batchSize: config.retentionBatchSize,
        periods: retentionPeriods(config),
        dataDir: config.dataDir,
      });
      const last = await db
        .selectFrom('retention_runs')
        .selectAll()
        .orderBy('night', 'desc')
        .executeTakeFirst();
      await recordAudit(db, auditActor(request), {
        action: 'retention.preview',
        resourceType: 'retention',
        details: { due: Object.fromEntries(dry.kinds.map((k) => [k.kind, k.due ?? 0])) },
      });
      return {
        today: dry.today,
        rules: RETENTION_SCHEDULE.map((r) => ({
          ...r,
          due: dry.kinds.find((k) => k.kind === r.kind)?.due ?? null,
        })),
        lastRun: last
          ? {
              night: last.night,
              startedAt: last.started_at.toISOString(),
              finishedAt: last.finished_at?.toISOString() ?? null,
            }
          : null,
      };
    },
  );
};
