import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppConfig } from '../../config';
import { problems } from '../../http/schema';
import { issueChallenge } from './service';

const ChallengeSchema = Type.Object(
  {
    parameters: Type.Object(
      {
        algorithm: Type.String(),
        nonce: Type.String(),
        salt: Type.String(),
        cost: Type.Integer({ maximum: Number.MAX_SAFE_INTEGER }),
        keyLength: Type.Integer(),
        keyPrefix: Type.String(),
        keySignature: Type.Optional(Type.String()),
        expiresAt: Type.Optional(Type.Integer({ maximum: Number.MAX_SAFE_INTEGER })),
      },
      { additionalProperties: true },
    ),
    signature: Type.Optional(Type.String()),
  },
  { description: 'An ALTCHA proof-of-work challenge (v2, PBKDF2/SHA-256), signed by this server' },
);

/** GET /api/antibot/challenge: a fresh proof-of-work challenge for a public form (ADR 33). */
export const antibotRoutes: FastifyPluginAsyncTypebox<{ config: AppConfig }> = async (app, { config }) => {
  app.get(
    '/api/antibot/challenge',
    {
      config: { rateLimit: { max: config.publicRateLimitPerMinute, timeWindow: 60_000 } },
      schema: {
        tags: ['antibot'],
        summary: 'A proof-of-work challenge for the booking and demand forms',
        description:
          'Solve it (the altcha widget does) and send base64(JSON {challenge, solution}) in the X-Altcha header of the protected request. Each solution is accepted once, until the challenge expires.',
        response: { 200: ChallengeSchema, ...problems(429) },
      },
    },
    async (_request, reply) => reply.header('cache-control', 'no-store').send(await issueChallenge(config)),
  );
};
