import { formatAccessCode, groupCode } from '../../../../core/cases/numbers';
import { formatDate } from '../../../../core/forms/describe';
import type { DocumentContent, DocumentHeader, PersonLine } from './content';
import { A4, MARGIN, PdfWriter, QR_BOX } from './pdf';

/**
 * Renders a document's stored content as an A4 PDF in German, with the verification QR code.
 * The same content always gives the same PDF.
 */

export const DOCUMENT_TITLES: Record<DocumentContent['kind'], string> = {
  receipt: 'Quittung',
  registration_confirmation: 'Meldebestätigung',
  registration_certificate: 'Meldebescheinigung',
  application_summary: 'Antragsübersicht',
  life_certificate: 'Lebensbescheinigung',
};

const d = (iso: string) => formatDate(iso.slice(0, 10), 'de');
const MONEY = new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' });
const euro = (cents: number) => MONEY.format(cents / 100);
const METHOD: Record<string, string> = {
  cash: 'bar',
  card: 'Karte (externes Kartenterminal)',
  invoice: 'auf Rechnung',
  waiver: 'Gebührenerlass',
};

function personName(p: PersonLine): string {
  return `${p.doctoralDegree ? `${p.doctoralDegree} ` : ''}${p.givenNames} ${p.familyName}`;
}

export interface RenderOptions {
  verificationUrl: string;
  verificationCode: string;
  statusUrl: string;
  /** Image bytes of attachments referenced by the content (signature, photo), if available. */
  image?(sha256: string): Promise<{ bytes: Uint8Array; type: 'image/jpeg' | 'image/png' } | null>;
}

function title(content: DocumentContent): string {
  if (content.kind === 'registration_confirmation')
    return content.variant === 'move_in' ? 'Amtliche Meldebestätigung' : 'Bestätigung der Abmeldung';
  if (content.kind === 'registration_certificate')
    return content.variant === 'extended' ? 'Erweiterte Meldebescheinigung' : 'Einfache Meldebescheinigung';
  if (content.kind === 'receipt' && content.paymentKind === 'reversal') return 'Stornobeleg';
  return DOCUMENT_TITLES[content.kind];
}

function letterhead(w: PdfWriter, h: DocumentHeader, heading: string) {
  const width = QR_BOX.x - MARGIN - 16;
  w.text(h.authority.name, { bold: true, size: 10, width });
  w.text(`${h.authority.street}, ${h.authority.postalCode} ${h.authority.city}`, { size: 9, width });
  const contact = [h.authority.phone ? `Telefon ${h.authority.phone}` : null, h.authority.email]
    .filter(Boolean)
    .join(' · ');
  if (contact) w.text(contact, { size: 9, width });
  w.moveTo(Math.min(w.cursor, QR_BOX.y - 36));
  w.text(`${h.authority.city}, den ${d(h.issuedOn)}`, { size: 10 });
  w.heading(heading, 16);
  w.field('Aktenzeichen', h.caseNumber);
  w.field('Leistung', h.service);
  w.rule();
}

