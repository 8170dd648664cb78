import type { ErrorDefinitions } from '../../http/error-types';

/** Error codes of the invitations module (#14); src/server/http/errors.ts merges them into the registry. */
export const invitationsErrors = {
  INVITATIONS_DISABLED: {
    status: 409,
    de: 'Einladungen vor Ablauf eines Ausweises sind für Ihre Behörde ausgeschaltet. Eine Administratorin oder ein Administrator kann sie auf dieser Seite einschalten.',
    en: 'Invitations before an ID expires are switched off for your authority. An administrator can switch them on on this page.',
  },
  INVITATION_RUN_NOT_FOUND: {
    status: 404,
    de: 'Diesen Lauf gibt es nicht oder nicht mehr.',
    en: 'This run does not exist or no longer exists.',
  },
} satisfies ErrorDefinitions;
