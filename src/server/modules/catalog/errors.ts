import type { ErrorDefinitions } from '../../http/error-types';

/** Error codes of the catalog module; src/server/http/errors.ts merges them into the one registry. */
export const catalogErrors = {} satisfies ErrorDefinitions;
