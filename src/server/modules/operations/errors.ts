import type { ErrorDefinitions } from '../../http/error-types';

/** Error codes of the operator's work (#12): onboarding, the directory, suspension, offboarding. */
export const operationsErrors = {
  DIRECTORY_FILE_INVALID: {
    status: 422,
    de: 'Die Datei ist kein lesbares Gemeindeverzeichnis im Format GV100AD. Die fehlerhaften Zeilen sind aufgeführt; es wurde nichts übernommen.',
    en: 'The file is not a readable municipality directory in GV100AD format. The faulty lines are listed; nothing was loaded.',
  },
  DIRECTORY_EMPTY: {
    status: 409,
    de: 'Das Gemeindeverzeichnis ist noch nicht geladen. Laden Sie zuerst die GV100AD-Datei des Statistischen Bundesamts.',
    en: 'The municipality directory has not been loaded yet. Load the Federal Statistical Office’s GV100AD file first.',
  },
  MUNICIPALITY_TAKEN: {
    status: 409,
    de: 'Die Gemeinde mit dem Schlüssel {ags} gehört schon zu einer anderen Behörde dieser Installation.',
    en: 'The municipality with key {ags} already belongs to another authority of this installation.',
  },
  AUTHORITY_SLUG_TAKEN: {
    status: 409,
    de: 'Diese Portal-Adresse oder dieser Hostname ist schon vergeben.',
    en: 'This portal address or host name is already taken.',
  },
  BRANDING_CONTRAST: {
    status: 400,
    de: 'Die Farbe {colour} hat auf Weiß nur ein Kontrastverhältnis von {ratio}:1. Für Barrierefreiheit (WCAG AA) sind mindestens 4,5:1 nötig — wählen Sie eine dunklere Farbe.',
    en: 'The colour {colour} has a contrast ratio of only {ratio}:1 on white. Accessibility (WCAG AA) needs at least 4.5:1 — choose a darker colour.',
  },
  IMPORT_INVALID: {
    status: 422,
    de: 'Die Importdatei enthält Fehler. Alle Fehler sind mit Zeile und Feld aufgeführt; es wurde nichts übernommen.',
    en: 'The import file contains errors. Every error is listed with its line and field; nothing was imported.',
  },
  AUTHORITY_STATUS_UNCHANGED: {
    status: 409,
    de: 'Die Behörde ist bereits in diesem Zustand.',
    en: 'The authority is already in this state.',
  },
  OFFBOARDING_CONFIRMATION_WRONG: {
    status: 400,
    de: 'Zur Bestätigung bitte die Portal-Adresse der Behörde genau eintippen.',
    en: 'To confirm, type the authority’s portal address exactly.',
  },
  OFFBOARDING_NOT_SUSPENDED: {
    status: 409,
    de: 'Eine Behörde kann erst gelöscht werden, wenn sie gesperrt ist und ihre Daten exportiert wurden.',
    en: 'An authority can only be deleted once it is suspended and its data has been exported.',
  },
  OFFBOARDING_LAST_AUTHORITY: {
    status: 409,
    de: 'Die letzte Behörde einer Installation kann nicht gelöscht werden.',
    en: 'The last authority of an installation cannot be deleted.',
  },
} satisfies ErrorDefinitions;
