import type { ErrorDefinitions } from '../../http/error-types';

/** Error codes of the video consultation (#11); src/server/http/errors.ts merges them into the one registry. */
export const videoErrors = {
  VIDEO_TERMINAL_NOT_ENROLLED: {
    status: 403,
    de: 'Videoberatung ist an diesem Gerät nicht eingerichtet. Bitte rufen Sie uns an oder kommen Sie ins Bürgerbüro.',
    en: 'Video consultation is not set up on this device. Please call us or visit the citizens’ office.',
  },
  VIDEO_TERMINAL_NOT_FOUND: {
    status: 404,
    de: 'Dieses Terminal gibt es nicht.',
    en: 'This terminal does not exist.',
  },
  VIDEO_PAIRING_CODE_INVALID: {
    status: 400,
    de: 'Der Einrichtungscode ist falsch, abgelaufen oder schon benutzt. Bitte lassen Sie in der Verwaltung einen neuen erzeugen.',
    en: 'The set-up code is wrong, has expired or was used already. Please have a new one created in the administration.',
  },
  VIDEO_LOCATION_UNKNOWN: {
    status: 422,
    de: 'Diesen Standort gibt es nicht oder er ist nicht aktiv.',
    en: 'This location does not exist or is not active.',
  },
  VIDEO_NO_CLERK_AVAILABLE: {
    status: 409,
    de: 'Gerade ist niemand für eine Videoberatung da. Bitte versuchen Sie es zu den Sprechzeiten wieder oder rufen Sie uns an.',
    en: 'Nobody is available for a video consultation right now. Please try again during the video hours or call us.',
  },
  VIDEO_BOOKING_NOT_FOUND: {
    status: 404,
    de: 'Zu dieser Buchungsnummer gibt es jetzt an diesem Terminal keinen Termin für eine Videoberatung. Bitte prüfen Sie die Nummer.',
    en: 'There is no video appointment at this terminal now for this booking number. Please check the number.',
  },
  VIDEO_CALL_NOT_FOUND: {
    status: 404,
    de: 'Dieses Gespräch gibt es nicht oder es ist beendet.',
    en: 'This call does not exist or has ended.',
  },
  VIDEO_CALL_TAKEN: {
    status: 409,
    de: 'Dieses Gespräch hat schon jemand anderes angenommen.',
    en: 'Someone else has already answered this call.',
  },
  VIDEO_CALL_ENDED: {
    status: 409,
    de: 'Dieses Gespräch ist bereits beendet.',
    en: 'This call has already ended.',
  },
  VIDEO_CALL_NOT_YOURS: {
    status: 403,
    de: 'Dieses Gespräch führt eine andere Person.',
    en: 'Someone else is handling this call.',
  },
  VIDEO_ALREADY_IN_CALL: {
    status: 409,
    de: 'Sie führen bereits ein Gespräch. Beenden Sie es, bevor Sie ein neues annehmen.',
    en: 'You are already in a call. End it before answering another one.',
  },
  VIDEO_TOKEN_INVALID: {
    status: 401,
    de: 'Die Verbindung zu diesem Gespräch ist nicht mehr gültig. Bitte starten Sie die Videoberatung neu.',
    en: 'The connection to this call is no longer valid. Please start the video consultation again.',
  },
  VIDEO_INVITE_INVALID: {
    status: 410,
    de: 'Diese Einladung ist abgelaufen, wurde schon benutzt oder das Gespräch ist beendet. Bitten Sie um eine neue Einladung.',
    en: 'This invitation has expired, was already used or the call has ended. Please ask for a new invitation.',
  },
  VIDEO_CASE_EXISTS: {
    status: 409,
    de: 'Zu diesem Gespräch wurde bereits ein Vorgang angelegt ({number}).',
    en: 'A case has already been created for this call ({number}).',
  },
  VIDEO_SERVICE_NOT_ON_TERMINAL: {
    status: 422,
    de: 'Diese Leistung wird nicht per Videoberatung am Bürgerterminal angeboten.',
    en: 'This service is not offered by video consultation at the citizens’ terminal.',
  },
  VIDEO_TOO_MANY_IMAGES: {
    status: 429,
    de: 'In diesem Gespräch wurden schon {max} Bilder gesendet. Mehr geht nicht.',
    en: '{max} images have been sent in this call already. No more are possible.',
  },
} satisfies ErrorDefinitions;
