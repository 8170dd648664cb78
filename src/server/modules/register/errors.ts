import type { ErrorDefinitions } from '../../http/error-types';

/** Error codes of the register module; src/server/http/errors.ts merges them into the one registry. */
export const registerErrors = {
  REGISTER_DISCLOSURE_IDENTITY_AT_DESK: {
    status: 409,
    de: 'Für diese Person ist eine Auskunfts- oder bedingte Sperre eingetragen. Die Auskunft über ihre eigenen Daten wird nur nach Prüfung des Ausweises vor Ort erteilt, nicht auf schriftlichen Antrag.',
    en: 'An information block or conditional block is entered for this person. The disclosure of their own data is given only after checking their ID in person, not on a written request.',
  },
  REGISTER_PURPOSE_REQUIRED: {
    status: 400,
    de: 'Bitte geben Sie den Zweck an, zu dem Sie das Melderegister einsehen. Jeder Zugriff wird protokolliert.',
    en: 'Please state the purpose for looking into the resident register. Every access is logged.',
  },
  REGISTER_SEARCH_TOO_BROAD: {
    status: 400,
    de: 'Bitte suchen Sie mit Familienname (mindestens 2 Zeichen) und Geburtsdatum oder mit Straße (und Hausnummer).',
    en: 'Please search by family name (at least 2 characters) and date of birth, or by street (and house number).',
  },
  REGISTER_PERSON_NOT_FOUND: {
    status: 404,
    de: 'Diese Person ist im Melderegister der Behörde nicht verzeichnet.',
    en: 'This person is not in the authority\u2019s resident register.',
  },
  REGISTER_BLOCK_NOT_FOUND: {
    status: 404,
    de: 'Diese Sperre ist für die Person nicht (mehr) eingetragen. Bitte laden Sie den Registereintrag neu.',
    en: 'This block is not (or no longer) entered for the person. Please reload the register entry.',
  },
  REGISTER_PERSON_NOT_RESIDENT: {
    status: 409,
    de: 'Die Person ist derzeit nicht gemeldet (verzogen oder verstorben). Bitte prüfen Sie den Registereintrag.',
    en: 'The person is not currently registered (moved away or deceased). Please check the register entry.',
  },
  REGISTER_MUNICIPALITY_OUTSIDE_AUTHORITY: {
    status: 422,
    de: 'Diese Gemeinde gehört nicht zum Zuständigkeitsbereich der Behörde. Die Anmeldung erfolgt bei der Meldebehörde des neuen Wohnorts.',
    en: 'This municipality is outside the authority\u2019s area. The registration is made at the registration office of the new place.',
  },
  REGISTER_ALREADY_REGISTERED_AT_DWELLING: {
    status: 409,
    de: '{name} ist in dieser Wohnung bereits gemeldet. Eine erneute Anmeldung ist nicht nötig.',
    en: '{name} is already registered at this dwelling. No new registration is needed.',
  },
  REGISTER_MOVE_IN_BEFORE_PREVIOUS: {
    status: 422,
    de: 'Das Einzugsdatum liegt vor dem Einzug in die bisherige Wohnung ({date}). Bitte prüfen Sie das Datum.',
    en: 'The move-in date is before the move into the previous dwelling ({date}). Please check the date.',
  },
  REGISTER_MOVE_IN_DATE_IN_FUTURE: {
    status: 422,
    de: 'Eine Anmeldung ist erst ab dem Tag des Einzugs möglich (§ 17 Abs. 1 BMG). Bitte melden Sie die Person nach dem Einzug an.',
    en: 'A registration is possible from the day of moving in (§ 17 (1) BMG). Please register the person after the move.',
  },
  REGISTER_LANDLORD_CONFIRMATION_MISSING: {
    status: 422,
    de: 'Ohne Wohnungsgeberbestätigung ist keine Anmeldung möglich (§ 19 BMG). Bitte legen Sie die Bestätigung vor oder geben Sie an, dass der Wohnungsgeber sie verweigert.',
    en: 'A registration needs the landlord confirmation (§ 19 BMG). Present it, or state that the landlord refuses it.',
  },
  REGISTER_MOVE_OUT_BEFORE_MOVE_IN: {
    status: 422,
    de: 'Das Auszugsdatum liegt vor dem Einzug in die Wohnung ({date}). Bitte prüfen Sie das Datum.',
    en: 'The move-out date is before the move into the dwelling ({date}). Please check the date.',
  },
  REGISTER_MOVE_OUT_TOO_EARLY: {
    status: 422,
    de: 'Eine Abmeldung ist frühestens eine Woche vor dem Auszug möglich (§ 17 Abs. 2 BMG).',
    en: 'Deregistration is possible at the earliest one week before moving out (§ 17 (2) BMG).',
  },
  REGISTER_DESTINATION_NOT_ABROAD: {
    status: 422,
    de: 'Bei einem Umzug innerhalb Deutschlands ist keine Abmeldung nötig: die Person meldet sich am neuen Wohnort an.',
    en: 'Moving within Germany needs no deregistration: the person registers at the new place.',
  },
  REGISTER_NO_SECONDARY_RESIDENCE: {
    status: 409,
    de: 'Die Person hat keine Nebenwohnung im Zuständigkeitsbereich, die aufgegeben werden könnte.',
    en: 'The person has no secondary residence in the area that could be given up.',
  },
  REGISTER_NOT_IN_HOUSEHOLD: {
    status: 422,
    de: 'Mitziehende Personen müssen zum Haushalt der antragstellenden Person gehören.',
    en: 'Persons moving along must belong to the applicant\u2019s household.',
  },
  REGISTER_DISCLOSURE_REFUSED: {
    status: 403,
    de: 'Eine Auskunft oder Bescheinigung an Dritte kann zu dieser Person nicht erteilt werden.',
    en: 'No information or certificate about this person can be given to third parties.',
  },
  REGISTER_VERSION_CONFLICT: {
    status: 409,
    de: 'Der Registereintrag wurde inzwischen geändert (Stand {current}, bearbeitet wurde Stand {base}). Bitte laden Sie ihn neu.',
    en: 'The register entry has changed in the meantime (version {current}, you edited version {base}). Please reload it.',
  },
} satisfies ErrorDefinitions;
