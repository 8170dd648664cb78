import type { ErrorDefinitions } from '../../http/error-types';

/** Error codes of the kits module; src/server/http/errors.ts merges them into the one registry. */
export const kitsErrors = {
  KIT_NOT_FOUND: {
    status: 404,
    de: 'Dieser Bürgerkoffer ist nicht bekannt.',
    en: 'This field kit is not known.',
  },
  KIT_NAME_TAKEN: {
    status: 409,
    de: 'Es gibt schon einen Bürgerkoffer mit diesem Namen oder Kürzel.',
    en: 'There already is a field kit with this name or prefix.',
  },
  KIT_SCOPE_INVALID: {
    status: 400,
    de: 'Wählen Sie Gemeinden und Standorte Ihrer eigenen Behörde.',
    en: 'Choose municipalities and locations of your own authority.',
  },
  KIT_PAIRING_CODE_INVALID: {
    status: 400,
    de: 'Der Kopplungscode ist falsch, abgelaufen oder schon benutzt. Bitten Sie die Koordination um einen neuen Code.',
    en: 'The pairing code is wrong, expired or already used. Ask the coordinator for a new code.',
  },
  KIT_KEY_INVALID: {
    status: 400,
    de: 'Der Schlüssel des Bürgerkoffers ist ungültig.',
    en: 'The field kit’s key is not valid.',
  },
  KIT_NOT_ENROLLED: {
    status: 403,
    de: 'Dieser Bürgerkoffer ist nicht eingerichtet. Bitte koppeln Sie ihn mit einem Code der Koordination.',
    en: 'This field kit is not set up. Pair it with a code from the coordinator.',
  },
  KIT_REVOKED: {
    status: 403,
    de: 'Dieser Bürgerkoffer wurde gesperrt. Die Daten auf dem Gerät bleiben erhalten; bitte wenden Sie sich an die Koordination.',
    en: 'This field kit has been revoked. The data on the device is kept; please contact the coordinator.',
  },
  KIT_ALREADY_REVOKED: {
    status: 409,
    de: 'Dieser Bürgerkoffer ist bereits gesperrt.',
    en: 'This field kit is already revoked.',
  },
  KIT_SIGNATURE_INVALID: {
    status: 401,
    de: 'Die Anfrage trägt keine gültige Signatur dieses Bürgerkoffers.',
    en: 'The request does not carry a valid signature of this field kit.',
  },
  KIT_WRONG_AUTHORITY: {
    status: 403,
    de: 'Dieser Bürgerkoffer gehört zu einer anderen Behörde als Ihr Konto.',
    en: 'This field kit belongs to another authority than your account.',
  },
  KIT_VERSION_SKEW: {
    status: 426,
    de: 'Die Software dieses Bürgerkoffers ist veraltet (Version {kitVersion}, nötig ist mindestens {minVersion}). Bitte aktualisieren Sie den Bürgerkoffer; die noch nicht übertragenen Daten bleiben erhalten.',
    en: 'This field kit’s software is out of date (version {kitVersion}, at least {minVersion} is needed). Please update the kit; the data not yet sent is kept.',
  },
  KIT_SEQ_MISMATCH: {
    status: 409,
    de: 'Die Reihenfolge der Vorgänge dieses Bürgerkoffers passt nicht zum Server (Nummer {seq}). Bitte wenden Sie sich an die Koordination.',
    en: 'The order of this field kit’s commands does not match the server (number {seq}). Please contact the coordinator.',
  },
  KIT_COMMAND_UNKNOWN: {
    status: 422,
    de: 'Diese Art von Vorgang ({type}) kennt der Server nicht.',
    en: 'The server does not know this kind of command ({type}).',
  },
  KIT_COMMAND_INVALID: {
    status: 422,
    de: 'Die Angaben dieses Vorgangs sind unvollständig oder ungültig und wurden nicht übernommen.',
    en: 'The details of this command are incomplete or invalid and were not taken over.',
  },
  KIT_COMMAND_CONFLICT: {
    status: 409,
    de: 'Der Datensatz wurde inzwischen geändert (Version {currentVersion}, bearbeitet wurde Version {baseVersion}). Bitte prüfen Sie den aktuellen Stand.',
    en: 'The record has changed meanwhile (version {currentVersion}, version {baseVersion} was edited). Please check the current state.',
  },
  KIT_CLERK_UNKNOWN: {
    status: 422,
    de: 'Die erfassende Person ist beim Server nicht als Sachbearbeiter/in dieser Behörde bekannt.',
    en: 'The person who captured this is not known to the server as a clerk of this authority.',
  },
  KIT_OUT_OF_SCOPE: {
    status: 422,
    de: 'Dieser Datensatz gehört nicht zu den Gemeinden, für die der Bürgerkoffer eingesetzt ist.',
    en: 'This record does not belong to the municipalities the field kit serves.',
  },
  KIT_UPLOAD_OFFSET: {
    status: 409,
    de: 'Die Übertragung der Datei muss bei Byte {received} fortgesetzt werden.',
    en: 'The file upload must continue at byte {received}.',
  },
  KIT_UPLOAD_HASH_MISMATCH: {
    status: 422,
    de: 'Die übertragene Datei ist beschädigt (Prüfsumme falsch) und wird neu übertragen.',
    en: 'The uploaded file is damaged (wrong checksum) and will be sent again.',
  },
  KIT_UPLOAD_INVALID: {
    status: 400,
    de: 'Diese Datei kann nicht angenommen werden (Art oder Größe).',
    en: 'This file cannot be accepted (type or size).',
  },
  KIT_ATTACHMENT_MISSING: {
    status: 409,
    de: 'Eine Datei zu diesem Vorgang fehlt beim Server und wird zuerst übertragen.',
    en: 'A file of this command is missing on the server and is sent first.',
  },
  KIT_OFFICE_DAY_NOT_SERVED: {
    status: 403,
    de: 'Dieser Sprechtag ist weder diesem Bürgerkoffer zugeordnet noch ohne Koffer an einem seiner Standorte geplant.',
    en: 'This office day is neither assigned to this field kit nor planned without a kit at one of its locations.',
  },
} satisfies ErrorDefinitions;
