import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppConfig } from '../../config';
import type { Db } from '../../db/database';
import { currentAuthorityId } from '../../db/scope';
import { Obj, problems } from '../../http/schema';
import { locationFeed, municipalityFeed } from './feeds';

/** iCalendar subscriptions: /api/schedule/feeds/locations/<slug>.ics and …/municipalities/<AGS>.ics */
export const feedRoutes: FastifyPluginAsyncTypebox<{ db: Db; config: AppConfig }> = async (
  app,
  { db, config },
) => {
  // Links in the feed lead to the portal the feed was fetched from (ADR 27).
  const portalUrl = () => app.authorities.portalUrl(currentAuthorityId(), config.publicUrl);
  const send = (body: string) => (reply: import('fastify').FastifyReply, filename: string) =>
    reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('content-disposition', `inline; filename="${filename}"`)
      .header('cache-control', 'public, max-age=300')
      .send(body);

  app.get(
    '/api/schedule/feeds/locations/:file',
    {
      schema: {
        tags: ['schedule'],
        summary: 'iCalendar feed of the office days at one location',
        params: Obj({ file: Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*\\.ics$', maxLength: 90 }) }),
        response: { ...problems(400, 404) },
      },
    },
    async (request, reply) => {
      const slug = request.params.file.replace(/\.ics$/, '');
      return send(await locationFeed(db, slug, await portalUrl()))(reply, request.params.file);
    },
  );

  app.get(
    '/api/schedule/feeds/municipalities/:file',
    {
      schema: {
        tags: ['schedule'],
        summary: 'iCalendar feed of the office days in one municipality (by AGS or id)',
        params: Obj({
          file: Type.String({
            pattern: '^([0-9]{8}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\\.ics$',
          }),
        }),
        response: { ...problems(400, 404) },
      },
    },
    async (request, reply) => {
      const key = request.params.file.replace(/\.ics$/, '');
      return send(await municipalityFeed(db, key, await portalUrl()))(reply, request.params.file);
    },
  );
};