export async function renderDocument(content: DocumentContent, options: RenderOptions): Promise<Uint8Array> {
  const h = content.header;
  const heading = title(content);
  const w = await PdfWriter.open(
    {
      title: `${heading} – ${h.caseNumber}`,
      subject: `${heading}, ${h.service}`,
      author: h.authority.name,
      language: 'de-DE',
      keywords: [heading, h.caseNumber],
    },
    {
      footer: `${h.authority.shortName} · ${heading} · ${h.caseNumber} · Echtheit prüfen: ${options.verificationUrl}`,
      watermark: h.fictitious ? 'MUSTER – fiktive Demodaten, kein amtliches Dokument' : null,
    },
  );
  w.verification(options.verificationUrl, groupCode(options.verificationCode), 'Prüfcode');
  letterhead(w, h, heading);

  switch (content.kind) {
    case 'receipt': {
      w.field('Quittungsnummer', content.receiptNumber);
      w.field('Kasse', content.registerName);
      w.field('Buchungstag', d(content.businessDate));
      w.field('Zahlungspflichtig', content.payer);
      if (content.paymentKind === 'reversal') {
        w.field('Storniert wird', content.reversedReceipt ?? '–');
        w.field('Grund', content.reason ?? '–');
      }
      w.space(6);
      for (const l of content.lines) w.amountLine(l.label, euro(l.amountCents));
      w.rule();
      w.amountLine('Summe', euro(content.totalCents), true);
      w.space(6);
      w.field('Zahlungsart', METHOD[content.method] ?? content.method);
      if (content.terminalReference) w.field('Beleg Kartenterminal', content.terminalReference);
      if (content.invoiceRecipient) w.field('Rechnung an', content.invoiceRecipient);
      if (content.waiverReason) w.field('Begründung des Erlasses', content.waiverReason);
      w.space(10);
      w.heading('Stand Ihres Antrags online', 11);
      w.text(
        `Unter ${options.statusUrl} sehen Sie mit Aktenzeichen und Zugangscode, wie weit Ihr Antrag ist.`,
      );
      w.field('Aktenzeichen', h.caseNumber);
      w.field('Zugangscode', formatAccessCode(content.accessCode));
      break;
    }
    case 'registration_confirmation': {
      w.text(
        content.variant === 'move_in'
          ? 'Die folgenden Personen sind unter der genannten Anschrift gemeldet (§ 24 Abs. 2 Bundesmeldegesetz):'
          : 'Die folgenden Personen haben sich von der genannten Anschrift abgemeldet (§ 24 Abs. 2 Bundesmeldegesetz):',
        { gap: 8 },
      );
      for (const p of content.persons) w.field(personName(p), `geboren am ${d(p.birthDate)}`);
      w.space(6);
      w.field('Anschrift', content.address);
      if (content.residenceKind) w.field('Art der Wohnung', content.residenceKind);
      w.field(content.variant === 'move_in' ? 'Tag des Einzugs' : 'Tag des Auszugs', d(content.moveDate));
      w.field(
        content.variant === 'move_in' ? 'Tag der Anmeldung' : 'Tag der Abmeldung',
        d(content.registeredOn),
      );
      if (content.deadline && content.variant === 'move_in') w.field('Meldefrist bis', d(content.deadline));
      w.space(8);
      w.text('Diese Bestätigung ist gebührenfrei (§ 24 Abs. 2 BMG).', { size: 9 });
      break;
    }
    case 'registration_certificate': {
      const p = content.person;
      w.text('Aus dem Melderegister wird bescheinigt (§ 18 Bundesmeldegesetz):', { gap: 8 });
      w.field('Familienname', p.familyName);
      w.field('Vornamen', p.callName ? `${p.givenNames} (Rufname: ${p.callName})` : p.givenNames);
      if (p.doctoralDegree) w.field('Doktorgrad', p.doctoralDegree);
      w.field('Geburtsdatum', d(p.birthDate));
      if (content.variant === 'extended') {
        if (p.birthName) w.field('Geburtsname', p.birthName);
        w.field('Geburtsort', p.birthPlace ?? '–');
        w.field('Staatsangehörigkeiten', (p.nationalities ?? []).join(', '));
        w.field('Familienstand', p.maritalStatus ?? '–');
      }
      w.space(4);
      for (const a of content.addresses)
        w.field(a.kind, a.movedInOn ? `${a.address} (eingezogen am ${d(a.movedInOn)})` : a.address);
      if (content.earlierAddresses && content.earlierAddresses.length > 0) {
        w.heading('Frühere Anschriften', 11);
        for (const e of content.earlierAddresses) w.field(`${d(e.from)} – ${e.to ? d(e.to) : ''}`, e.address);
      }
      w.space(6);
      if (content.requestedBy === 'authorised')
        w.field('Ausgehändigt an (bevollmächtigt)', content.authorisedName ?? '');
      if (content.purpose) w.field('Verwendungszweck', content.purpose);
      break;
    }
    case 'life_certificate': {
      const p = content.person;
      w.text(
        `Hiermit wird bescheinigt, dass ${personName(p)}, geboren am ${d(p.birthDate)} in ${p.birthPlace}${content.address ? `, wohnhaft ${content.address}` : ''}, heute persönlich vor der unterzeichnenden Behörde erschienen ist und lebt.`,
        { gap: 10 },
      );
      w.field('Zur Vorlage bei', `${content.institution} (${content.institutionCountry})`);
      if (content.referenceNumber) w.field('Aktenzeichen der Stelle', content.referenceNumber);
      w.signatureLine('Unterschrift und Dienstsiegel');
      break;
    }
    case 'application_summary': {
      if (content.person) {
        w.heading('Antragstellende Person', 11);
        w.field('Name', personName(content.person));
        w.field('Geburtsdatum', d(content.person.birthDate));
        if (content.person.address) w.field('Anschrift', content.person.address);
      }
      for (const s of content.sections) {
        w.heading(s.title, 11);
        for (const f of s.fields) w.field(f.label, f.value);
      }
      if (content.warnings.length > 0) {
        w.heading('Hinweise', 11);
        w.list(content.warnings);
      }
      if (content.feeLines.length > 0) {
        w.heading('Gebühr', 11);
        for (const l of content.feeLines) w.amountLine(l.label, euro(l.amountCents));
        w.amountLine('Summe', euro(content.feeTotalCents), true);
      }
      if (content.photoSha && options.image) {
        const img = await options.image(content.photoSha);
        if (img) {
          w.heading('Lichtbild', 11);
          await w.image(
            img.bytes,
            img.type,
            105,
            135,
            content.person
              ? `Lichtbild von ${personName(content.person)}`
              : 'Lichtbild der antragstellenden Person',
          );
        }
      }
      w.heading('Erklärung', 11);
      w.text('Ich versichere, dass die Angaben richtig und vollständig sind.', { size: 9.5 });
      const sig = content.signatureSha && options.image ? await options.image(content.signatureSha) : null;
      if (sig)
        await w.image(
          sig.bytes,
          sig.type,
          220,
          70,
          'Unterschrift der antragstellenden Person',
          'Unterschrift (elektronisch erfasst)',
        );
      else w.signatureLine('Ort, Datum, Unterschrift der antragstellenden Person');
      break;
    }
  }
  if (h.clerk) {
    w.space(8);
    w.text(`Bearbeitet von: ${h.clerk}`, { size: 8.5 });
  }
  w.text(`Echtheit prüfen: ${options.verificationUrl} (Prüfcode ${groupCode(options.verificationCode)})`, {
    size: 8.5,
    width: A4.width - 2 * MARGIN,
  });
  return w.save();
}
