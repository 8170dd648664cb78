import { defineMessages } from '../ui/i18n';

export const portalMessages = defineMessages({
  de: {
    navHome: 'Start',
    navServices: 'Leistungen',
    navOfficeDays: 'Sprechtage',
    navBook: 'Termin buchen',
    navStatus: 'Antragsstatus',
  },
  en: {
    navHome: 'Home',
    navServices: 'Services',
    navOfficeDays: 'Office days',
    navBook: 'Book an appointment',
    navStatus: 'Application status',
  },
});
