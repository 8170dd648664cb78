import type { Localized } from '../../../core/catalog/types';
import { formatDay, formatTime, formatTimeRange } from '../notify/format';
import { defineMailTemplate } from '../notify/templates';

/** Mails of the booking module, German and English (rendered by notify's queueMail). */

export interface AppointmentMailData {
  bookingNumber: string;
  name: string | null;
  startsAt: string;
  endsAt: string;
  locationName: string;
  address: string;
  services: Localized[];
  manageUrl: string;
  accessibilityNotes?: string | null;
}

const greeting = (locale: 'de' | 'en', name: string | null) =>
  locale === 'de' ? (name ? `Guten Tag ${name},` : 'Guten Tag,') : name ? `Dear ${name},` : 'Hello,';

function facts(d: AppointmentMailData, locale: 'de' | 'en'): [string, string][] {
  const de = locale === 'de';
  return [
    [de ? 'Buchungsnummer' : 'Booking number', d.bookingNumber],
    [de ? 'Tag' : 'Day', formatDay(locale, d.startsAt)],
    [de ? 'Uhrzeit' : 'Time', formatTimeRange(locale, d.startsAt, d.endsAt)],
    [de ? 'Ort' : 'Place', `${d.locationName}, ${d.address}`],
    [de ? 'Anliegen' : 'Services', d.services.map((s) => s[locale]).join(', ')],
  ];
}

export const CONFIRMATION = defineMailTemplate<AppointmentMailData>('booking.confirmation', (d, locale) =>
  locale === 'de'
    ? {
        subject: `Ihr Termin am ${formatDay('de', d.startsAt)} (${d.bookingNumber})`,
        greeting: greeting('de', d.name),
        paragraphs: [
          'vielen Dank für Ihre Buchung beim mobilen Bürgerbüro. Ihr Termin ist fest gebucht.',
          'Bitte bringen Sie Ihren Ausweis und die Unterlagen für Ihr Anliegen mit. Den Termin für Ihren Kalender finden Sie im Anhang.',
        ],
        facts: facts(d, 'de'),
        action: { label: 'Termin ansehen, ändern oder absagen', url: d.manageUrl },
        after: [
          'Wenn Sie nicht kommen können, sagen Sie den Termin bitte über diesen Link ab – dann kann ihn jemand anderes nutzen. Geben Sie den Link nicht weiter.',
          ...(d.accessibilityNotes ? [`Hinweis zum Ort: ${d.accessibilityNotes}`] : []),
        ],
      }
    : {
        subject: `Your appointment on ${formatDay('en', d.startsAt)} (${d.bookingNumber})`,
        greeting: greeting('en', d.name),
        paragraphs: [
          'thank you for booking with the mobile citizens\u2019 office. Your appointment is confirmed.',
          'Please bring your ID card or passport and the documents for your request. The appointment for your calendar is attached.',
        ],
        facts: facts(d, 'en'),
        action: { label: 'View, change or cancel the appointment', url: d.manageUrl },
        after: [
          'If you cannot come, please cancel the appointment with this link so that someone else can use it. Do not pass the link on.',
          ...(d.accessibilityNotes ? [`About the place: ${d.accessibilityNotes}`] : []),
        ],
      },
);

export const RESCHEDULED = defineMailTemplate<AppointmentMailData>('booking.rescheduled', (d, locale) =>
  locale === 'de'
    ? {
        subject: `Ihr Termin wurde geändert: ${formatDay('de', d.startsAt)} (${d.bookingNumber})`,
        greeting: greeting('de', d.name),
        paragraphs: ['Ihr Termin wurde wie gewünscht geändert. Das gilt jetzt:'],
        facts: facts(d, 'de'),
        action: { label: 'Termin ansehen, ändern oder absagen', url: d.manageUrl },
        after: ['Den geänderten Termin für Ihren Kalender finden Sie im Anhang.'],
      }
    : {
        subject: `Your appointment has been changed: ${formatDay('en', d.startsAt)} (${d.bookingNumber})`,
        greeting: greeting('en', d.name),
        paragraphs: ['Your appointment has been changed as you asked. This is the new appointment:'],
        facts: facts(d, 'en'),
        action: { label: 'View, change or cancel the appointment', url: d.manageUrl },
        after: ['The changed appointment for your calendar is attached.'],
      },
);

