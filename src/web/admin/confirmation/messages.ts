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
    limitLabel: 'Online-Buchung sperren nach wie vielen nicht wahrgenommenen Terminen',
    limitHint:
      '0 bis 20; 0 heißt: keine Sperre (Vorgabe 3). Am Telefon und am Schalter kann weiter gebucht werden.',
    monthsLabel: 'Gezählt in den letzten wie vielen Monaten',
    monthsHint: '1 bis 24 (Vorgabe 6). Ältere Zähler werden gelöscht.',
    limitInvalid: 'Geben Sie eine ganze Zahl von 0 bis 20 ein.',
    monthsInvalid: 'Geben Sie eine ganze Zahl von 1 bis 24 ein.',
    noShowOn:
      'Nach {limit} nicht wahrgenommenen Terminen in {months} Monaten ist keine Online-Buchung möglich.',
    noShowOff: 'Nicht wahrgenommene Termine sperren keine Online-Buchung.',
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
    limitLabel: 'Block online booking after how many missed appointments',
    limitHint: '0 to 20; 0 means no block (default 3). Booking by phone and at the desk stays possible.',
    monthsLabel: 'Counted over the last how many months',
    monthsHint: '1 to 24 (default 6). Older counts are deleted.',
    limitInvalid: 'Enter a whole number from 0 to 20.',
    monthsInvalid: 'Enter a whole number from 1 to 24.',
    noShowOn: 'After {limit} missed appointments within {months} months online booking is not possible.',
    noShowOff: 'Missed appointments do not block online booking.',
    save: 'Save rule',
    saved: 'The rule has been saved.',
    genericError: 'That did not work. Please try again.',
  },
});
