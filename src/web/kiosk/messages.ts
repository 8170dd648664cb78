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
  },
  en: {
    title: 'Citizens\u2019 terminal',
    lead: 'What would you like to do? Tap a button.',
    services: 'Find a service – what do I need?',
    officeDays: 'When is the office coming to my village?',
    book: 'Book an appointment',
    status: 'Status of my application',
    help: 'Need help? Call 115 or the Meerane citizens\u2019 office: 03764 54-0.',
  },
});
