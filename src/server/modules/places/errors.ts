import type { ErrorDefinitions } from '../../http/error-types';

/** Error codes of authorities and their portals (#12); src/server/http/errors.ts merges them into the one registry. */
export const placesErrors = {
  PORTAL_REQUIRED: {
    status: 404,
    de: 'Bitte wählen Sie zuerst Ihre Behörde aus. Die Übersicht finden Sie auf der Startseite.',
    en: 'Please choose your authority first. The list is on the start page.',
  },
  PORTAL_SUSPENDED: {
    status: 503,
    de: 'Das Online-Angebot dieser Behörde ist vorübergehend nicht verfügbar. Termine können zurzeit nicht gebucht werden.',
    en: "This authority's online services are temporarily unavailable. Appointments cannot be booked at the moment.",
  },
  ACTING_FOR_NOT_ALLOWED: {
    status: 403,
    de: 'Für diese Behörde dürfen Sie nicht handeln, oder diese Aktion ist für die 115 nicht vorgesehen.',
    en: 'You may not act for this authority, or this action is not open to the 115 desk.',
  },
} satisfies ErrorDefinitions;
