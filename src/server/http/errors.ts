import type { Locale } from '../../core/locale';
import { antibotErrors } from '../modules/antibot/errors';
import { bookingErrors } from '../modules/booking/errors';
import { casesErrors } from '../modules/cases/errors';
import { catalogErrors } from '../modules/catalog/errors';
import { identityErrors } from '../modules/identity/errors';
import { invitationsErrors } from '../modules/invitations/errors';
import { kitsErrors } from '../modules/kits/errors';
import { notifyErrors } from '../modules/notify/errors';
import { operationsErrors } from '../modules/operations/errors';
import { paymentsErrors } from '../modules/payments/errors';
import { placesErrors } from '../modules/places/errors';
import { queueErrors } from '../modules/queue/errors';
import { registerErrors } from '../modules/register/errors';
import { scheduleErrors } from '../modules/schedule/errors';
import { statsErrors } from '../modules/stats/errors';
import { toursErrors } from '../modules/tours/errors';
import { videoErrors } from '../modules/video/errors';
import type { ErrorDefinitions } from './error-types';

/**
 * The error registry: every problem the API can answer with, by stable code.
 * Platform codes are listed here; each module adds its own from modules/<name>/errors.ts.
 * docs/errors.md is generated from this registry (`npm run docs:errors`); a test keeps it in step.
 */
const platformErrors = {
  VALIDATION_FAILED: {
    status: 400,
    de: 'Einige Angaben sind nicht gültig. Bitte prüfen Sie die markierten Felder.',
    en: 'Some of the information is not valid. Please check the marked fields.',
  },
  MALFORMED_JSON: {
    status: 400,
    de: 'Die Anfrage konnte nicht gelesen werden (ungültiges JSON).',
    en: 'The request could not be read (invalid JSON).',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    de: 'Dieses Datenformat wird nicht angenommen.',
    en: 'This data format is not accepted.',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    de: 'Die gesendeten Daten sind zu groß.',
    en: 'The data sent is too large.',
  },
  MALFORMED_URL: {
    status: 400,
    de: 'Die Adresse ist ungültig kodiert.',
    en: 'The address is not validly encoded.',
  },
  URI_TOO_LONG: {
    status: 414,
    de: 'Die Adresse ist zu lang.',
    en: 'The address is too long.',
  },
  NOT_FOUND: {
    status: 404,
    de: 'Die angeforderte Seite oder Ressource gibt es nicht.',
    en: 'The requested page or resource does not exist.',
  },
  METHOD_NOT_ALLOWED: {
    status: 405,
    de: 'Diese Aktion ist hier nicht möglich.',
    en: 'This action is not possible here.',
  },
  RATE_LIMITED: {
    status: 429,
    de: 'Zu viele Anfragen in kurzer Zeit. Bitte warten Sie einen Moment und versuchen Sie es erneut.',
    en: 'Too many requests in a short time. Please wait a moment and try again.',
  },
  INTERNAL_ERROR: {
    status: 500,
    de: 'Es ist ein Fehler aufgetreten. Bitte versuchen Sie es später erneut.',
    en: 'Something went wrong. Please try again later.',
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    de: 'Der Dienst ist gerade nicht erreichbar. Bitte versuchen Sie es später erneut.',
    en: 'The service is currently unavailable. Please try again later.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    de: 'Dieser Vorgang wurde bereits mit anderen Angaben gesendet. Bitte laden Sie die Seite neu.',
    en: 'This request was already sent with different details. Please reload the page.',
  },
  AUTH_REQUIRED: {
    status: 401,
    de: 'Bitte melden Sie sich an.',
    en: 'Please sign in.',
  },
  SESSION_EXPIRED: {
    status: 401,
    de: 'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.',
    en: 'Your session has expired. Please sign in again.',
  },
  FORBIDDEN: {
    status: 403,
    de: 'Sie haben keine Berechtigung für diese Aktion.',
    en: 'You are not allowed to do this.',
  },
  CSRF_TOKEN_INVALID: {
    status: 403,
    de: 'Die Sicherheitsprüfung ist fehlgeschlagen. Bitte laden Sie die Seite neu und versuchen Sie es erneut.',
    en: 'The security check failed. Please reload the page and try again.',
  },
  LOGIN_FAILED: {
    status: 401,
    de: 'Benutzername oder Passwort ist falsch.',
    en: 'The user name or password is wrong.',
  },
  ACCOUNT_LOCKED: {
    status: 423,
    de: 'Das Konto ist nach mehreren Fehlversuchen vorübergehend gesperrt. Bitte versuchen Sie es nach {minutes} Minuten erneut.',
    en: 'The account is temporarily locked after several failed attempts. Please try again in {minutes} minutes.',
  },
  ACCOUNT_DISABLED: {
    status: 403,
    de: 'Dieses Konto ist deaktiviert. Bitte wenden Sie sich an die Administration.',
    en: 'This account is disabled. Please contact the administrators.',
  },
  TOTP_INVALID: {
    status: 401,
    de: 'Der Sicherheitscode ist falsch oder abgelaufen.',
    en: 'The security code is wrong or has expired.',
  },
  SECURITY_KEY_REQUIRED: {
    status: 403,
    de: 'Bitte melden Sie sich mit Ihrem Sicherheitsschlüssel an. Ein Code aus der App genügt für Ihr Konto nicht mehr.',
    en: 'Please sign in with your security key. A code from the app is no longer enough for your account.',
  },
  TOTP_REQUIRED_FOR_ROLE: {
    status: 409,
    de: 'Für diese Rolle ist die Zwei-Faktor-Anmeldung vorgeschrieben und kann nicht abgeschaltet werden.',
    en: 'Two-factor sign-in is mandatory for this role and cannot be switched off.',
  },
  SESSION_STAGE_INCOMPLETE: {
    status: 403,
    de: 'Bitte schließen Sie zuerst die Anmeldung ab ({stage}).',
    en: 'Please complete signing in first ({stage}).',
  },
  PASSWORD_TOO_WEAK: {
    status: 400,
    de: 'Das Passwort muss mindestens 12 Zeichen lang sein und darf nicht leicht zu erraten sein.',
    en: 'The password must be at least 12 characters long and must not be easy to guess.',
  },
  PASSWORD_REUSED: {
    status: 400,
    de: 'Das neue Passwort muss sich vom bisherigen unterscheiden.',
    en: 'The new password must differ from the current one.',
  },
  CURRENT_PASSWORD_WRONG: {
    status: 400,
    de: 'Das bisherige Passwort ist falsch.',
    en: 'The current password is wrong.',
  },
  USERNAME_TAKEN: {
    status: 409,
    de: 'Dieser Benutzername ist bereits vergeben.',
    en: 'This user name is already taken.',
  },
  LAST_ADMIN: {
    status: 409,
    de: 'Das letzte aktive Administrationskonto kann nicht deaktiviert oder herabgestuft werden.',
    en: 'The last active administrator account cannot be disabled or demoted.',
  },
  AUTHORITY_NOT_FOUND: {
    status: 404,
    de: 'Diese Behörde ist nicht bekannt.',
    en: 'This authority is not known.',
  },
} satisfies ErrorDefinitions;

