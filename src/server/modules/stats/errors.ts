import type { ErrorDefinitions } from '../../http/error-types';

/** Error codes of the stats module; src/server/http/errors.ts merges them into the one registry. */
export const statsErrors = {
  STATS_PERIOD_INVALID: {
    status: 400,
    de: 'Der Zeitraum ist ungültig: Das Ende darf nicht vor dem Beginn liegen, und er darf höchstens drei Jahre umfassen.',
    en: 'The period is not valid: the end must not be before the start, and it may cover at most three years.',
  },
} satisfies ErrorDefinitions;
