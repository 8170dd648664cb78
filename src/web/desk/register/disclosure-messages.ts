import { defineMessages } from '../../ui/i18n';

export const disclosureMessages = defineMessages({
  de: {
    heading: 'Auskunft nach Art. 15 DSGVO',
    lead: 'Die Person erhält alle über sie gespeicherten Daten, ihre Vorgänge, Termine, Übermittlungen an Koffer und jede Einsicht in ihre Daten (mit Rolle, Dienststelle und Zweck, ohne Namen der Beschäftigten). Die Erstellung wird protokolliert; es wird keine Kopie gespeichert.',
    identity: 'Identität geprüft durch',
    identityDesk: 'Ausweis vor Ort geprüft',
    identityWritten: 'Schriftlicher Antrag (Versand nur an die Anschrift im Melderegister)',
    identityMissing: 'Wählen Sie, wie die Identität geprüft wurde.',
    blockedHint:
      'Für diese Person ist eine Auskunftssperre oder ein bedingter Sperrvermerk eingetragen: Auskunft nur nach Ausweisprüfung vor Ort.',
    purpose: 'Anlass',
    purposeHint: 'z. B. „Auskunftsersuchen vom 3. März, persönlich vorgesprochen“',
    purposeMissing: 'Geben Sie den Anlass an (mindestens 3 Zeichen).',
    email: 'E-Mail-Adresse der Person, um Termine zu finden',
    phone: 'Telefonnummer der Person, um Termine zu finden',
    contactHint:
      'Termine sind nicht mit dem Melderegister verknüpft. Gefunden werden Termine mit dem Familiennamen und dieser E-Mail-Adresse oder Telefonnummer. Sie werden nicht gespeichert.',
    format: 'Format',
    formatPdf: 'PDF zum Ausdrucken oder Aushändigen',
    formatJson: 'JSON (maschinenlesbar, Art. 20 DSGVO)',
    language: 'Sprache der Auskunft',
    german: 'Deutsch',
    english: 'Englisch',
    submit: 'Auskunft erstellen',
    done: 'Auskunft erstellt: {file} wurde heruntergeladen.',
  },
  en: {
    heading: 'Disclosure under Art. 15 GDPR',
    lead: 'The person receives all data stored about them, their cases, appointments, transfers to kits and every access to their data (with role, office and purpose, without staff names). Producing it is logged; no copy is kept.',
    identity: 'Identity checked by',
    identityDesk: 'ID checked in person',
    identityWritten: 'Written request (sent only to the address in the register)',
    identityMissing: 'Choose how the identity was checked.',
    blockedHint:
      'An information block or conditional block is entered for this person: disclosure only after an ID check in person.',
    purpose: 'Reason',
    purposeHint: 'e.g. “Request of 3 March, in person”',
    purposeMissing: 'Enter the reason (at least 3 characters).',
    email: 'The person’s email address, to find appointments',
    phone: 'The person’s phone number, to find appointments',
    contactHint:
      'Appointments are not linked to the register. Found are appointments with the family name and this email address or phone number. They are not stored.',
    format: 'Format',
    formatPdf: 'PDF to print or hand over',
    formatJson: 'JSON (machine-readable, Art. 20 GDPR)',
    language: 'Language of the disclosure',
    german: 'German',
    english: 'English',
    submit: 'Produce disclosure',
    done: 'Disclosure produced: {file} was downloaded.',
  },
});
