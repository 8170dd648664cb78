import { DocumentWriter } from '../../../core/pdf/document-writer';
import { TaggedPdf } from '../../../core/pdf/tagged-pdf';
import {
  BLOCK_LABELS,
  type BlockKind,
  ID_DOCUMENT_LABELS,
  type IdDocumentKind,
  MARITAL_STATUS_LABELS,
  type MaritalStatus,
  PERSON_STATUS_LABELS,
  type PersonStatus,
  RELIGION_LABELS,
  RESIDENCE_KIND_LABELS,
  type Religion,
  type ResidenceKind,
  SEX_LABELS,
  type Sex,
} from '../../../core/register/vocabulary';
import { localDate, localTime } from '../../../core/time';
import { documentFonts } from '../../pdf/fonts';
import type { Disclosure } from './schemas';

/**
 * The disclosure as a tagged PDF (ADR 20) in German or English: headings per part, tables for
 * the register data, the cases, the kits and the access log, attachments listed with SHA-256.
 * The PDF is handed to the person (or sent to the address in the register); the server keeps
 * no copy.
 */
type L = 'de' | 'en';
const T = {
  title: { de: 'Auskunft über Ihre gespeicherten Daten', en: 'Disclosure of your stored data' },
  basis: {
    de: 'nach Art. 15 der Datenschutz-Grundverordnung und § 10 des Bundesmeldegesetzes',
    en: 'under Article 15 of the General Data Protection Regulation and § 10 of the Federal Registration Act',
  },
  controller: { de: 'Verantwortliche Stelle', en: 'Controller' },
  date: { de: 'Stand', en: 'As of' },
  identity: { de: 'Identitätsprüfung', en: 'Identity check' },
  desk_id_document: { de: 'Ausweis vor Ort geprüft', en: 'ID checked in person' },
  written_request: {
    de: 'schriftlicher Antrag (Versand nur an die Anschrift im Melderegister)',
    en: 'written request (sent only to the address in the register)',
  },
  purpose: { de: 'Anlass', en: 'Reason' },
  register: { de: 'Ihre Daten im Melderegister', en: 'Your data in the resident register' },
  familyName: { de: 'Familienname', en: 'Family name' },
  givenNames: { de: 'Vornamen', en: 'Given names' },
  callName: { de: 'Rufname', en: 'Name in everyday use' },
  birthName: { de: 'Geburtsname', en: 'Birth name' },
  doctoralDegree: { de: 'Doktorgrad', en: 'Doctoral degree' },
  birth: { de: 'Geburt', en: 'Born' },
  sex: { de: 'Geschlecht', en: 'Sex' },
  nationalities: { de: 'Staatsangehörigkeiten', en: 'Nationalities' },
  religion: { de: 'Religionsgesellschaft', en: 'Religious community' },
  maritalStatus: { de: 'Familienstand', en: 'Marital status' },
  status: { de: 'Meldestatus', en: 'Registration status' },
  deceasedOn: { de: 'Sterbedatum', en: 'Date of death' },
  restrictedOn: {
    de: 'Gesperrt nach § 13 Abs. 2 BMG seit',
    en: 'Restricted under § 13(2) BMG since',
  },
  residences: { de: 'Wohnungen', en: 'Residences' },
  address: { de: 'Anschrift', en: 'Address' },
  kind: { de: 'Art', en: 'Kind' },
  movedIn: { de: 'Einzug', en: 'Moved in' },
  movedOut: { de: 'Auszug', en: 'Moved out' },
  household: { de: 'Haushalt', en: 'Household' },
  none: { de: 'keine', en: 'none' },
  blocks: { de: 'Sperren', en: 'Blocks' },
  from: { de: 'von', en: 'from' },
  until: { de: 'bis', en: 'until' },
  active: { de: 'wirksam', en: 'in force' },
  yes: { de: 'ja', en: 'yes' },
  no: { de: 'nein', en: 'no' },
  idDocuments: { de: 'Ausweisdokumente', en: 'ID documents' },
  serial: { de: 'Seriennummer', en: 'Serial number' },
  history: { de: 'Verlauf im Melderegister', en: 'History in the register' },
  event: { de: 'Ereignis', en: 'Event' },
  cases: { de: 'Ihre Vorgänge', en: 'Your cases' },
  captured: { de: 'Aufgenommen', en: 'Captured' },
  finished: { de: 'Abgeschlossen', en: 'Closed' },
  documents: { de: 'Ausgestellte Dokumente', en: 'Documents issued' },
  fee: { de: 'Gebühr', en: 'Fee' },
  payments: { de: 'Zahlungen', en: 'Payments' },
  notes: { de: 'Vermerke', en: 'Notes' },
  attachments: { de: 'Anlagen (nicht beigefügt)', en: 'Attachments (not enclosed)' },
  size: { de: 'Größe', en: 'Size' },
  appointments: { de: 'Termine', en: 'Appointments' },
  location: { de: 'Ort', en: 'Place' },
  kits: { de: 'Übermittlungen an mobile Bürgerkoffer', en: 'Transfers to mobile office kits' },
  kit: { de: 'Koffer', en: 'Kit' },
  when: { de: 'Zeitpunkt', en: 'When' },
  prepare: { de: 'Tagesvorbereitung', en: 'Preparing the day' },
  pull: { de: 'Aktualisierung', en: 'Update' },
  consents: {
    de: 'Einwilligung in Einladungen per E-Mail vor Ablauf des Ausweises',
    en: 'Consent to invitations by email before an ID expires',
  },
  consentAddress: { de: 'E-Mail-Adresse', en: 'Email address' },
  consentAddressDeleted: { de: 'gelöscht (Einwilligung beendet)', en: 'deleted (consent ended)' },
  consentGiven: { de: 'erteilt', en: 'given' },
  consentConfirmed: { de: 'bestätigt', en: 'confirmed' },
  consentEnded: { de: 'beendet', en: 'ended' },
  access: { de: 'Zugriffe auf Ihre Daten', en: 'Access to your data' },
  accessIntro: {
    de: 'Jedes Lesen und jede Änderung Ihrer Daten wird protokolliert. Aufgeführt sind Zeitpunkt, Vorgang, wer (Rolle und Dienststelle) und der angegebene Zweck.',
    en: 'Every read and every change of your data is logged. Listed are the time, the action, who (role and office) and the purpose given.',
  },
  what: { de: 'Vorgang', en: 'Action' },
  who: { de: 'Wer', en: 'Who' },
  result: { de: 'Ergebnis', en: 'Result' },
  more: {
    de: 'Es gibt weitere, ältere Einträge; sie sind in der maschinenlesbaren Fassung (JSON) vollständig.',
    en: 'There are more, older entries; the machine-readable version (JSON) has them all.',
  },
  legal: { de: 'Hinweise', en: 'Notes' },
  footer: { de: 'Auskunft nach Art. 15 DSGVO', en: 'Disclosure under Art. 15 GDPR' },
  system: { de: 'automatisch (System)', en: 'automatic (system)' },
} satisfies Record<string, Record<L, string>>;

