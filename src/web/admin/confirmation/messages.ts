import { defineMessages } from '../../ui/i18n';

/** /admin/terminbestaetigung (#14): the authority's "Kommen Sie?" rule. */
export const confirmationRuleMessages = defineMessages({
  de: {
    title: 'Terminbestätigung („Kommen Sie?“)',
    lead: 'Bürgerinnen und Bürger werden vor ihrem Termin gefragt, ob sie kommen – per E-Mail und, wenn sie eine Telefonnummer angegeben haben, per SMS. Ohne Antwort bis zur Frist wird der Termin freigegeben und die Warteliste des Sprechtags benachrichtigt.',
    stateOn:
      'Eingeschaltet: Anfrage {request} Stunden vor dem Termin, Freigabe ohne Antwort {deadline} Stunden vorher.',
    stateOff: 'Ausgeschaltet: Es werden keine Anfragen verschickt und keine Termine freigegeben.',
    stateNote: 'Nur die Administration kann diese Regel ändern.',
    enabledLegend: 'Anfrage vor dem Termin',
    enabledLabel: 'Vor jedem Termin fragen, ob die Person kommt',
    requestLabel: 'Anfrage wie viele Stunden vor dem Termin',
    requestHint: 'Zwischen 2 und 336 Stunden (Vorgabe 48).',
    deadlineLabel: 'Freigabe ohne Antwort wie viele Stunden vor dem Termin',
    deadlineHint: 'Weniger Stunden als die Anfrage (Vorgabe 24).',
    hoursInvalid: 'Geben Sie eine ganze Zahl von Stunden im erlaubten Bereich ein.',
    save: 'Regel speichern',
    saved: 'Die Regel ist gespeichert.',
    genericError: 'Das hat nicht geklappt. Bitte versuchen Sie es noch einmal.',
  },
  en: {
    title: 'Appointment confirmation (“Are you coming?”)',
    lead: 'Citizens are asked before their appointment whether they are coming – by e-mail and, where they gave a phone number, by text message. Without an answer by the deadline the appointment is released and the office day’s waiting list is told.',
    stateOn:
      'On: request {request} hours before the appointment, released without an answer {deadline} hours before.',
    stateOff: 'Off: no requests are sent and no appointments are released.',
    stateNote: 'Only administrators can change this rule.',
    enabledLegend: 'Request before the appointment',
    enabledLabel: 'Ask before every appointment whether the person is coming',
    requestLabel: 'Request how many hours before the appointment',
    requestHint: 'Between 2 and 336 hours (default 48).',
    deadlineLabel: 'Release without an answer how many hours before the appointment',
    deadlineHint: 'Fewer hours than the request (default 24).',
    hoursInvalid: 'Enter a whole number of hours in the allowed range.',
    save: 'Save rule',
    saved: 'The rule has been saved.',
    genericError: 'That did not work. Please try again.',
  },
});
