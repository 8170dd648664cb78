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
} satisfies ErrorDefinitions;
