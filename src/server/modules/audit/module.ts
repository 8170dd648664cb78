import type { ModuleDefinition } from '../module';
import { AuditChainer } from './chain';
import { writeCheckpoint } from './checkpoints';
import { applyAuditRetention } from './erase';
import { loadAuditKeys } from './keys';
import { auditRoutes } from './routes';

export const auditModule: ModuleDefinition = {
  name: 'audit',
  routes: async (app, ctx) => app.register(auditRoutes, { db: ctx.db, config: ctx.config }),
  registerJobs({ db, config, jobs }) {
    const keys = loadAuditKeys(config);
    const log = jobs.log;
    // The chainer links committed rows on its own timer (a queue of mails must not delay it).
    const chainer = new AuditChainer(db, keys, log, config.auditChainIntervalMs);
    let started = false;
    jobs.background({
      name: 'audit.chainer',
      start() {
        started = true;
        chainer.start();
      },
      // At every shutdown: link what is committed, then sign a checkpoint of the chain's end.
      async stop() {
        if (!started) return;
        started = false;
        await chainer.stop();
        await writeCheckpoint(db, keys, config.auditCheckpointFile);
      },
    });
    jobs.every('audit.checkpoint', config.auditCheckpointMinutes * 60_000, async () => {
      await writeCheckpoint(db, keys, config.auditCheckpointFile);
    });
    // Hourly, so that a row's payload goes in the first hour of the day its period is over.
    jobs.every('audit.retention', 3_600_000, async () => {
      await applyAuditRetention(db, config.auditRetentionYears);
    });
  },
};
