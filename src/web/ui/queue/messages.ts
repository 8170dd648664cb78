import { defineMessages } from '../i18n';

/** The current waiting times on the portal and the terminal (#14). */
export const waitingMessages = defineMessages({
  de: {
    title: 'Aktuelle Wartezeit',
    intro: 'Geschätzt aus den Bearbeitungszeiten von heute. Stand: {time} Uhr.',
    none: 'Heute hat kein Standort eine Warteschlange.',
    line: '{place}: {waiting} wartend, etwa {minutes} Minuten',
    lineOne: '{place}: 1 Person wartend, etwa {minutes} Minuten',
    lineEmpty: '{place}: niemand wartet',
  },
  en: {
    title: 'Current waiting time',
    intro: 'Estimated from today’s service times. As of {time}.',
    none: 'No location has a queue today.',
    line: '{place}: {waiting} waiting, about {minutes} minutes',
    lineOne: '{place}: 1 person waiting, about {minutes} minutes',
    lineEmpty: '{place}: nobody waiting',
  },
});
