import { defineMessages } from '../../ui/i18n';

/** "Kommen Sie? Ja / Absagen" (#14): the page behind the link in the request. */
export const attendanceMessages = defineMessages({
  de: {
    title: 'Kommen Sie zu Ihrem Termin?',
    intro:
      'Bitte sagen Sie uns, ob Sie kommen. Ohne Antwort bis {deadline} geben wir die Zeit für Wartende frei.',
    when: 'Wann',
    whenValue: '{date}, {from} bis {to} Uhr',
    where: 'Wo',
    what: 'Anliegen',
    bookingNumber: 'Buchungsnummer',
    yes: 'Ja, ich komme',
    no: 'Absagen',
    confirmedTitle: 'Danke, Ihr Termin ist bestätigt',
    confirmedText:
      'Wir erwarten Sie. Bitte bringen Sie Ihren Ausweis und die Unterlagen für Ihr Anliegen mit.',
    changeMind: 'Sie können doch nicht? Dann sagen Sie bitte ab, damit jemand anderes die Zeit bekommt.',
    cancelledTitle: 'Ihr Termin ist abgesagt',
    cancelledText: 'Danke für Ihre Absage. Die Zeit ist jetzt frei für Menschen auf der Warteliste.',
    releasedTitle: 'Ihr Termin wurde freigegeben',
    releasedText: 'Sie haben nicht rechtzeitig geantwortet. Die Zeit wurde für Wartende freigegeben.',
    overTitle: 'Dieser Termin ist vorbei',
    overText: 'Dieser Termin kann nicht mehr bestätigt oder abgesagt werden.',
    rebook: 'Neuen Termin buchen',
    notFoundTitle: 'Termin nicht gefunden',
    notFoundText:
      'Dieser Link passt zu keinem Termin. Bitte nutzen Sie den vollständigen Link aus unserer Nachricht oder rufen Sie uns an: 03764 54-0.',
  },
  en: {
    title: 'Are you coming to your appointment?',
    intro:
      'Please tell us whether you are coming. Without an answer by {deadline} the time is given to people on the waiting list.',
    when: 'When',
    whenValue: '{date}, {from} to {to}',
    where: 'Where',
    what: 'Services',
    bookingNumber: 'Booking number',
    yes: 'Yes, I am coming',
    no: 'Cancel',
    confirmedTitle: 'Thank you, your appointment is confirmed',
    confirmedText:
      'We look forward to seeing you. Please bring your ID card or passport and the documents for your request.',
    changeMind: 'You cannot come after all? Please cancel so that someone else can have the time.',
    cancelledTitle: 'Your appointment is cancelled',
    cancelledText: 'Thank you for letting us know. The time is now free for people on the waiting list.',
    releasedTitle: 'Your appointment was released',
    releasedText: 'You did not answer in time, so the time was given to people on the waiting list.',
    overTitle: 'This appointment is over',
    overText: 'This appointment can no longer be confirmed or cancelled.',
    rebook: 'Book a new appointment',
    notFoundTitle: 'Appointment not found',
    notFoundText:
      'This link does not match any appointment. Please use the complete link from our message or call us: +49 3764 54-0.',
  },
});