export const REMINDER = defineMailTemplate<AppointmentMailData>('booking.reminder', (d, locale) =>
  locale === 'de'
    ? {
        subject: `Erinnerung: Ihr Termin am ${formatDay('de', d.startsAt)} um ${formatTime('de', d.startsAt)}`,
        greeting: greeting('de', d.name),
        paragraphs: ['wir erinnern Sie an Ihren Termin beim mobilen Bürgerbüro.'],
        facts: facts(d, 'de'),
        action: { label: 'Termin ansehen, ändern oder absagen', url: d.manageUrl },
        after: ['Bitte bringen Sie Ihren Ausweis und die Unterlagen für Ihr Anliegen mit.'],
      }
    : {
        subject: `Reminder: your appointment on ${formatDay('en', d.startsAt)} at ${formatTime('en', d.startsAt)}`,
        greeting: greeting('en', d.name),
        paragraphs: ['this is a reminder of your appointment with the mobile citizens\u2019 office.'],
        facts: facts(d, 'en'),
        action: { label: 'View, change or cancel the appointment', url: d.manageUrl },
        after: ['Please bring your ID card or passport and the documents for your request.'],
      },
);

export interface CancelledMailData {
  bookingNumber: string;
  name: string | null;
  startsAt: string;
  locationName: string;
  rebookUrl: string;
}

export const CANCELLED = defineMailTemplate<CancelledMailData>('booking.cancelled', (d, locale) =>
  locale === 'de'
    ? {
        subject: `Ihr Termin am ${formatDay('de', d.startsAt)} ist abgesagt (${d.bookingNumber})`,
        greeting: greeting('de', d.name),
        paragraphs: [
          `Ihr Termin am ${formatDay('de', d.startsAt)} um ${formatTime('de', d.startsAt)} (${d.locationName}) ist abgesagt. Die Zeit ist wieder frei für andere.`,
        ],
        action: { label: 'Neuen Termin buchen', url: d.rebookUrl },
      }
    : {
        subject: `Your appointment on ${formatDay('en', d.startsAt)} is cancelled (${d.bookingNumber})`,
        greeting: greeting('en', d.name),
        paragraphs: [
          `Your appointment on ${formatDay('en', d.startsAt)} at ${formatTime('en', d.startsAt)} (${d.locationName}) is cancelled. The time is free for others again.`,
        ],
        action: { label: 'Book a new appointment', url: d.rebookUrl },
      },
);

export interface OfficeDayChangedMailData {
  bookingNumber: string;
  name: string | null;
  startsAt: string;
  locationName: string;
  /** Present when the office day moved (absent when it was cancelled). */
  newDay?: { date: string; startsAt: string; endsAt: string } | null;
  rebookUrl: string;
}

export const OFFICE_DAY_CHANGED = defineMailTemplate<OfficeDayChangedMailData>(
  'booking.office-day-changed',
  (d, locale) => {
    const de = locale === 'de';
    const when = `${formatDay(locale, d.startsAt)}, ${formatTime(locale, d.startsAt)}`;
    const moved = d.newDay
      ? de
        ? `Der Sprechtag findet stattdessen am ${formatDay('de', d.newDay.date)} von ${formatTimeRange('de', d.newDay.startsAt, d.newDay.endsAt)} statt.`
        : `The office day takes place on ${formatDay('en', d.newDay.date)}, ${formatTimeRange('en', d.newDay.startsAt, d.newDay.endsAt)} instead.`
      : de
        ? 'Der Sprechtag fällt aus.'
        : 'The office day is cancelled.';
    return de
      ? {
          subject: `Wichtig: Ihr Termin am ${formatDay('de', d.startsAt)} kann nicht stattfinden (${d.bookingNumber})`,
          greeting: greeting('de', d.name),
          paragraphs: [
            `leider müssen wir Ihren Termin (${when}, ${d.locationName}) absagen. ${moved}`,
            'Wir bitten um Entschuldigung. Bitte buchen Sie über den folgenden Link einen neuen Termin – Ihre Anliegen sind schon ausgewählt.',
          ],
          action: { label: 'Neuen Termin buchen', url: d.rebookUrl },
          after: ['Sie können auch ohne Termin zu einem Sprechtag kommen oder uns unter 03764 54-0 anrufen.'],
        }
      : {
          subject: `Important: your appointment on ${formatDay('en', d.startsAt)} cannot take place (${d.bookingNumber})`,
          greeting: greeting('en', d.name),
          paragraphs: [
            `unfortunately we have to cancel your appointment (${when}, ${d.locationName}). ${moved}`,
            'We apologise. Please book a new appointment with the following link – your services are already chosen.',
          ],
          action: { label: 'Book a new appointment', url: d.rebookUrl },
          after: ['You can also come to an office day without an appointment or call us on +49 3764 54-0.'],
        };
  },
);

