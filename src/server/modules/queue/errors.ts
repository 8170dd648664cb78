import type { ErrorDefinitions } from '../../http/error-types';

/** Error codes of the queue module; src/server/http/errors.ts merges them into the one registry. */
export const queueErrors = {} satisfies ErrorDefinitions;