const ROLE: Record<string, Record<L, string>> = {
  clerk: { de: 'Sachbearbeitung', en: 'Clerk' },
  hotline: { de: 'Servicetelefon 115', en: '115 hotline' },
  coordinator: { de: 'Koordination', en: 'Coordination' },
  admin: { de: 'Administration', en: 'Administration' },
  auditor: { de: 'Datenschutzkontrolle', en: 'Data-protection audit' },
  evaluator: { de: 'Auswertung', en: 'Evaluation' },
};

const ACTION: Record<string, Record<L, string>> = {
  'register.read': { de: 'Registereintrag gelesen', en: 'Register entry read' },
  'register.person.read': { de: 'Registereintrag gelesen', en: 'Register entry read' },
  'register.search_hit': { de: 'In einem Suchergebnis angezeigt', en: 'Shown in a search result' },
  'register.disclosure': { de: 'Auskunft erstellt', en: 'Disclosure produced' },
  'register.block_lifted': { de: 'Sperre aufgehoben', en: 'Block lifted' },
  'case.capture': { de: 'Vorgang aufgenommen', en: 'Case captured' },
  'case.read': { de: 'Vorgang gelesen', en: 'Case read' },
  'case.transition': { de: 'Vorgang bearbeitet', en: 'Case processed' },
  'case.hand_over': { de: 'Dokument ausgehändigt', en: 'Document handed over' },
  'case.form_context': { de: 'Daten für ein Formular gelesen', en: 'Data read for a form' },
  'case.id_export': { de: 'Ausweisantrag übergeben', en: 'ID application passed on' },
  'case.list': { de: 'Vorgangsliste angezeigt', en: 'Case list shown' },
  'document.issue': { de: 'Dokument ausgestellt', en: 'Document issued' },
  'document.print': { de: 'Dokument gedruckt', en: 'Document printed' },
  'invitation.letter': {
    de: 'Einladung zum Sprechtag vor Ablauf des Ausweises gedruckt',
    en: 'Invitation to an office day before the ID expires printed',
  },
  'invitation.mail': {
    de: 'Einladung zum Sprechtag vor Ablauf des Ausweises per E-Mail gesendet',
    en: 'Invitation to an office day before the ID expires sent by email',
  },
  'invitation.consent.record': {
    de: 'Einwilligung in Einladungen per E-Mail aufgenommen',
    en: 'Consent to invitations by email recorded',
  },
  'invitation.consent.read': {
    de: 'Einwilligung in Einladungen per E-Mail angezeigt',
    en: 'Consent to invitations by email shown',
  },
  'invitation.consent.confirm': {
    de: 'E-Mail-Adresse für Einladungen bestätigt',
    en: 'Email address for invitations confirmed',
  },
  'invitation.consent.withdraw': {
    de: 'Einwilligung in Einladungen per E-Mail widerrufen',
    en: 'Consent to invitations by email withdrawn',
  },
};