export interface WaitlistMailData {
  date: string;
  startsAt: string;
  endsAt: string;
  locationName: string;
  bookUrl: string;
}

export const WAITLIST_FREE = defineMailTemplate<WaitlistMailData>(
  'booking.waitlist-slot-free',
  (d, locale) =>
    locale === 'de'
      ? {
          subject: `Ein Termin ist frei geworden: ${formatDay('de', d.date)}, ${d.locationName}`,
          greeting: 'Guten Tag,',
          paragraphs: [
            `am ${formatDay('de', d.date)} (${formatTimeRange('de', d.startsAt, d.endsAt)}, ${d.locationName}) ist gerade ein Termin frei geworden. Sie hatten darum gebeten, benachrichtigt zu werden.`,
            'Wer zuerst bucht, bekommt den Termin.',
          ],
          action: { label: 'Jetzt Termin buchen', url: d.bookUrl },
        }
      : {
          subject: `An appointment has become free: ${formatDay('en', d.date)}, ${d.locationName}`,
          greeting: 'Hello,',
          paragraphs: [
            `An appointment on ${formatDay('en', d.date)} (${formatTimeRange('en', d.startsAt, d.endsAt)}, ${d.locationName}) has just become free. You asked to be told.`,
            'Whoever books first gets the appointment.',
          ],
          action: { label: 'Book now', url: d.bookUrl },
        },
);

export interface DemandAnnouncedMailData {
  villageName: string;
  days: { date: string; startsAt: string; endsAt: string; locationName: string }[];
  scheduleUrl: string;
}

export const DEMAND_ANNOUNCED = defineMailTemplate<DemandAnnouncedMailData>(
  'booking.demand-announced',
  (d, locale) =>
    locale === 'de'
      ? {
          subject: `Das mobile Bürgerbüro kommt nach ${d.villageName}`,
          greeting: 'Guten Tag,',
          paragraphs: [
            `Sie hatten sich einen Sprechtag in ${d.villageName} gewünscht. Jetzt sind Termine geplant:`,
            ...d.days.map(
              (x) =>
                `${formatDay('de', x.date)}, ${formatTimeRange('de', x.startsAt, x.endsAt)} – ${x.locationName}`,
            ),
          ],
          action: { label: 'Sprechtage ansehen und Termin buchen', url: d.scheduleUrl },
        }
      : {
          subject: `The mobile citizens\u2019 office is coming to ${d.villageName}`,
          greeting: 'Hello,',
          paragraphs: [
            `You asked for an office day in ${d.villageName}. Dates are now planned:`,
            ...d.days.map(
              (x) =>
                `${formatDay('en', x.date)}, ${formatTimeRange('en', x.startsAt, x.endsAt)} – ${x.locationName}`,
            ),
          ],
          action: { label: 'See the office days and book', url: d.scheduleUrl },
        },
);

export interface ConfirmRequestMailData extends AppointmentMailData {
  /** The page with "Ja" and "Absagen" (single-purpose token). */
  answerUrl: string;
  /** When an unanswered appointment is released (ISO). */
  deadline: string;
}

