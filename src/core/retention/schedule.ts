import { addDays, type IsoDate } from '../time';

/**
 * The retention schedule (Löschkonzept, #15, ADR 21): every kind of record that holds personal
 * data, how long it is kept, what happens then, on which legal basis, and who runs it. One table
 * in the code; docs/privacy.md shows the same rows (a test keeps the two in step), and the
 * nightly retention run applies the rows it runs itself in batches.
 *
 * `status` says how firm the period is: `statute` — the period is written in the law cited;
 * `derived` — worked out from a statute that does not name this record (the reasoning is in
 * `basis`); `authority` — no statute fixes it, the authority chose it (a setting where marked).
 *
 * Dates: every period ends at the start of a day in Europe/Berlin. `dueOn(rule, event)` is the
 * first day on which a record whose period started with `event` goes — and not one day earlier.
 */

export type RetentionAction = 'delete' | 'anonymise' | 'restrict';
export type RetentionStatus = 'statute' | 'derived' | 'authority';
/** Who applies the rule: the nightly retention run, another module's daily job, or the audit module. */
export type RetentionRunner = 'retention' | 'module' | 'audit';

export interface RetentionRule {
  kind: string;
  record: { de: string; en: string };
  period: { de: string; en: string };
  action: RetentionAction;
  basis: string;
  status: RetentionStatus;
  runBy: RetentionRunner;
  /** The setting that sets the period, where there is one. */
  setting?: string;
}

/** Periods the operator may set (years or days); the defaults are in config.ts. */
export interface RetentionPeriods {
  caseRetentionYears: number;
  cashRecordsRetentionYears: number;
}

