import { defineMessages } from '../ui/i18n';

export const kitMessages = defineMessages({
  de: {
    title: 'Bürgerkoffer – Einsatz vor Ort',
    lead: 'Der Bürgerkoffer arbeitet auch ohne Netz. Diese Anwendung wird hier eingerichtet.',
  },
  en: {
    title: 'Bürgerkoffer – field kit',
    lead: 'The field kit works without a network. This application is set up here.',
  },
});
