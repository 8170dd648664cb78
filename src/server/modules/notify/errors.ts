import type { ErrorDefinitions } from '../../http/error-types';

/** Error codes of the notify module; src/server/http/errors.ts merges them into the one registry. */
export const notifyErrors = {
  MAIL_NOT_FOUND: {
    status: 404,
    de: 'Diese Nachricht gibt es im Postausgang nicht (mehr).',
    en: 'This message is not (or no longer) in the outbox.',
  },
} satisfies ErrorDefinitions;
