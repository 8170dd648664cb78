import type { ErrorDefinitions } from '../../http/error-types';

/** Error codes of the tour planner (#14); src/server/http/errors.ts merges them into the registry. */
export const toursErrors = {
  TOUR_PLAN_NOT_FOUND: {
    status: 404,
    de: 'Diesen Tourenvorschlag gibt es nicht oder nicht mehr.',
    en: 'This tour proposal does not exist or no longer exists.',
  },
  TOUR_PLAN_CHANGED: {
    status: 409,
    de: 'Der Vorschlag wurde inzwischen geändert. Laden Sie die Seite neu und prüfen Sie ihn noch einmal.',
    en: 'The proposal was changed in the meantime. Reload the page and check it again.',
  },
  TOUR_PLAN_ACCEPTED: {
    status: 409,
    de: 'Dieser Vorschlag ist schon angenommen; die Sprechtage sind geplant. Ändern Sie sie unter Sprechtage.',
    en: 'This proposal has already been accepted; the office days are planned. Change them under Office days.',
  },
  TOUR_TOO_LONG: {
    status: 422,
    de: 'Die Tour am {date} dauert mit Fahrzeit {minutes} Minuten und passt nicht in die Arbeitszeit des Koffers ({limit} Minuten). Nehmen Sie einen Ort heraus oder verkürzen Sie die Sprechzeit.',
    en: 'The tour on {date} takes {minutes} minutes including travel and does not fit into the kit\u2019s hours ({limit} minutes). Take out a village or shorten the office hours.',
  },
  TOUR_VILLAGE_UNKNOWN: {
    status: 422,
    de: 'Dieser Ort kann nicht eingeplant werden: Er gehört nicht zu Ihrer Behörde, hat keine Koordinaten oder keinen Raum für den Sprechtag.',
    en: 'This village cannot be planned: it does not belong to your authority, has no coordinates or no room for the office day.',
  },
  TOUR_VILLAGE_TWICE: {
    status: 422,
    de: 'Ein Ort steht zweimal im Vorschlag. Jeder Ort wird im Zeitraum einmal angefahren.',
    en: 'A village appears twice in the proposal. Each village is visited once in the period.',
  },
  TOUR_KIT_TWICE: {
    status: 422,
    de: 'Ein Koffer ist am {date} zweimal eingeplant. Legen Sie die Orte in eine Tour oder wählen Sie einen anderen Tag.',
    en: 'A kit is planned twice on {date}. Put the villages into one tour or choose another day.',
  },
  TOUR_DAY_NOT_WORKDAY: {
    status: 422,
    de: 'Der {date} ist kein Arbeitstag (Wochenende, Feiertag in Sachsen) oder liegt außerhalb des Zeitraums.',
    en: '{date} is not a working day (weekend, public holiday in Saxony) or lies outside the period.',
  },
  TOUR_KIT_UNKNOWN: {
    status: 422,
    de: 'Diesen Koffer gibt es nicht oder er ist gesperrt.',
    en: 'This kit does not exist or has been revoked.',
  },
  TOUR_ROUTING_UNAVAILABLE: {
    status: 503,
    de: 'Der Routendienst für Fahrzeiten antwortet nicht. Versuchen Sie es später noch einmal.',
    en: 'The routing service for travel times does not answer. Try again later.',
  },
} satisfies ErrorDefinitions;