/** "Kommen Sie?" (#14): the request to confirm or cancel, some hours before the appointment. */
export const CONFIRM_REQUEST = defineMailTemplate<ConfirmRequestMailData>(
  'booking.confirm-request',
  (d, locale) =>
    locale === 'de'
      ? {
          subject: `Kommen Sie? Ihr Termin am ${formatDay('de', d.startsAt)} um ${formatTime('de', d.startsAt)}`,
          greeting: greeting('de', d.name),
          paragraphs: [
            'kommen Sie zu Ihrem Termin beim mobilen Bürgerbüro? Bitte sagen Sie uns kurz Bescheid: Ja oder Absagen.',
            `Ohne Antwort bis ${formatDay('de', d.deadline)}, ${formatTime('de', d.deadline)} Uhr geben wir die Zeit für Wartende frei.`,
          ],
          facts: facts(d, 'de'),
          action: { label: 'Ja, ich komme – oder absagen', url: d.answerUrl },
        }
      : {
          subject: `Are you coming? Your appointment on ${formatDay('en', d.startsAt)} at ${formatTime('en', d.startsAt)}`,
          greeting: greeting('en', d.name),
          paragraphs: [
            'are you coming to your appointment with the mobile citizens\u2019 office? Please let us know: yes or cancel.',
            `Without an answer by ${formatDay('en', d.deadline)}, ${formatTime('en', d.deadline)} the time is given to people on the waiting list.`,
          ],
          facts: facts(d, 'en'),
          action: { label: 'Yes, I am coming – or cancel', url: d.answerUrl },
        },
);

/** The appointment was released because nobody answered the request by its deadline. */
export const RELEASED = defineMailTemplate<CancelledMailData>('booking.released', (d, locale) =>
  locale === 'de'
    ? {
        subject: `Ihr Termin am ${formatDay('de', d.startsAt)} wurde freigegeben (${d.bookingNumber})`,
        greeting: greeting('de', d.name),
        paragraphs: [
          `Sie haben Ihren Termin am ${formatDay('de', d.startsAt)} um ${formatTime('de', d.startsAt)} (${d.locationName}) nicht bestätigt. Wir haben die Zeit deshalb für Wartende freigegeben.`,
        ],
        action: { label: 'Neuen Termin buchen', url: d.rebookUrl },
      }
    : {
        subject: `Your appointment on ${formatDay('en', d.startsAt)} was released (${d.bookingNumber})`,
        greeting: greeting('en', d.name),
        paragraphs: [
          `You did not confirm your appointment on ${formatDay('en', d.startsAt)} at ${formatTime('en', d.startsAt)} (${d.locationName}), so the time was given to people on the waiting list.`,
        ],
        action: { label: 'Book a new appointment', url: d.rebookUrl },
      },
);

export interface WaitlistNewDaysMailData {
  villageName: string;
  days: { date: string; startsAt: string; endsAt: string; locationName: string }[];
  scheduleUrl: string;
}

/** Tour planner (#14): someone on a wait-list in the village hears of the office days just planned there. */
export const WAITLIST_NEW_DAYS = defineMailTemplate<WaitlistNewDaysMailData>(
  'booking.waitlist-new-days',
  (d, locale) =>
    locale === 'de'
      ? {
          subject: `Neue Sprechtage in ${d.villageName}`,
          greeting: 'Guten Tag,',
          paragraphs: [
            `Sie stehen auf der Warteliste für einen Sprechtag in ${d.villageName}. Es sind weitere Sprechtage geplant:`,
            ...d.days.map(
              (x) =>
                `${formatDay('de', x.date)}, ${formatTimeRange('de', x.startsAt, x.endsAt)} – ${x.locationName}`,
            ),
            'Ihr Platz auf der Warteliste bleibt bestehen.',
          ],
          action: { label: 'Sprechtage ansehen und Termin buchen', url: d.scheduleUrl },
        }
      : {
          subject: `New office days in ${d.villageName}`,
          greeting: 'Hello,',
          paragraphs: [
            `You are on the wait-list for an office day in ${d.villageName}. More office days are now planned:`,
            ...d.days.map(
              (x) =>
                `${formatDay('en', x.date)}, ${formatTimeRange('en', x.startsAt, x.endsAt)} – ${x.locationName}`,
            ),
            'You keep your place on the wait-list.',
          ],
          action: { label: 'See the office days and book', url: d.scheduleUrl },
        },
);
