import type { ModuleDefinition } from '../module';
import { mailAuditCheckpoint } from './audit-checkpoint-mail';
import { notifyRoutes } from './routes';
import { purgeOutbox, SEND_JOB, sendOutboxMessage } from './service';
import { SmppSender } from './smpp';

export const notifyModule: ModuleDefinition = {
  name: 'notify',
  routes: async (app, ctx) => app.register(notifyRoutes, { db: ctx.db }),
  registerJobs({ db, config, jobs }) {
    // Text messages over SMPP when an SMSC is configured (ADR 32); else they stay in the outbox.
    const sms =
      config.smsSmppUrl && config.smsSmppSystemId && config.smsSmppPassword
        ? new SmppSender({
            url: config.smsSmppUrl,
            systemId: config.smsSmppSystemId,
            password: config.smsSmppPassword,
            sourceAddr: config.smsSourceAddr,
          })
        : undefined;
    if (sms) jobs.background({ name: 'notify.smpp-session', start() {}, stop: () => sms.close() });
    jobs.register(SEND_JOB, (payload: { messageId: string }, { attempt }) =>
      sendOutboxMessage(
        db,
        { smtpUrl: config.smtpUrl, mailFrom: config.mailFrom, ...(sms ? { sms } : {}) },
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