export const RETENTION_SCHEDULE: RetentionRule[] = [
  {
    kind: 'register.religion',
    record: {
      de: 'Melderegister: Zugehörigkeit zu einer Religionsgesellschaft weggezogener oder verstorbener Einwohner',
      en: 'Register: religious affiliation of residents who moved away or died',
    },
    period: {
      de: 'bis zum Ende des Kalenderjahres, das auf Wegzug oder Tod folgt',
      en: 'until the end of the calendar year after the move or death',
    },
    action: 'delete',
    basis: '§ 14 Abs. 2 Satz 1 BMG',
    status: 'statute',
    runBy: 'retention',
  },
  {
    kind: 'register.id_documents',
    record: {
      de: 'Melderegister: Ausweisdaten (Art, Seriennummer, Gültigkeit, Ausstellungsbehörde)',
      en: 'Register: ID document data (kind, serial number, validity, issuing authority)',
    },
    period: {
      de: 'fünf Jahre nach Ablauf der Gültigkeit; bei Verstorbenen 30 Tage nach dem Tod',
      en: 'five years after the document expired; for a deceased person 30 days after death',
    },
    action: 'delete',
    basis:
      '§ 14 Abs. 2 Satz 2 BMG; Verstorbene: § 14 Abs. 2 Satz 3 mit § 13 Abs. 1 Satz 3 BMG (Ausweisdaten werden nur bei Wegzug weiter gespeichert)',
    status: 'statute',
    runBy: 'retention',
  },
  {
    kind: 'register.restrict',
    record: {
      de: 'Melderegister: Datensatz weggezogener oder verstorbener Einwohner (mit Historie, Sperren, Haushalt)',
      en: 'Register: record of residents who moved away or died (with history, blocks, household)',
    },
    period: {
      de: 'fünf Jahre nach dem Ende des Kalenderjahres von Wegzug oder Tod; danach gesperrt (nur Namen, Geburtsdaten, Anschriften, Auszugsdatum, Auskunftssperre und Sterbedaten bleiben nutzbar)',
      en: 'five years after the end of the year of the move or death; then restricted (only names, birth data, addresses, move-out date, information block and death data stay usable)',
    },
    action: 'restrict',
    basis: '§ 13 Abs. 2 Satz 1–3 BMG; Hinweise (Historie) nach § 15 BMG wie die Daten',
    status: 'statute',
    runBy: 'retention',
  },
  {
    kind: 'register.delete',
    record: {
      de: 'Melderegister: gesperrter Datensatz',
      en: 'Register: restricted record',
    },
    period: {
      de: '50 Jahre nach der Sperrung (zuvor dem Archiv anzubieten: der Probelauf listet, was ansteht)',
      en: '50 years after the restriction (to be offered to the archive first: the dry run lists what is due)',
    },
    action: 'delete',
    basis: '§ 13 Abs. 2 Satz 1, § 16 Abs. 1 BMG',
    status: 'statute',
    runBy: 'retention',
  },
  {
    kind: 'cases.id_documents',
    record: {
      de: 'Vorgänge zu Personalausweis und Reisepass (Antrag, Formulardaten, Anlagen, Dokumente)',
      en: 'ID card and passport cases (application, form data, attachments, documents)',
    },
    period: {
      de: 'fünf Jahre nach Ablauf der Gültigkeit des ausgestellten Dokuments; ohne Dokument fünf Jahre nach Abschluss',
      en: 'five years after the issued document expired; without a document five years after the case closed',
    },
    action: 'delete',
    basis:
      '§ 23 Abs. 4 PAuswG, § 21 Abs. 4 PassG (Höchstfrist des Ausweis- und Passregisters, dessen Grundlage der Antrag ist); Lichtbild und Unterschrift schon bei Aushändigung (§ 26 Abs. 2 PAuswG, § 16 Abs. 2 PassG)',
    status: 'derived',
    runBy: 'retention',
  },
  {
    kind: 'cases.registration',
    record: {
      de: 'Vorgänge des Meldewesens (An-, Um-, Abmeldung, Meldebescheinigung, Sperren)',
      en: 'Registration cases (move in, within, out; certificate; blocks)',
    },
    period: {
      de: 'fünf volle Kalenderjahre nach dem Jahr des Abschlusses',
      en: 'five full calendar years after the year the case closed',
    },
    action: 'delete',
    basis:
      '§ 15 mit § 13 Abs. 2 BMG: Meldescheine sind Hinweise zum Nachweis der Richtigkeit und folgen den Fristen der Daten; die Frist von fünf Jahren nach Jahresende ist die des § 13 Abs. 2',
    status: 'derived',
    runBy: 'retention',
  },
  {
    kind: 'cases.other',
    record: {
      de: 'Übrige Vorgänge (z. B. Lebensbescheinigung, Beglaubigung)',
      en: 'Other cases (e.g. life certificate, certification)',
    },
    period: {
      de: 'CASE_RETENTION_YEARS volle Kalenderjahre nach dem Jahr des Abschlusses (Vorgabe 2)',
      en: 'CASE_RETENTION_YEARS full calendar years after the year the case closed (default 2)',
    },
    action: 'delete',
    basis: 'Art. 5 Abs. 1 lit. e, Art. 17 Abs. 1 lit. a DSGVO; Frist nach dem Aktenplan der Behörde',
    status: 'authority',
    runBy: 'retention',
    setting: 'CASE_RETENTION_YEARS',
  },
  {
    kind: 'attachments.unlinked',
    record: {
      de: 'Anlagen (Fotos, Unterschriften, Scans) ohne Vorgang und Uploads der Koffer — Datensatz und Datei',
      en: 'Attachments (photos, signatures, scans) without a case, and kit uploads — record and file',
    },
    period: {
      de: '30 Tage nach dem Hochladen (Anlagen eines Vorgangs gehen mit dem Vorgang)',
      en: '30 days after the upload (a case’s attachments go with the case)',
    },
    action: 'delete',
    basis: 'Art. 5 Abs. 1 lit. c und e DSGVO (nicht mehr erforderlich)',
    status: 'authority',
    runBy: 'retention',
  },
  {
    kind: 'payments.cash_records',
    record: {
      de: 'Kassenbuch: Buchungen, Gebührenforderungen, Tagesabschlüsse, Quittungen (Belege)',
      en: 'Cash book: entries, fee claims, daily closings, receipts (vouchers)',
    },
    period: {
      de: 'CASH_RECORDS_RETENTION_YEARS Jahre (Vorgabe 10) ab dem 1. Januar des zweiten Jahres nach dem Buchungsjahr',
      en: 'CASH_RECORDS_RETENTION_YEARS years (default 10) from 1 January of the second year after the business year',
    },
    action: 'delete',
    basis:
      'Sächsisches Kassenrecht: Bücher zehn Jahre, Belege sechs Jahre, Frist ab 1. Januar nach Feststellung der Jahresrechnung (§ 35 Abs. 2 KomKVO 2005, seit 2008 SächsKomKBVO); Buchungen und Belege hier einheitlich zehn Jahre, da eine Buchung mit ihrem Beleg steht; vgl. § 147 Abs. 3 AO',
    status: 'derived',
    runBy: 'retention',
    setting: 'CASH_RECORDS_RETENTION_YEARS',
  },
  {
    kind: 'kits.transmission_log',
    record: {
      de: 'Übermittlungsprotokoll der Koffer (wessen Meldedaten an welchen Koffer gingen) und Befehlsprotokoll',
      en: 'Kits’ transmission log (whose register data went to which kit) and command log',
    },
    period: {
      de: 'bis zum Ende des Kalenderjahres, das auf die Speicherung folgt',
      en: 'until the end of the calendar year after it was stored',
    },
    action: 'delete',
    basis:
      '§ 40 Abs. 5 BMG entsprechend (Protokolldaten mindestens zwölf Monate, spätestens bis Ende des Folgejahres)',
    status: 'derived',
    runBy: 'retention',
  },
  {
    kind: 'notify.outbox',
    record: { de: 'Mails und SMS im Postausgang', en: 'Mails and text messages in the outbox' },
    period: { de: 'MAIL_RETENTION_DAYS Tage (Vorgabe 30)', en: 'MAIL_RETENTION_DAYS days (default 30)' },
    action: 'delete',
    basis: 'Art. 5 Abs. 1 lit. e DSGVO (nach dem Versand nicht mehr erforderlich)',
    status: 'authority',
    runBy: 'module',
    setting: 'MAIL_RETENTION_DAYS',
  },
  {
    kind: 'booking.appointments',
    record: {
      de: 'Termine, Wartelisten, Bedarfsmeldungen, Hausbesuchswünsche',
      en: 'Appointments, waiting lists, demand signals, home-visit requests',
    },
    period: {
      de: 'APPOINTMENT_RETENTION_DAYS Tage nach dem Sprechtag oder Hausbesuch (Vorgabe 90): Namen, Kontakt und Notizen gehen, Ort, Tag, Zeiten, Leistungen und Status bleiben für die Zahlen; Wartelisteneinträge werden gelöscht',
      en: 'APPOINTMENT_RETENTION_DAYS days after the office day or home visit (default 90): names, contact and notes go, place, day, times, services and status stay for the figures; waiting-list entries are deleted',
    },
    action: 'anonymise',
    basis: 'Art. 5 Abs. 1 lit. c und e DSGVO',
    status: 'authority',
    runBy: 'module',
    setting: 'APPOINTMENT_RETENTION_DAYS',
  },
  {
    kind: 'booking.no_shows',
    record: {
      de: 'Zähler für nicht wahrgenommene Termine (je Termin, mit Prüfwert des Kontakts statt E-Mail oder Telefonnummer)',
      en: 'No-show counts (per appointment, with a hash of the contact instead of e-mail or phone number)',
    },
    period: {
      de: 'so viele Monate nach dem Termin, wie die Regel der Behörde zurückblickt (Vorgabe 6, höchstens 24)',
      en: 'as many months after the appointment as the authority\u2019s rule looks back (default 6, at most 24)',
    },
    action: 'delete',
    basis:
      'Art. 5 Abs. 1 lit. c und e, Art. 6 Abs. 1 lit. e DSGVO (danach für die Regel nicht mehr erforderlich)',
    status: 'authority',
    runBy: 'module',
  },
  {
    kind: 'cases.id_photos',
    record: {
      de: 'Lichtbild und Unterschrift eines Ausweisantrags (Dateien)',
      en: 'Photo and signature of an ID application (files)',
    },
    period: {
      de: 'bei Aushändigung des Dokuments, oder wenn der Antrag zurückgenommen oder abgelehnt wird',
      en: 'when the document is handed over, or the application is withdrawn or rejected',
    },
    action: 'delete',
    basis: '§ 26 Abs. 2 PAuswG, § 16 Abs. 2 PassG',
    status: 'statute',
    runBy: 'module',
  },
  {
    kind: 'catalog.search_misses',
    record: {
      de: 'Suchanfragen ohne Treffer (ohne Bezug zur suchenden Person, Ziffernfolgen maskiert)',
      en: 'Searches without a result (not linked to who searched, digit runs masked)',
    },
    period: { de: '180 Tage', en: '180 days' },
    action: 'delete',
    basis: 'Art. 5 Abs. 1 lit. e DSGVO',
    status: 'authority',
    runBy: 'module',
  },
  {
    kind: 'queue.heads_up',
    record: {
      de: 'Warteschlange: E-Mail-Adresse oder Handynummer für die Benachrichtigung kurz vor dem Aufruf',
      en: 'Queue: e-mail address or mobile number for the message shortly before the call',
    },
    period: {
      de: 'bis die Wartenummer abgeschlossen ist (erledigt, nicht erschienen, abgebrochen), spätestens am Folgetag',
      en: 'until the ticket is closed (done, no-show, cancelled), at the latest the next day',
    },
    action: 'delete',
    basis: 'Art. 6 Abs. 1 lit. a, Art. 5 Abs. 1 lit. c und e DSGVO',
    status: 'authority',
    runBy: 'module',
  },
  {
    kind: 'invitations.prepared',
    record: {
      de: 'Einladungen vor Ablauf eines Ausweises (wer zu welchem Sprechtag eingeladen ist; die Läufe behalten nur Zahlen)',
      en: 'Invitations before an ID expires (who is invited to which office day; the runs keep counts only)',
    },
    period: {
      de: 'bis zum letzten Gültigkeitstag des Ausweises',
      en: 'until the last day the document is valid',
    },
    action: 'delete',
    basis: 'Art. 5 Abs. 1 lit. c und e DSGVO (danach nicht mehr erforderlich)',
    status: 'authority',
    runBy: 'module',
  },
  {
    kind: 'invitations.consents',
    record: {
      de: 'Einwilligungen in Einladungen per E-Mail (Person, Adresse, Zweck, aufgenommen wann und von wem, Bestätigung, Ende); mit dem Ende der Einwilligung wird die Adresse gelöscht, ihr Prüfwert (SHA-256) bleibt als Nachweis',
      en: 'Consents to invitations by email (person, address, purpose, recorded when and by whom, confirmation, end); when a consent ends its address is deleted and its digest (SHA-256) kept as proof',
    },
    period: {
      de: 'bis zum Ende des dritten Kalenderjahres nach dem Ende der Einwilligung; nie bestätigte 30 Tage nach ihrem Ende',
      en: 'until the end of the third calendar year after the consent ended; never confirmed ones 30 days after their end',
    },
    action: 'delete',
    basis:
      'Art. 7 Abs. 1 DSGVO (Nachweis der Einwilligung) mit Art. 5 Abs. 1 lit. e DSGVO; Frist nach der regelmäßigen Verjährung (§§ 195, 199 BGB entsprechend)',
    status: 'authority',
    runBy: 'module',
  },
  {
    kind: 'audit.payloads',
    record: {
      de: 'Protokoll (Audit-Trail): Inhalte der Einträge; Kette und Verweise bleiben prüfbar',
      en: 'Audit trail: the rows’ payloads; the chain and its links stay verifiable',
    },
    period: { de: 'AUDIT_RETENTION_YEARS Jahre', en: 'AUDIT_RETENTION_YEARS years' },
    action: 'anonymise',
    basis:
      '§ 40 Abs. 5 BMG entsprechend und Art. 5 Abs. 1 lit. e DSGVO; Auskunft über Lesezugriffe nur innerhalb dieser Frist (§ 11 Abs. 1 Satz 2 BMG)',
    status: 'authority',
    runBy: 'audit',
    setting: 'AUDIT_RETENTION_YEARS',
  },
];

