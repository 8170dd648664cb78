import type { ModuleDefinition } from '../module';
import { mailAuditCheckpoint } from './audit-checkpoint-mail';
import { notifyRoutes } from './routes';
import { purgeOutbox, SEND_JOB, sendOutboxMessage } from './service';

export const notifyModule: ModuleDefinition = {
  name: 'notify',
  routes: async (app, ctx) => app.register(notifyRoutes, { db: ctx.db }),
  registerJobs({ db, config, jobs }) {
    jobs.register(SEND_JOB, (payload: { messageId: string }, { attempt }) =>
      sendOutboxMessage(
        db,
        { smtpUrl: config.smtpUrl, mailFrom: config.mailFrom },
        payload.messageId,
        attempt,
      ),
    );
    jobs.every('notify.purge-outbox', 6 * 3_600_000, async () => {
      await purgeOutbox(db, config.mailRetentionDays);
    });
    if (config.auditCheckpointMail) {
      jobs.every('notify.audit-checkpoint-mail', 3_600_000, async () => {
        await mailAuditCheckpoint(db);
      });
    }
  },
};
