import { defineMessages } from '../ui/i18n';

export const kioskMessages = defineMessages({
  de: {
    title: 'Bürgerterminal',
    lead: 'Was möchten Sie tun? Tippen Sie auf eine Schaltfläche.',
    services: 'Leistung suchen – was brauche ich?',
    officeDays: 'Wann kommt das Bürgerbüro in mein Dorf?',
    book: 'Termin buchen',
    status: 'Stand meines Antrags',
    help: 'Brauchen Sie Hilfe? Rufen Sie die 115 an oder das Bürgerbüro Meerane: 03764 54-0.',
    finish: 'Fertig – alles löschen',
    finishHint:
      'Wenn Sie fertig sind, tippen Sie oben auf „Fertig“. Dann löschen wir alles, was Sie eingegeben haben.',
    countdownTitle: 'Sind Sie noch da?',
    countdownText:
      'Zum Schutz Ihrer Daten löschen wir Ihre Eingaben in {seconds} Sekunden. Tippen Sie auf „Weiter“, um weiterzumachen.',
    keepGoing: 'Weiter',
    finishNow: 'Fertig – jetzt löschen',
    accessibility: 'Barrierefreiheit',
    privacy: 'Datenschutz',
    imprint: 'Impressum',
    footerNav: 'Informationen zum Bürgerterminal',
  },
  en: {
    title: 'Citizens\u2019 terminal',
    lead: 'What would you like to do? Tap a button.',
    services: 'Find a service – what do I need?',
    officeDays: 'When is the office coming to my village?',
    book: 'Book an appointment',
    status: 'Status of my application',
    help: 'Need help? Call 115 or the Meerane citizens\u2019 office: 03764 54-0.',
    finish: 'Done – delete everything',
    finishHint: 'When you are done, tap \u201cDone\u201d at the top. Everything you entered is then deleted.',
    countdownTitle: 'Are you still there?',
    countdownText:
      'To protect your data, what you entered will be deleted in {seconds} seconds. Tap \u201cContinue\u201d to carry on.',
    keepGoing: 'Continue',
    finishNow: 'Done – delete now',
    accessibility: 'Accessibility',
    privacy: 'Privacy',
    imprint: 'Imprint',
    footerNav: 'About the citizens\u2019 terminal',
  },
});
