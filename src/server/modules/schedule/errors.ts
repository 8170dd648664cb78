import type { ErrorDefinitions } from '../../http/error-types';

/** Error codes of the schedule module; src/server/http/errors.ts merges them into the one registry. */
export const scheduleErrors = {
  OFFICE_DAY_NOT_FOUND: {
    status: 404,
    de: 'Diesen Sprechtag gibt es nicht.',
    en: 'This office day does not exist.',
  },
  OFFICE_DAY_IN_PAST: {
    status: 422,
    de: 'Dieser Tag liegt in der Vergangenheit. Bitte wählen Sie ein Datum ab heute.',
    en: 'This date is in the past. Please choose a date from today onwards.',
  },
  OFFICE_DAY_WINDOW_INVALID: {
    status: 422,
    de: 'Die Sprechzeit muss nach ihrem Beginn enden und Platz für mindestens einen Termin lassen.',
    en: 'The opening hours must end after they start and leave room for at least one appointment.',
  },
  OFFICE_DAY_ON_HOLIDAY: {
    status: 422,
    de: 'Der {date} ist in Sachsen ein Feiertag ({holiday}). An Feiertagen gibt es keine Sprechtage.',
    en: '{date} is a public holiday in Saxony ({holiday}). There are no office days on public holidays.',
  },
  OFFICE_DAY_CONFLICT: {
    status: 409,
    de: 'Der Koffer ist am {date} schon verplant (einschließlich Auf- und Abbau und Fahrtzeit). Bitte wählen Sie eine andere Zeit oder einen anderen Koffer.',
    en: 'The kit is already planned on {date} (including setup, teardown and travel). Please choose another time or another kit.',
  },
  OFFICE_DAY_DUPLICATE: {
    status: 409,
    de: 'Dieser Sprechtag ist schon geplant: {location}, {date}, {from}–{to} Uhr. Derselbe Tag kann nicht zweimal geplant werden.',
    en: 'This office day is already planned: {location}, {date}, {from}–{to}. The same day cannot be planned twice.',
  },
  OFFICE_DAY_CLASH: {
    status: 409,
    de: 'Am {date} ist in {location} schon ein Sprechtag von {from} bis {to} Uhr geplant, der sich mit diesem überschneidet (Überschneidungen insgesamt: {count}). Wählen Sie eine andere Zeit – oder bestätigen Sie ausdrücklich, dass Sie trotzdem planen wollen.',
    en: 'On {date} an office day from {from} to {to} is already planned at {location} and overlaps with this one (overlaps in all: {count}). Choose another time – or confirm explicitly that you want to plan it anyway.',
  },
  OFFICE_DAY_CANCELLED: {
    status: 409,
    de: 'Dieser Sprechtag wurde abgesagt. Bitte wählen Sie einen anderen Tag.',
    en: 'This office day has been cancelled. Please choose another day.',
  },
  OFFICE_DAY_NO_DATES: {
    status: 422,
    de: 'Nach dieser Regel bleibt kein Termin übrig (Feiertage und Ausnahmen sind ausgenommen).',
    en: 'No date is left under this rule (public holidays and exceptions are left out).',
  },
  RECURRENCE_INVALID: {
    status: 400,
    de: 'Die Wiederholungsregel ist ungültig. Erlaubt sind tägliche, wöchentliche und monatliche Regeln.',
    en: 'The recurrence rule is not valid. Daily, weekly and monthly rules are allowed.',
  },
  RECURRENCE_TOO_LONG: {
    status: 422,
    de: 'Eine Serie darf höchstens {days} Tage umfassen und höchstens {max} Sprechtage ergeben.',
    en: 'A series may span at most {days} days and produce at most {max} office days.',
  },
  LOCATION_UNKNOWN: {
    status: 422,
    de: 'Diesen Standort gibt es nicht oder er ist nicht aktiv.',
    en: 'This location does not exist or is not active.',
  },
  VILLAGE_UNKNOWN: {
    status: 422,
    de: 'Diesen Ort kennen wir nicht. Bitte wählen Sie einen Ort aus der Liste.',
    en: 'We do not know this place. Please choose one from the list.',
  },
  HOME_VISIT_NOT_FOUND: {
    status: 404,
    de: 'Diese Anfrage für einen Hausbesuch gibt es nicht.',
    en: 'This home visit request does not exist.',
  },
  HOME_VISIT_STATE: {
    status: 409,
    de: 'Dieser Hausbesuch ist bereits {status} und kann so nicht mehr geändert werden.',
    en: 'This home visit is already {status} and cannot be changed like this.',
  },
} satisfies ErrorDefinitions;
