import type { ErrorDefinitions } from '../../http/error-types';

/** Error codes of the catalog module; src/server/http/errors.ts merges them into the one registry. */
export const catalogErrors = {
  CATALOG_QUERY_EMPTY: {
    status: 400,
    de: 'Bitte geben Sie ein Suchwort ein, zum Beispiel „Personalausweis“ oder „Umzug“.',
    en: 'Please enter a search word, for example "Personalausweis" (ID card) or "Umzug" (moving house).',
  },
  CATALOG_QUERY_WILDCARD_ONLY: {
    status: 400,
    de: 'Platzhalter wie * oder ? allein genügen nicht. Bitte geben Sie ein Wort ein – die Suche findet auch Wortteile, zum Beispiel „Ausweis“.',
    en: 'Wildcards such as * or ? alone are not enough. Please enter a word – the search also finds parts of words, for example "Ausweis".',
  },
  CATALOG_QUERY_TOO_LONG: {
    status: 400,
    de: 'Der Suchbegriff ist zu lang. Bitte verwenden Sie höchstens {max} Zeichen, zum Beispiel nur die wichtigsten Wörter.',
    en: 'The search term is too long. Please use at most {max} characters, for example only the most important words.',
  },
  CATALOG_SERVICE_NOT_FOUND: {
    status: 404,
    de: 'Diese Leistung gibt es im Leistungskatalog nicht (mehr). Bitte suchen Sie unter „Leistungen“ danach.',
    en: 'This service is not (or no longer) in the catalogue. Please search for it under "Services".',
  },
  CATALOG_SERVICE_INVALID: {
    status: 400,
    de: 'Die Leistungsbeschreibung ist unvollständig oder fehlerhaft. Bitte prüfen Sie die markierten Angaben.',
    en: 'The service description is incomplete or wrong. Please check the marked entries.',
  },
  CATALOG_SLUG_TAKEN: {
    status: 409,
    de: 'Die Adresse „{slug}“ gehört schon zu einer anderen Leistung. Bitte wählen Sie eine andere.',
    en: 'The address "{slug}" already belongs to another service. Please choose a different one.',
  },
  CATALOG_DRAFT_STALE: {
    status: 409,
    de: 'Der Entwurf wurde inzwischen von jemand anderem geändert. Bitte laden Sie ihn neu und übertragen Sie Ihre Änderungen.',
    en: 'Someone else has changed the draft in the meantime. Please reload it and apply your changes again.',
  },
  CATALOG_NO_DRAFT: {
    status: 409,
    de: 'Es gibt keinen Entwurf, der veröffentlicht werden könnte. Die veröffentlichte Fassung ist aktuell.',
    en: 'There is no draft to publish. The published version is up to date.',
  },
  CATALOG_VERSION_NOT_FOUND: {
    status: 404,
    de: 'Diese Fassung der Leistungsbeschreibung gibt es nicht.',
    en: 'This version of the service description does not exist.',
  },
  CATALOG_SYNONYM_EXISTS: {
    status: 409,
    de: 'Der Suchbegriff „{term}“ ist für diese Leistung schon eingetragen.',
    en: 'The search term "{term}" is already listed for this service.',
  },
  CATALOG_IMPORT_INVALID: {
    status: 400,
    de: 'Die Importdatei enthält fehlerhafte Einträge ({count}). Es wurde nichts übernommen. Bitte korrigieren Sie die genannten Einträge und importieren Sie erneut.',
    en: 'The import file contains faulty entries ({count}). Nothing was imported. Please correct the listed entries and import again.',
  },
  CATALOG_LAND_NOT_FOUND: {
    status: 404,
    de: 'Diese Leistung gibt es im Landeskatalog nicht.',
    en: 'This service is not in the Land catalogue.',
  },
  CATALOG_LAND_STALE: {
    status: 409,
    de: 'Von dieser Landesleistung wurde inzwischen eine neuere Fassung veröffentlicht. Bitte laden Sie sie neu und übertragen Sie Ihre Änderungen.',
    en: 'A newer version of this Land service has been published in the meantime. Please reload it and apply your changes again.',
  },
  CATALOG_LAND_UNCHANGED: {
    status: 409,
    de: 'Die Fassung ist unverändert. Eine neue Fassung wird nur veröffentlicht, wenn sich etwas ändert.',
    en: 'Nothing has changed. A new version is only published when something changes.',
  },
  CATALOG_LAND_FRAME_INVALID: {
    status: 400,
    de: 'Der Gebührenrahmen passt nicht: Der Mindestbetrag darf nicht über dem Höchstbetrag liegen, und die Gebühr des Landes muss im Rahmen liegen.',
    en: 'The fee frame does not fit: the minimum must not exceed the maximum, and the Land fee must lie within the frame.',
  },
  CATALOG_LAND_ALREADY_ADOPTED: {
    status: 409,
    de: 'Diese Landesleistung ist schon in Ihrem Leistungskatalog. Sie können sie dort bearbeiten.',
    en: 'This Land service is already in your catalogue. You can edit it there.',
  },
  CATALOG_LAND_FEE_FIXED: {
    status: 400,
    de: 'Die Gebühr dieser Leistung ist gesetzlich festgelegt und kann nicht örtlich geändert werden. Sie können nur den Erläuterungstext zur Gebühr anpassen.',
    en: 'The fee for this service is fixed by law and cannot be changed locally. You can only adapt the text explaining the fee.',
  },
  CATALOG_LAND_FEE_OUTSIDE_FRAME: {
    status: 400,
    de: 'Die Gebühr liegt außerhalb des gesetzlichen Rahmens. Jeder Betrag muss zwischen {min} € und {max} € liegen.',
    en: 'The fee lies outside the legal frame. Every amount must be between €{min} and €{max}.',
  },
  CATALOG_LAND_REVIEW_NOT_FOUND: {
    status: 404,
    de: 'Diesen Eintrag „Landestext geändert“ gibt es in Ihrer Warteschlange nicht.',
    en: 'There is no such "Land text changed" item in your queue.',
  },
  CATALOG_LAND_REVIEW_DECIDED: {
    status: 409,
    de: 'Über diese Änderung des Landestextes wurde schon entschieden.',
    en: 'This change of the Land text has already been decided.',
  },
} satisfies ErrorDefinitions;
