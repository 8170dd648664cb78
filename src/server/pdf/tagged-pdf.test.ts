import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { DocumentWriter } from '../../core/pdf/document-writer';
import type { DocumentContent, DocumentHeader } from '../modules/cases/documents/content';
import { renderDocument } from '../modules/cases/documents/render';
import { pngBytes } from '../modules/cases/test-support';
import { documentFonts } from './fonts';
import { checkTaggedPdf, inReadingOrder } from './tag-check';

const header: DocumentHeader = {
  authority: {
    name: 'Stadt Meerane',
    shortName: 'Meerane',
    street: 'Lörracher Platz 1',
    postalCode: '08393',
    city: 'Meerane',
    phone: '03764 54-0',
    email: null,
  },
  issuedOn: '2026-03-02',
  caseNumber: 'MEE-2026-000123',
  service: 'Personalausweis beantragen',
  fictitious: true,
  clerk: 'Sachbearbeitung Bürgerbüro',
};
const person = {
  familyName: 'Łukasiewicz-Müller',
  givenNames: 'Jürgen Ðorđe',
  doctoralDegree: null,
  birthDate: '1980-01-02',
};
const options = {
  verificationUrl: 'http://localhost:8080/pruefen/ABCDEFGHJKMN',
  verificationCode: 'ABCDEFGHJKMN',
  statusUrl: 'http://localhost:8080/status',
  image: async () => ({ bytes: pngBytes(240, 320), type: 'image/png' as const }),
};

const documents: DocumentContent[] = [
  {
    kind: 'receipt',
    header,
    receiptNumber: 'KASSE1-2026-000017',
    businessDate: '2026-03-02',
    recordedAt: '2026-03-02T09:00:00Z',
    registerName: 'Bürgerbüro Meerane',
    payer: 'Jürgen Łukasiewicz-Müller',
    paymentKind: 'payment',
    reversedReceipt: null,
    reason: null,
    lines: [{ label: 'Personalausweis (ab 24 Jahre)', amountCents: 4600 }],
    totalCents: 4600,
    method: 'cash',
    terminalReference: null,
    invoiceRecipient: null,
    waiverReason: null,
    accessCode: 'ABCDEFGH',
  },
  {
    kind: 'registration_confirmation',
    header,
    variant: 'move_in',
    persons: [person],
    address: 'Hauptstraße 51, 08393 Schönberg',
    residenceKind: 'alleinige Wohnung',
    moveDate: '2026-02-20',
    registeredOn: '2026-03-02',
    deadline: '2026-03-06',
  },
  {
    kind: 'registration_certificate',
    header,
    variant: 'extended',
    person: {
      ...person,
      birthName: null,
      birthPlace: 'Gera',
      nationalities: ['deutsch'],
      maritalStatus: 'ledig',
    },
    addresses: [
      { address: 'Hauptstraße 51, 08393 Schönberg', kind: 'Hauptwohnung', movedInOn: '2026-02-20' },
    ],
    earlierAddresses: [{ address: 'Musterweg 1, 08393 Meerane', from: '2010-01-01', to: '2026-02-19' }],
    requestedBy: 'self',
    authorisedName: null,
    purpose: 'Vorlage beim Arbeitgeber',
  },
  {
    kind: 'application_summary',
    header,
    person: { ...person, address: 'Hauptstraße 51, 08393 Schönberg' },
    sections: [{ title: 'Angaben', fields: [{ label: 'Körpergröße', value: '180 cm' }] }],
    feeLines: [{ label: 'Personalausweis', amountCents: 4600 }],
    feeTotalCents: 4600,
    warnings: ['Das Lichtbild wurde im Amt aufgenommen.'],
    signatureSha: 'a'.repeat(64),
    photoSha: 'b'.repeat(64),
  } as DocumentContent,
  {
    kind: 'life_certificate',
    header,
    person: { ...person, birthPlace: 'Gera' },
    address: 'Hauptstraße 51, 08393 Schönberg',
    institution: 'Deutsche Rentenversicherung',
    institutionCountry: 'Deutschland',
    referenceNumber: null,
  },
];

describe('tagged PDFs (#15)', () => {
  it('finds the faults of an untagged PDF with standard fonts', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    doc.addPage().drawText('Quittung', { x: 50, y: 700, font, size: 12 });
    const report = checkTaggedPdf(await doc.save());
    expect(report.problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Tagged'),
        'catalog: no /Lang',
        'catalog: /MarkInfo /Marked is not true',
        'catalog: no /StructTreeRoot',
        expect.stringContaining('font not embedded'),
        expect.stringContaining('painted outside marked content'),
      ]),
    );
  });

  it('finds a figure without alternative text and content drawn outside the tags', async () => {
    const w = await DocumentWriter.create(
      { title: 'Probe', language: 'de-DE' },
      { fonts: await documentFonts(), footer: 'Fuß' },
    );
    w.pdf.mark(w.currentPage, w.pdf.element('Figure'), () =>
      w.currentPage.drawRectangle({ x: 10, y: 10, width: 5, height: 5 }),
    );
    w.currentPage.drawText('ohne Tag', { x: 50, y: 500, font: w.regular, size: 10 });
    const report = checkTaggedPdf(await w.save());
    expect(report.problems).toContain('Figure without /Alt');
    expect(report.problems.some((p) => p.includes('painted outside marked content'))).toBe(true);
  });

  for (const content of documents) {
    it(`issues the ${content.kind} as a tagged PDF: structure, language, title, QR alt text, Unicode text`, async () => {
      const report = checkTaggedPdf(await renderDocument(content, options));
      expect(report.problems).toEqual([]);
      expect(report.lang).toBe('de-DE');
      expect(report.title).toContain('MEE-2026-000123');
      expect(report.structure[0]).toBe('Document');
      expect(report.structure).toContain('H1');
      expect(report.structure).toContain('Table');
      expect(report.structure).toContain('TH');
      const qr = report.figures.find((f) => f.alt?.startsWith('QR-Code'));
      expect(qr?.alt).toContain(options.verificationUrl);
      // Embedded Noto Sans: letters outside Latin-1 are real text, not base forms or "?".
      expect(report.text).toContain('Stadt Meerane');
      if (content.kind !== 'receipt') expect(report.text).toContain('Łukasiewicz-Müller');
      // Reading order: letterhead, title, case number, then the body, the verification line last.
      expect(
        inReadingOrder(report.text, ['Stadt Meerane', 'Aktenzeichen', 'MEE-2026-000123', 'Echtheit prüfen']),
      ).toBe(true);
    });
  }

  it('gives the photo and the signature of an application their own alternative text', async () => {
    const report = checkTaggedPdf(await renderDocument(documents[3]!, options));
    expect(report.figures.map((f) => f.alt)).toEqual([
      expect.stringContaining('QR-Code'),
      'Lichtbild von Jürgen Ðorđe Łukasiewicz-Müller',
      'Unterschrift der antragstellenden Person',
    ]);
    expect(report.structure).toContain('L');
    expect(report.structure).toContain('LI');
  });
});
