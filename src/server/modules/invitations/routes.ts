import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { EXCLUSION_REASONS } from '../../../core/invitations/rules';
import type { AppConfig } from '../../config';
import type { Db } from '../../db/database';
import { requireStaff } from '../../http/auth';
import { IdParams, IsoDate, Obj, problems, StaffSecurity } from '../../http/schema';
import { auditActor } from '../audit/service';
import { invitationLettersPdf } from './download';
import { listRuns, loadSettings, prepareInvitations, previewInvitations, saveSettings } from './service';

const Settings = Type.Object({
  enabled: Type.Boolean(),
  windowDays: Type.Union([Type.Integer(), Type.Null()]),
  effectiveWindowDays: Type.Integer(),
  defaultWindowDays: Type.Integer(),
});
const Run = Type.Object({
  id: Type.String(),
  month: Type.String(),
  scheduled: Type.Boolean(),
  today: Type.String(),
  windowDays: Type.Integer(),
  prepared: Type.Integer(),
  letters: Type.Integer(),
  mails: Type.Integer(),
  blocked: Type.Integer(),
  alreadyInvited: Type.Integer(),
  startedAt: Type.String(),
});
const Excluded = Type.Object(
  Object.fromEntries(EXCLUSION_REASONS.map((r) => [r, Type.Integer()])) as Record<
    string,
    ReturnType<typeof Type.Integer>
  >,
);
const Counts = {
  today: IsoDate,
  windowDays: Type.Integer(),
  considered: Type.Integer(),
  selected: Type.Integer(),
  alreadyInvited: Type.Integer(),
  prepared: Type.Integer(),
  blocked: Type.Integer(),
  letters: Type.Integer(),
  mails: Type.Integer(),
  excluded: Excluded,
};

/** Who may use the page: coordinators plan the office days the letters offer; admins too. */
const PLANNERS = requireStaff(['admin', 'coordinator']);

export const invitationsRoutes: FastifyPluginAsyncTypebox<{ db: Db; config: AppConfig }> = async (
  app,
  { db, config },
) => {
  const settingsOf = async (authorityId: string) => ({
    ...(await loadSettings(db, config, authorityId)),
    defaultWindowDays: config.invitationWindowDays,
  });

  app.get(
    '/api/invitations',
    {
      preHandler: PLANNERS,
      schema: {
        tags: ['invitations'],
        summary: 'Invitations before an ID expires: the opt-in, the window and the last runs (counts only)',
        security: StaffSecurity,
        response: {
          200: Type.Object({ settings: Settings, runs: Type.Array(Run) }),
          ...problems(401, 403),
        },
      },
    },
    async (request) => {
      const authorityId = request.staff!.authorityId;
      return { settings: await settingsOf(authorityId), runs: await listRuns(db, authorityId) };
    },
  );

  app.put(
    '/api/invitations/settings',
    {
      preHandler: requireStaff(['admin']),
      config: { audit: { action: 'invitation.settings', resourceType: 'invitation_settings' } },
      schema: {
        tags: ['invitations'],
        summary: 'Switches invitations on or off for the authority and sets its window (admin; audited)',
        security: StaffSecurity,
        body: Obj({
          enabled: Type.Boolean(),
          windowDays: Type.Union([Type.Integer({ minimum: 14, maximum: 365 }), Type.Null()]),
        }),
        response: { 200: Settings, ...problems(400, 401, 403) },
      },
    },
    async (request) => {
      const authorityId = request.staff!.authorityId;
      await saveSettings(db, config, auditActor(request), authorityId, request.body);
      return settingsOf(authorityId);
    },
  );

  app.get(
    '/api/invitations/preview',
    {
      preHandler: PLANNERS,
      config: { audit: { action: 'invitation.preview', resourceType: 'invitation_run' } },
      schema: {
        tags: ['invitations'],
        summary: 'Dry run: how many invitations "prepare now" would prepare (counts only; audited)',
        security: StaffSecurity,
        response: { 200: Type.Object({ enabled: Type.Boolean(), ...Counts }), ...problems(401, 403) },
      },
    },
    async (request) => {
      const { runId: _, ...result } = await previewInvitations(
        db,
        config,
        auditActor(request),
        request.staff!.authorityId,
      );
      return result;
    },
  );

  app.post(
    '/api/invitations/runs',
    {
      preHandler: PLANNERS,
      config: { audit: { action: 'invitation.run', resourceType: 'invitation_run' } },
      schema: {
        tags: ['invitations'],
        summary: 'Prepares the invitations that are due now and not prepared yet (audited with counts)',
        security: StaffSecurity,
        response: {
          201: Type.Object({ runId: Type.String(), ...Counts }),
          ...problems(401, 403, 409),
        },
      },
    },
    async (request, reply) => {
      const authorityId = request.staff!.authorityId;
      const result = await prepareInvitations(db, config, auditActor(request), authorityId, {
        portalUrl: await app.authorities.portalUrl(authorityId, config.publicUrl),
      });
      return reply.code(201).send({ ...result, runId: result.runId! });
    },
  );

  app.get(
    '/api/invitations/runs/:id/letters.pdf',
    {
      preHandler: PLANNERS,
      config: { audit: { action: 'invitation.letters', resourceType: 'invitation_run' } },
      schema: {
        tags: ['invitations'],
        summary: 'The serial letter of a run (tagged PDF, DIN 5008 window envelope; audited per person)',
        security: StaffSecurity,
        params: IdParams,
        response: { ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const pdf = await invitationLettersPdf(
        db,
        auditActor(request),
        request.staff!.authorityId,
        request.params.id,
        await app.authorities.portalUrl(request.staff!.authorityId, config.publicUrl),
      );
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${pdf.filename}"`)
        .header('cache-control', 'no-store')
        .send(Buffer.from(pdf.bytes));
    },
  );
};