export function ruleOf(kind: string): RetentionRule {
  const rule = RETENTION_SCHEDULE.find((r) => r.kind === kind);
  if (!rule) throw new Error(`no retention rule ${kind}`);
  return rule;
}

const year = (d: IsoDate) => Number(d.slice(0, 4));
const jan1 = (y: number): IsoDate => `${String(y).padStart(4, '0')}-01-01`;

function plusYears(date: IsoDate, years: number): IsoDate {
  const y = year(date) + years;
  const md = date.slice(5);
  return `${String(y).padStart(4, '0')}-${md === '02-29' ? '02-28' : md}`;
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** The latest day d with plusYears(d, years) <= date (29 February counts as 28 February). */
function latestBeforeYears(date: IsoDate, years: number): IsoDate {
  const back = year(date) - years;
  if (date.slice(5) === '02-28' && isLeap(back)) return `${String(back).padStart(4, '0')}-02-29`;
  return plusYears(date, -years);
}

/**
 * The first day on which a record goes whose period began with `event` (the move or death, the
 * expiry of the document, the closing of the case, the business day, the upload…).
 */
export function dueOn(kind: string, event: IsoDate, periods: RetentionPeriods): IsoDate {
  switch (kind) {
    case 'register.religion':
    case 'kits.transmission_log':
      return jan1(year(event) + 2);
    case 'register.id_documents':
      // "fünf Jahre nach dem Ablauf der Gültigkeit": the day after the fifth anniversary.
      return addDays(plusYears(event, 5), 1);
    case 'register.id_documents.deceased':
      return addDays(event, 31);
    case 'register.restrict':
      return jan1(year(event) + 6);
    case 'register.delete':
      return jan1(year(event) + 56);
    case 'cases.id_documents':
      return addDays(plusYears(event, 5), 1);
    case 'cases.registration':
      return jan1(year(event) + 6);
    case 'cases.other':
      return jan1(year(event) + 1 + periods.caseRetentionYears);
    case 'payments.cash_records':
      return jan1(year(event) + 2 + periods.cashRecordsRetentionYears);
    case 'attachments.unlinked':
      return addDays(event, 31);
    default:
      throw new Error(`no due date for ${kind}`);
  }
}

/**
 * The inverse, as the retention run queries it: on `today`, records whose period began on or
 * before the returned day are due (`event <= lastEventDue(kind, today)`).
 */
export function lastEventDue(kind: string, today: IsoDate, periods: RetentionPeriods): IsoDate {
  const y = year(today);
  switch (kind) {
    case 'register.religion':
    case 'kits.transmission_log':
      return addDays(jan1(y - 1), -1);
    case 'register.id_documents':
    case 'cases.id_documents':
      return latestBeforeYears(addDays(today, -1), 5);
    case 'register.id_documents.deceased':
      return addDays(today, -31);
    case 'register.restrict':
      return addDays(jan1(y - 5), -1);
    case 'register.delete':
      return addDays(jan1(y - 55), -1);
    case 'cases.registration':
      return addDays(jan1(y - 5), -1);
    case 'cases.other':
      return addDays(jan1(y - periods.caseRetentionYears), -1);
    case 'payments.cash_records':
      return addDays(jan1(y - 1 - periods.cashRecordsRetentionYears), -1);
    case 'attachments.unlinked':
      return addDays(today, -31);
    default:
      throw new Error(`no due date for ${kind}`);
  }
}
