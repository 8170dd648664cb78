import type { ErrorDefinitions } from '../../http/error-types';

/**
 * Error codes of security keys (WebAuthn); src/server/http/errors.ts merges them into the one
 * registry. The older sign-in codes (LOGIN_FAILED, TOTP_INVALID, …) are platform codes there.
 */
export const identityErrors = {
  SECURITY_KEY_INVALID: {
    status: 401,
    de: 'Dieser Sicherheitsschlüssel wurde nicht erkannt oder ist gesperrt. Versuchen Sie es mit einem anderen Schlüssel oder melden Sie sich bei der Administration.',
    en: 'This security key was not recognised or has been revoked. Try another key or contact the administrators.',
  },
  SECURITY_KEY_CHALLENGE_EXPIRED: {
    status: 400,
    de: 'Die Anmeldung mit dem Sicherheitsschlüssel hat zu lange gedauert oder wurde schon verwendet. Bitte versuchen Sie es noch einmal.',
    en: 'Signing in with the security key took too long or was already used. Please try again.',
  },
  SECURITY_KEY_NOT_FOUND: {
    status: 404,
    de: 'Diesen Sicherheitsschlüssel gibt es nicht (mehr).',
    en: 'This security key does not exist (any more).',
  },
  SECURITY_KEY_ALREADY_REGISTERED: {
    status: 409,
    de: 'Dieser Sicherheitsschlüssel ist bereits eingerichtet.',
    en: 'This security key is already set up.',
  },
  LAST_SECURITY_KEY: {
    status: 409,
    de: 'Das ist Ihr letzter Sicherheitsschlüssel, und Ihr Konto braucht einen. Richten Sie zuerst einen weiteren ein.',
    en: 'This is your last security key, and your account needs one. Set up another one first.',
  },
  AUTHORITY_SUSPENDED: {
    status: 403,
    de: 'Der Zugang Ihrer Behörde ist vorübergehend gesperrt. Bitte wenden Sie sich an Ihre Verwaltungsleitung oder den IT-Dienstleister.',
    en: 'Your authority’s access is suspended for the time being. Please contact your management or the IT service provider.',
  },
} satisfies ErrorDefinitions;
