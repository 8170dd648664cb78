import { defineMessages } from '../ui/i18n';

export const portalMessages = defineMessages({
  de: {
    navHome: 'Start',
    navServices: 'Leistungen',
    navOfficeDays: 'Sprechtage',
    navBook: 'Termin buchen',
    navStatus: 'Antragsstatus',
    suspendedRegion: 'Hinweise zu Behörden',
    suspendedTitle: '{name}: Angebot vorübergehend eingeschränkt',
    suspendedNoNote: 'Bitte wenden Sie sich direkt an die Verwaltung.',
  },
  en: {
    navHome: 'Home',
    navServices: 'Services',
    navOfficeDays: 'Office days',
    navBook: 'Book an appointment',
    navStatus: 'Application status',
    suspendedRegion: 'Notices about authorities',
    suspendedTitle: '{name}: service temporarily restricted',
    suspendedNoNote: 'Please contact the administration directly.',
  },
});
