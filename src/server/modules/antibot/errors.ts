import type { ErrorDefinitions } from '../../http/error-types';

/** Error codes of the bot protection (#14, ADR 33); src/server/http/errors.ts merges them into the registry. */
export const antibotErrors = {
  CHALLENGE_REQUIRED: {
    status: 403,
    de: 'Bitte bestätigen Sie zuerst im Feld „Sicherheitsprüfung“, dass Sie kein Programm sind. Die Prüfung läuft in Ihrem Browser und dauert wenige Sekunden.',
    en: 'Please first confirm in the “Security check” field that you are not a program. The check runs in your browser and takes a few seconds.',
  },
  CHALLENGE_FAILED: {
    status: 403,
    de: 'Die Sicherheitsprüfung ist abgelaufen oder wurde schon verwendet. Bitte bestätigen Sie sie noch einmal und senden Sie das Formular erneut.',
    en: 'The security check has expired or has already been used. Please confirm it again and send the form again.',
  },
} satisfies ErrorDefinitions;
