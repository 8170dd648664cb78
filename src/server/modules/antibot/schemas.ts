import { Type } from '@sinclair/typebox';

/** The solved challenge a protected public write carries (ADR 33). */
export const SolutionHeaders = Type.Object({
  'x-altcha': Type.Optional(
    Type.String({
      maxLength: 4096,
      description:
        'base64(JSON {challenge, solution}) of a challenge from GET /api/antibot/challenge, solved',
    }),
  ),
});
