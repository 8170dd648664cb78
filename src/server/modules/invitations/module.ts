import { localDate } from '../../../core/time';
import { SYSTEM_ACTOR } from '../audit/service';
import type { ModuleDefinition } from '../module';
import { maintainConsents } from './consent';
import { consentRoutes } from './consent-routes';
import './mail';
import { invitationsRoutes } from './routes';
import { seedInvitationConsentsDemo } from './seed';
import {
  deleteExpiredInvitations,
  MONTHLY_JOB,
  prepareInvitations,
  scheduleMonthlyInvitations,
} from './service';

/**
 * Invitations before an ID expires (#14): opt-in per authority, a monthly run that prepares
 * letters for residents whose ID card or passport ends in the window and whose village has an
 * office day before that, and the page *Einladungen* (/admin/einladungen).
 */
export const invitationsModule: ModuleDefinition = {
  name: 'invitations',
  routes: async (app, ctx) => {
    await app.register(invitationsRoutes, { db: ctx.db, config: ctx.config });
    await app.register(consentRoutes, { db: ctx.db, config: ctx.config });
  },
  seedDemo: (db, { config }) => seedInvitationConsentsDemo(db, config),
  registerJobs({ db, config, jobs, authorities }) {
    jobs.register(MONTHLY_JOB, async (payload: { authorityId: string; month: string }) => {
      // A job that waited into the next month does not run that month's preparation early.
      if (localDate(new Date()).slice(0, 7) !== payload.month) return;
      const portalUrl = await authorities.portalUrl(payload.authorityId, config.publicUrl);
      await prepareInvitations(db, config, SYSTEM_ACTOR, payload.authorityId, {
        scheduled: true,
        portalUrl,
      }).catch((error: unknown) => {
        // Switched off between scheduling and running: nothing to do.
        if ((error as { code?: string }).code === 'INVITATIONS_DISABLED') return;
        throw error;
      });
    });
    jobs.every('invitations.monthly', 60 * 60_000, async () => {
      await scheduleMonthlyInvitations(db);
    });
    jobs.every('invitations.retention', 6 * 60 * 60_000, async () => {
      await deleteExpiredInvitations(db);
      await maintainConsents(db);
    });
  },
};
