import type { ErrorDefinitions } from '../../http/error-types';

/** Error codes of the cases module; src/server/http/errors.ts merges them into the one registry. */
export const casesErrors = {
  CASE_NOT_FOUND: {
    status: 404,
    de: 'Diesen Vorgang gibt es nicht.',
    en: 'This case does not exist.',
  },
  CASE_SERVICE_NOT_AVAILABLE: {
    status: 422,
    de: 'Diese Leistung ist nicht (mehr) im Leistungskatalog der Behörde veröffentlicht oder hat kein Antragsformular.',
    en: 'This service is not (or no longer) published in the authority\u2019s catalogue, or it has no application form.',
  },
  CASE_SERVICE_NOT_ON_CHANNEL: {
    status: 422,
    de: 'Diese Leistung wird über diesen Weg nicht angeboten. Bitte verweisen Sie an das Bürgerbüro.',
    en: 'This service is not offered on this channel. Please refer the citizen to the citizens\u2019 office.',
  },
  CASE_PERSON_REQUIRED: {
    status: 422,
    de: 'Für diese Leistung muss die Person im Melderegister ausgewählt werden.',
    en: 'This service needs the person chosen from the resident register.',
  },
  CASE_GERMAN_NATIONALITY_REQUIRED: {
    status: 422,
    de: 'Personalausweis und Reisepass werden nur für Deutsche ausgestellt. Die Person hat laut Melderegister keine deutsche Staatsangehörigkeit.',
    en: 'ID cards and passports are issued to Germans only. According to the register the person is not German.',
  },
  CASE_FORM_INVALID: {
    status: 400,
    de: 'Einige Angaben im Antrag fehlen oder sind nicht gültig. Bitte prüfen Sie die markierten Felder.',
    en: 'Some details of the application are missing or not valid. Please check the marked fields.',
  },
  CASE_APPLICANT_TOO_YOUNG: {
    status: 422,
    de: 'Für Kinder unter 16 Jahren (Reisepass: unter 18 Jahren) beantragen die Sorgeberechtigten. Bitte bestätigen Sie deren Zustimmung.',
    en: 'For children under 16 (passport: under 18) the persons with custody apply. Please confirm their consent.',
  },
  CASE_LOCAL_NUMBER_INVALID: {
    status: 422,
    de: 'Die Vorgangsnummer des Bürgerkoffers hat nicht das erwartete Format (z. B. K1-2026-0007).',
    en: 'The kit\u2019s case number is not in the expected format (e.g. K1-2026-0007).',
  },
  CASE_LOCAL_NUMBER_TAKEN: {
    status: 409,
    de: 'Die Vorgangsnummer {number} ist bereits für einen anderen Vorgang vergeben.',
    en: 'The case number {number} is already used by another case.',
  },
  CASE_ID_CONFLICT: {
    status: 409,
    de: 'Unter dieser Kennung ist bereits ein anderer Vorgang gespeichert.',
    en: 'A different case is already stored under this identifier.',
  },
  CASE_ACCESS_CODE_INVALID: {
    status: 422,
    de: 'Der Zugangscode hat nicht das erwartete Format (10 Zeichen).',
    en: 'The access code is not in the expected format (10 characters).',
  },
  CASE_TRANSITION_NOT_ALLOWED: {
    status: 409,
    de: 'Der Vorgang ist „{fromLabel}“ und kann nicht in den Stand „{toLabel}“ wechseln.',
    en: 'The case is "{fromLabel}" and cannot change to "{toLabel}".',
  },
  CASE_TRANSITION_REASON_REQUIRED: {
    status: 400,
    de: 'Bitte geben Sie einen Grund für die Ablehnung oder Stornierung an.',
    en: 'Please give a reason for the rejection or cancellation.',
  },
  CASE_FEE_OPEN: {
    status: 409,
    de: 'Die Gebühr für diesen Vorgang ist noch nicht beglichen. Bitte kassieren Sie zuerst die Gebühr.',
    en: 'The fee for this case has not been settled yet. Please take the fee first.',
  },
  CASE_PAYMENT_TO_REVERSE: {
    status: 409,
    de: 'Für diesen Vorgang ist eine Gebühr gebucht. Bitte stornieren Sie zuerst die Buchung in der Kasse.',
    en: 'A fee is booked for this case. Please reverse the entry in the cash register first.',
  },
  CASE_VERSION_CONFLICT: {
    status: 409,
    de: 'Der Vorgang wurde inzwischen geändert (Stand {current}, bearbeitet wurde Stand {base}). Bitte laden Sie ihn neu.',
    en: 'The case has changed in the meantime (version {current}, you edited version {base}). Please reload it.',
  },
  CASE_HANDOVER_APPLICATION_NOT_READY: {
    status: 409,
    de: 'Zu diesem Aktenzeichen liegt für die Person kein abholbereites Ausweisdokument vor.',
    en: 'No ID document for this person is ready for pick-up under this case number.',
  },
  CASE_EXPORT_NOT_AVAILABLE: {
    status: 409,
    de: 'Ein Exportpaket für die Ausweissoftware gibt es nur für eingereichte Anträge auf Personalausweis oder Reisepass mit Lichtbild.',
    en: 'An export package for the ID software exists only for submitted ID card or passport applications with a photo.',
  },
  CASE_NOTE_EMPTY: {
    status: 400,
    de: 'Bitte schreiben Sie einen Vermerk.',
    en: 'Please write a note.',
  },
  ATTACHMENT_TYPE_NOT_ALLOWED: {
    status: 415,
    de: 'Diese Dateiart wird nicht angenommen. Erlaubt sind für Lichtbild und Unterschrift JPEG oder PNG, für Scans auch PDF.',
    en: 'This kind of file is not accepted. Photo and signature: JPEG or PNG; scans also PDF.',
  },
  ATTACHMENT_CONTENT_MISMATCH: {
    status: 415,
    de: 'Der Inhalt der Datei passt nicht zu ihrer Art (z. B. kein Bild). Bitte wählen Sie eine echte Bild- oder PDF-Datei.',
    en: 'The file\u2019s content does not match its type (e.g. not an image). Please choose a real image or PDF file.',
  },
  ATTACHMENT_TOO_LARGE: {
    status: 413,
    de: 'Die Datei ist zu groß (höchstens {limit} MB).',
    en: 'The file is too large (at most {limit} MB).',
  },
  ATTACHMENT_IMAGE_TOO_SMALL: {
    status: 422,
    de: 'Das Lichtbild ist zu klein ({width} × {height} Pixel). Nötig sind mindestens {minWidth} × {minHeight} Pixel.',
    en: 'The photo is too small ({width} × {height} pixels). At least {minWidth} × {minHeight} pixels are needed.',
  },
  ATTACHMENT_IMAGE_TOO_LARGE: {
    status: 422,
    de: 'Das Bild hat zu viele Bildpunkte ({width} × {height}). Erlaubt sind höchstens {megapixels} Megapixel; bitte verkleinern Sie es.',
    en: 'The image has too many pixels ({width} × {height}). At most {megapixels} megapixels are allowed; please make it smaller.',
  },
  ATTACHMENT_HASH_MISMATCH: {
    status: 422,
    de: 'Die Datei ist bei der Übertragung beschädigt worden (Prüfsumme stimmt nicht). Bitte erneut senden.',
    en: 'The file was damaged in transfer (checksum mismatch). Please send it again.',
  },
  ATTACHMENT_NOT_FOUND: {
    status: 404,
    de: 'Diese Datei gibt es nicht (mehr).',
    en: 'This file does not exist (any more).',
  },
  DOCUMENT_NOT_FOUND: {
    status: 404,
    de: 'Dieses Dokument gibt es nicht.',
    en: 'This document does not exist.',
  },
  DOCUMENT_NOT_AVAILABLE: {
    status: 409,
    de: 'Dieses Dokument kann für den Vorgang (noch) nicht ausgestellt werden.',
    en: 'This document cannot be issued for the case (yet).',
  },
  DOCUMENT_NOT_GENUINE: {
    status: 404,
    de: 'Zu diesem Prüfcode gibt es kein von uns ausgestelltes Dokument. Das Dokument ist nicht echt oder der Code wurde falsch eingegeben.',
    en: 'We have issued no document with this verification code. The document is not genuine, or the code was mistyped.',
  },
  STATUS_NOT_FOUND: {
    status: 404,
    de: 'Zu diesem Aktenzeichen und Zugangscode haben wir keinen Vorgang gefunden. Bitte prüfen Sie beide Angaben auf Ihrer Quittung.',
    en: 'We found no case for this case number and access code. Please check both on your receipt.',
  },
} satisfies ErrorDefinitions;