export const errorRegistry = {
  ...platformErrors,
  ...catalogErrors,
  ...scheduleErrors,
  ...bookingErrors,
  ...queueErrors,
  ...registerErrors,
  ...casesErrors,
  ...paymentsErrors,
  ...kitsErrors,
  ...identityErrors,
  ...notifyErrors,
  ...operationsErrors,
  ...statsErrors,
  ...placesErrors,
  ...videoErrors,
  ...invitationsErrors,
  ...antibotErrors,
  ...toursErrors,
} satisfies ErrorDefinitions;

/**
 * The same lists by module: the registry above joins them with spreads, so a code two modules
 * both define would silently take one module's text — errors.test.ts checks every code is defined once.
 */
export const errorSources: Record<string, Record<string, unknown>> = {
  platform: platformErrors,
  catalog: catalogErrors,
  schedule: scheduleErrors,
  booking: bookingErrors,
  queue: queueErrors,
  register: registerErrors,
  cases: casesErrors,
  payments: paymentsErrors,
  kits: kitsErrors,
  identity: identityErrors,
  notify: notifyErrors,
  operations: operationsErrors,
  stats: statsErrors,
  video: videoErrors,
  invitations: invitationsErrors,
  antibot: antibotErrors,
  tours: toursErrors,
  places: placesErrors,
};

export type ErrorCode = keyof typeof errorRegistry;

export interface FieldError {
  /** JSON pointer of the failing field, e.g. "/contact/email". */
  path: string;
  /** Stable code of the field problem, e.g. "required", "format", "maxLength". */
  code: string;
  /** Message in the requested language, ready to show next to the field. */
  message?: string;
  /** Parameters of the problem, e.g. { limit: 200 }. */
  params?: Record<string, unknown>;
}

/**
 * A problem the API reports to its caller. Carries data, not just text: the code, parameters for
 * the message, the failing fields, and anything else worth keeping (e.g. from/to of a transition).
 */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, string | number> = {},
    readonly fieldErrors: FieldError[] = [],
    /** Extra members for the problem document (must be safe to show). */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(code);
    this.name = 'AppError';
    this.status = errorRegistry[code].status;
  }
}

export function messageFor(
  code: ErrorCode,
  locale: Locale,
  params: Record<string, string | number> = {},
): string {
  const template = errorRegistry[code][locale];
  return template.replace(/\{(\w+)\}/g, (_, key: string) =>
    key in params ? String(params[key]) : `{${key}}`,
  );
}