const RESULT: Record<string, Record<L, string>> = {
  success: { de: 'erfolgt', en: 'done' },
  failure: { de: 'fehlgeschlagen', en: 'failed' },
  denied: { de: 'verweigert', en: 'refused' },
};

function actionLabel(action: string, l: L): string {
  if (ACTION[action]) return ACTION[action][l];
  if (action.startsWith('register.'))
    return l === 'de'
      ? `Melderegister geändert (${action.slice(9)})`
      : `Register changed (${action.slice(9)})`;
  return action;
}

export async function renderDisclosurePdf(d: Disclosure): Promise<Uint8Array> {
  const l: L = d.locale;
  const t = (k: keyof typeof T) => T[k][l];
  const date = (iso: string | null) => {
    if (!iso) return '–';
    const day = iso.length > 10 ? localDate(new Date(iso)) : iso;
    const [y, m, dd] = day.split('-');
    return l === 'de' ? `${dd}.${m}.${y}` : `${dd}/${m}/${y}`;
  };
  const dateTime = (iso: string) => `${date(iso)} ${localTime(new Date(iso))}`;
  const p = d.person;
  const name = `${p.doctoralDegree ? `${p.doctoralDegree} ` : ''}${p.givenNames} ${p.familyName}`;
  const w = new DocumentWriter(
    await TaggedPdf.create(
      {
        title: `${t('title')} – ${name}`,
        language: l === 'de' ? 'de-DE' : 'en-GB',
        subject: t('basis'),
        author: d.controller.name,
      },
      await documentFonts(),
    ),
    `${t('footer')} · ${name} · ${date(d.generatedAt)}`,
  );

  w.text(d.controller.name, { bold: true, size: 10 });
  w.text(`${d.controller.street}, ${d.controller.postalCode} ${d.controller.city}`, { size: 9, gap: 10 });
  w.heading(`${t('title')}`, 18, 1);
  w.text(t('basis'), { size: 10, gap: 8 });
  w.field(t('date'), dateTime(d.generatedAt));
  w.field(t('identity'), t(d.request.identity as 'desk_id_document' | 'written_request'));
  w.field(t('purpose'), d.request.purpose);

  w.heading(t('register'), 13, 2);
  w.field(t('familyName'), p.familyName);
  w.field(t('givenNames'), p.givenNames);
  if (p.callName) w.field(t('callName'), p.callName);
  if (p.birthName) w.field(t('birthName'), p.birthName);
  if (p.doctoralDegree) w.field(t('doctoralDegree'), p.doctoralDegree);
  w.field(t('birth'), `${date(p.birthDate)}, ${p.birthPlace}`);
  w.field(t('sex'), SEX_LABELS[p.sex as Sex]?.[l] ?? p.sex);
  if (p.nationalities.length) w.field(t('nationalities'), p.nationalities.join(', '));
  if (p.religion) w.field(t('religion'), RELIGION_LABELS[p.religion as Religion]?.[l] ?? p.religion);
  w.field(
    t('maritalStatus'),
    MARITAL_STATUS_LABELS[p.maritalStatus as MaritalStatus]?.[l] ?? p.maritalStatus,
  );
  w.field(t('status'), PERSON_STATUS_LABELS[p.status as PersonStatus]?.[l] ?? p.status);
  if (p.deceasedOn) w.field(t('deceasedOn'), date(p.deceasedOn));
  if (p.restrictedOn) w.field(t('restrictedOn'), date(p.restrictedOn));

  w.heading(t('residences'), 13, 2);
  w.table(
    [t('address'), t('kind'), t('movedIn'), t('movedOut')],
    d.residences.map((r) => [
      r.address,
      RESIDENCE_KIND_LABELS[r.kind as ResidenceKind]?.[l] ?? r.kind,
      date(r.movedInOn),
      r.movedOutOn ? date(r.movedOutOn) : '–',
    ]),
    { widths: [0.46, 0.2, 0.17, 0.17] },
  );

  w.heading(t('household'), 13, 2);
  if (d.household.length === 0) w.text(t('none'));
  else w.list(d.household.map((h) => `${h.givenNames} ${h.familyName} (${date(h.birthDate)})`));

  w.heading(t('blocks'), 13, 2);
  if (d.blocks.length === 0) w.text(t('none'));
  else
    w.table(
      [t('kind'), t('from'), t('until'), t('active')],
      d.blocks.map((b) => [
        BLOCK_LABELS[b.kind as BlockKind]?.[l] ?? b.kind,
        date(b.validFrom),
        b.validUntil ? date(b.validUntil) : '–',
        b.active ? t('yes') : t('no'),
      ]),
      { widths: [0.5, 0.17, 0.17, 0.16] },
    );

  w.heading(t('idDocuments'), 13, 2);
  if (d.idDocuments.length === 0) w.text(t('none'));
  else
    w.table(
      [t('kind'), t('serial'), t('until'), t('status')],
      d.idDocuments.map((x) => [
        ID_DOCUMENT_LABELS[x.kind as IdDocumentKind]?.[l] ?? x.kind,
        x.serialNumber ?? '–',
        x.validUntil ? date(x.validUntil) : '–',
        x.status,
      ]),
      { widths: [0.34, 0.24, 0.2, 0.22] },
    );

  w.heading(t('history'), 13, 2);
  if (d.history.length === 0) w.text(t('none'));
  else
    w.table(
      [t('date'), t('event')],
      d.history.map((h) => [date(h.occurredOn), h.kind]),
      { widths: [0.25, 0.75] },
    );

  w.heading(t('cases'), 13, 2);
  if (d.cases.length === 0) w.text(t('none'));
  for (const c of d.cases) {
    w.heading(`${c.number} – ${c.service}`, 11, 3);
    w.field(t('status'), c.status);
    w.field(t('captured'), dateTime(c.capturedAt));
    if (c.finishedAt) w.field(t('finished'), dateTime(c.finishedAt));
    for (const s of c.statements) for (const f of s.fields) w.field(f.label, f.value);
    if (c.documents.length)
      w.field(t('documents'), c.documents.map((x) => `${x.kind} (${date(x.issuedAt)})`).join(', '));
    if (c.fee)
      w.field(
        t('fee'),
        `${(c.fee.amountCents / 100).toFixed(2).replace('.', l === 'de' ? ',' : '.')} € – ${c.fee.status}`,
      );
    if (c.payments.length)
      w.field(
        t('payments'),
        c.payments
          .map(
            (x) => `${x.receipt} ${date(x.businessDate)} ${(x.amountCents / 100).toFixed(2)} € (${x.method})`,
          )
          .join('; '),
      );
    if (c.notes.length) w.list(c.notes.map((n) => `${t('notes')} ${date(n.createdAt)}: ${n.text}`));
    if (c.attachments.length) {
      w.text(t('attachments'), { bold: true, size: 10 });
      w.table(
        [t('kind'), t('size'), 'SHA-256'],
        c.attachments.map((a) => [
          `${a.kind} (${a.mediaType})${a.deleted ? ` – ${l === 'de' ? 'gelöscht' : 'deleted'}` : ''}`,
          `${Math.ceil(a.sizeBytes / 1024)} KB`,
          a.sha256,
        ]),
        { widths: [0.3, 0.12, 0.58], size: 7.5 },
      );
    }
  }

  w.heading(t('appointments'), 13, 2);
  if (d.appointments.length === 0) w.text(t('none'));
  else
    w.table(
      [t('when'), t('location'), t('status')],
      d.appointments.map((a) => [dateTime(a.startsAt), a.location, a.status]),
      { widths: [0.3, 0.5, 0.2] },
    );

  w.heading(t('kits'), 13, 2);
  if (d.kitTransmissions.length === 0) w.text(t('none'));
  else
    w.table(
      [t('when'), t('kit'), t('kind')],
      d.kitTransmissions.map((k) => [dateTime(k.deliveredAt), k.kit, t(k.kind as 'prepare' | 'pull')]),
      { widths: [0.3, 0.45, 0.25] },
    );

  w.heading(t('consents'), 13, 2);
  if (d.invitationConsents.length === 0) w.text(t('none'));
  else
    w.table(
      [t('consentAddress'), t('consentGiven'), t('consentConfirmed'), t('consentEnded')],
      d.invitationConsents.map((c) => [
        c.email ?? t('consentAddressDeleted'),
        dateTime(c.givenAt),
        c.confirmedAt ? dateTime(c.confirmedAt) : '–',
        c.endedAt ? dateTime(c.endedAt) : '–',
      ]),
      { widths: [0.34, 0.22, 0.22, 0.22] },
    );

  w.heading(t('access'), 13, 2);
  w.text(t('accessIntro'), { size: 9.5, gap: 6 });
  w.table(
    [t('when'), t('what'), t('who'), t('purpose'), t('result')],
    d.accessLog.entries.map((e) => [
      dateTime(e.occurredAt),
      actionLabel(e.action, l),
      e.system
        ? t('system')
        : [
            (e.role ?? '')
              .split(',')
              .filter(Boolean)
              .map((r) => ROLE[r]?.[l] ?? r)
              .join(', '),
            e.kit ? `${t('kit')} ${e.kit}` : e.office,
          ]
            .filter(Boolean)
            .join(' – '),
      e.purpose ?? '–',
      RESULT[e.result]?.[l] ?? e.result,
    ]),
    { widths: [0.18, 0.24, 0.26, 0.2, 0.12], size: 7.5 },
  );
  if (d.accessLog.more) w.text(t('more'), { size: 9 });

  w.heading(t('legal'), 13, 2);
  w.list(d.notes);
  return w.save();
}
