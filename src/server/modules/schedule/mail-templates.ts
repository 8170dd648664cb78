import type { Localized } from '../../../core/catalog/types';
import { formatDay, formatTimeRange } from '../notify/format';
import { defineMailTemplate } from '../notify/templates';

/** Mails about home visits, German and English. */

export const HOME_VISIT_RECEIVED = defineMailTemplate<{
  reference: string;
  personName: string;
  services: Localized[];
}>('schedule.home-visit-received', (d, locale) =>
  locale === 'de'
    ? {
        subject: `Ihre Anfrage für einen Hausbesuch (${d.reference})`,
        greeting: 'Guten Tag,',
        paragraphs: [
          `wir haben die Anfrage für einen Hausbesuch bei ${d.personName} erhalten (${d.services.map((s) => s.de).join(', ')}).`,
          'Wir melden uns mit einem Zeitfenster, sobald der Besuch eingeplant ist. Bitte halten Sie die Vorgangsnummer bereit, wenn Sie uns anrufen.',
        ],
        facts: [['Vorgangsnummer', d.reference]],
      }
    : {
        subject: `Your request for a home visit (${d.reference})`,
        greeting: 'Hello,',
        paragraphs: [
          `we have received the request for a home visit to ${d.personName} (${d.services.map((s) => s.en).join(', ')}).`,
          'We will get back to you with a time window once the visit is planned. Please have the reference ready when you call us.',
        ],
        facts: [['Reference', d.reference]],
      },
);

export const HOME_VISIT_SCHEDULED = defineMailTemplate<{
  reference: string;
  personName: string;
  date: string;
  windowStart: string;
  windowEnd: string;
  address: string;
  services: Localized[];
  rescheduled: boolean;
}>('schedule.home-visit-scheduled', (d, locale) =>
  locale === 'de'
    ? {
        subject: `${d.rescheduled ? 'Neue Zeit für den Hausbesuch' : 'Hausbesuch eingeplant'}: ${formatDay('de', d.date)} (${d.reference})`,
        greeting: 'Guten Tag,',
        paragraphs: [`das mobile Bürgerbüro kommt zu ${d.personName}. Wir kommen in diesem Zeitfenster:`],
        facts: [
          ['Tag', formatDay('de', d.date)],
          ['Zeitfenster', formatTimeRange('de', d.windowStart, d.windowEnd)],
          ['Adresse', d.address],
          ['Anliegen', d.services.map((s) => s.de).join(', ')],
          ['Vorgangsnummer', d.reference],
        ],
        after: [
          'Bitte legen Sie den Ausweis und die Unterlagen bereit. Wenn der Termin nicht passt, rufen Sie uns bitte unter 03764 54-0 an.',
        ],
      }
    : {
        subject: `${d.rescheduled ? 'New time for the home visit' : 'Home visit planned'}: ${formatDay('en', d.date)} (${d.reference})`,
        greeting: 'Hello,',
        paragraphs: [
          `the mobile citizens\u2019 office is coming to ${d.personName}. We will come within this window:`,
        ],
        facts: [
          ['Day', formatDay('en', d.date)],
          ['Time window', formatTimeRange('en', d.windowStart, d.windowEnd)],
          ['Address', d.address],
          ['Services', d.services.map((s) => s.en).join(', ')],
          ['Reference', d.reference],
        ],
        after: [
          'Please have the ID card and documents ready. If the time does not suit you, please call us on +49 3764 54-0.',
        ],
      },
);

export const HOME_VISIT_UPDATE = defineMailTemplate<{
  reference: string;
  personName: string;
  status: 'declined' | 'cancelled';
  note: string | null;
}>('schedule.home-visit-update', (d, locale) =>
  locale === 'de'
    ? {
        subject: `Ihr Hausbesuch (${d.reference}): ${d.status === 'declined' ? 'nicht möglich' : 'abgesagt'}`,
        greeting: 'Guten Tag,',
        paragraphs: [
          d.status === 'declined'
            ? `leider können wir den Hausbesuch bei ${d.personName} nicht anbieten.`
            : `der Hausbesuch bei ${d.personName} ist abgesagt.`,
          ...(d.note ? [d.note] : []),
          'Bitte rufen Sie uns unter 03764 54-0 an; wir suchen gemeinsam einen anderen Weg.',
        ],
      }
    : {
        subject: `Your home visit (${d.reference}): ${d.status === 'declined' ? 'not possible' : 'cancelled'}`,
        greeting: 'Hello,',
        paragraphs: [
          d.status === 'declined'
            ? `unfortunately we cannot offer the home visit to ${d.personName}.`
            : `the home visit to ${d.personName} is cancelled.`,
          ...(d.note ? [d.note] : []),
          'Please call us on +49 3764 54-0 and we will find another way together.',
        ],
      },
);
