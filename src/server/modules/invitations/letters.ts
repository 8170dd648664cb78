import { type PDFFont, rgb } from 'pdf-lib';
import QRCode from 'qrcode';
import type { ServiceContent } from '../../../core/catalog/content';
import type { InvitableKind } from '../../../core/invitations/rules';
import { A4, DocumentWriter } from '../../../core/pdf/document-writer';
import { type StructElement, TaggedPdf } from '../../../core/pdf/tagged-pdf';
import { ID_DOCUMENT_LABELS } from '../../../core/register/vocabulary';
import { weekday } from '../../../core/time';
import { documentFonts } from '../../pdf/fonts';

/**
 * The serial letter of an invitation run (#14): one letter per sheet, in German (the official
 * language, § 23 VwVfG), in the layout of DIN 5008 form B for a window envelope (DL or C6/5):
 *
 * - letterhead in the top 45 mm;
 * - the address field 20 mm from the left edge and 45 mm from the top, 85 × 45 mm: the
 *   endorsement zone (17.7 mm, with the return address as its last line) and the address zone
 *   (27.3 mm, up to six lines) — text indented 5 mm, so it starts 25 mm from the edge;
 * - the information block 125 mm from the left, 50 mm from the top (date, who to ask);
 * - the subject from 98.4 mm, the text 25 mm from the left and 20 mm from the right;
 * - fold marks at 105 mm and 210 mm and the punch mark at 148.5 mm as artifacts.
 *
 * Tagged like every PDF we issue (ADR 20): each letter is a section in reading order (letterhead,
 * return address, address, information, subject, text, office day, the booking link with its QR
 * code as a figure with alternative text, what to bring, closing).
 */

export const MM = 72 / 25.4;
const top = (mm: number) => A4.height - mm * MM;
/** DIN 5008 form B, in points from the bottom left (pdf coordinates). */
export const DIN5008 = {
  addressLeft: 20 * MM,
  textLeft: 25 * MM,
  addressTop: top(45),
  /** Bottom of the endorsement zone = top of the address zone. */
  addressZoneTop: top(45 + 17.7),
  addressBottom: top(90),
  addressWidth: 85 * MM,
  infoLeft: 125 * MM,
  infoTop: top(50),
  subjectTop: top(98.4),
  textRight: A4.width - 20 * MM,
  folds: [top(105), top(210)],
  punch: top(148.5),
} as const;

export interface LetterAuthority {
  name: string;
  /** For the return address, which must fit one line of the window. */
  shortName: string;
  street: string;
  postalCode: string;
  city: string;
  phone: string | null;
  email: string | null;
}

export interface Letter {
  fictitious: boolean;
  /** Name as written on the envelope (degree, given names, family name). */
  name: string;
  addressLines: string[];
  documents: { kind: InvitableKind; validUntil: string }[];
  officeDay: { date: string; startTime: string; endTime: string; place: string; address: string };
  bookingUrl: string;
  /** "Was muss ich mitbringen?" of the services, merged. */
  bring: string[];
}

const GERMAN_WEEKDAYS = ['Sonntag', 'Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag'];

export function germanDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}

export function officeDayText(d: Letter['officeDay']): string {
  return `${GERMAN_WEEKDAYS[weekday(d.date) % 7]}, ${germanDate(d.date)}, ${d.startTime} bis ${d.endTime} Uhr`;
}

/** The items to bring, from the catalogue texts: required ones, each once, in the services' order. */
export function bringList(services: ServiceContent[]): string[] {
  const seen = new Set<string>();
  const items: string[] = [];
  for (const s of services)
    for (const d of s.documents) {
      if (!d.required) continue;
      const key = d.item.trim().toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      items.push(d.note ? `${d.item} – ${d.note}` : d.item);
    }
  return items;
}

export function documentsPhrase(documents: Letter['documents']): string {
  const parts = documents.map(
    (d) => `Ihr ${ID_DOCUMENT_LABELS[d.kind].de} ist noch bis zum ${germanDate(d.validUntil)} gültig`,
  );
  return `${parts.join(', und ')}.`;
}

export function subjectLine(letter: Letter): string {
  const kinds = letter.documents.map((d) => ID_DOCUMENT_LABELS[d.kind].de).join(' und ');
  const verb = letter.documents.length > 1 ? 'laufen' : 'läuft';
  return `${kinds} ${verb} bald ab – Einladung zum Sprechtag am ${germanDate(letter.officeDay.date)}`;
}

/**
 * A serial letter repeats most of its lines on every sheet; shaping a line (fontkit) is the slow
 * part of drawing it. The encoded form of a line is the same every time within one document (its
 * glyphs were added to the font subset the first time), so it is kept for this document's fonts.
 */
function memoiseEncoding(font: PDFFont): void {
  const encode = font.encodeText.bind(font);
  const cache = new Map<string, ReturnType<PDFFont['encodeText']>>();
  font.encodeText = (text: string) => {
    let encoded = cache.get(text);
    if (!encoded) {
      encoded = encode(text);
      cache.set(text, encoded);
    }
    return encoded;
  };
}

export async function renderInvitationLetters(
  authority: LetterAuthority,
  letters: Letter[],
  today: string,
): Promise<Uint8Array> {
  const w = new DocumentWriter(
    await TaggedPdf.create(
      {
        title: `Einladungen zum Sprechtag vor Ablauf des Ausweises – ${authority.name}`,
        language: 'de-DE',
        subject: 'Serienbrief: Einladung vor Ablauf eines Personalausweises oder Reisepasses',
        author: authority.name,
      },
      await documentFonts(),
    ),
    `${authority.name} · Einladung zum Sprechtag · Stand ${germanDate(today)}`,
  );
  memoiseEncoding(w.regular);
  memoiseEncoding(w.bold);
  if (letters.length === 0) {
    w.heading('Keine Einladungen in diesem Lauf', 15, 1);
    w.text('In diesem Lauf wurde niemand eingeladen, oder die Eingeladenen sind inzwischen verzogen.');
    return w.save();
  }
  letters.forEach((letter, i) => {
    if (i > 0) w.pageBreak();
    drawLetter(w, authority, letter, today);
  });
  if (w.pageCount !== letters.length) throw new Error('an invitation letter does not fit on one sheet');
  return w.save();
}

/**
 * Word wrapping with each word measured once (shaping a line with fontkit is the slow part of a
 * PDF; a serial letter of hundreds of sheets repeats the same words). Words longer than the line
 * (the booking link) are broken after `/ ? &` or before `%` (never inside a parameter's value
 * if it can be helped), failing that anywhere.
 */
const widthCache = new Map<string, number>();
function wrapFast(w: DocumentWriter, text: string, size: number, width: number, bold = false): string[] {
  const font = bold ? w.bold : w.regular;
  const measure = (word: string) => {
    const key = `${bold ? 'b' : 'r'}${size}|${word}`;
    let v = widthCache.get(key);
    if (v === undefined) {
      v = font.widthOfTextAtSize(word, size);
      if (widthCache.size > 20_000) widthCache.clear();
      widthCache.set(key, v);
    }
    return v;
  };
  const space = measure(' ');
  const lines: string[] = [];
  for (const paragraph of w.clean(text, bold).split(/\r?\n/)) {
    let line = '';
    let lineWidth = 0;
    const words = paragraph.split(' ').flatMap((word) => breakLong(word, width, measure));
    for (const word of words) {
      const ww = measure(word);
      if (!line) {
        line = word;
        lineWidth = ww;
      } else if (lineWidth + space + ww <= width) {
        line = `${line} ${word}`;
        lineWidth += space + ww;
      } else {
        lines.push(line);
        line = word;
        lineWidth = ww;
      }
    }
    lines.push(line);
  }
  return lines;
}

function breakLong(word: string, width: number, measure: (s: string) => number): string[] {
  if (measure(word) <= width) return [word];
  // Character by character (each width measured once): cut before the line would overflow,
  // preferably after a separator in the second half of the line.
  const parts: string[] = [];
  let start = 0;
  let used = 0;
  let soft = -1;
  for (let i = 0; i < word.length; i++) {
    const ch = word[i]!;
    const cw = measure(ch);
    if (used + cw > width && i > start) {
      const cut = soft > start + (i - start) / 2 ? soft : i;
      parts.push(word.slice(start, cut));
      start = cut;
      used = 0;
      soft = -1;
      for (let j = start; j <= i; j++) used += measure(word[j]!);
    } else used += cw;
    if (ch === '?' || ch === '&' || ch === '/') soft = i + 1;
    else if (ch === '%') soft = i;
  }
  parts.push(word.slice(start));
  return parts;
}

function drawLetter(w: DocumentWriter, authority: LetterAuthority, letter: Letter, today: string) {
  const pdf = w.pdf;
  const page = w.currentPage;
  const sect = pdf.element('Sect', pdf.root);
  const right = DIN5008.textRight;
  const width = right - DIN5008.textLeft;

  /** Lines of one structure element at a fixed place; returns the y below the last line. */
  const put = (
    el: StructElement,
    text: string,
    x: number,
    y: number,
    opts: { size?: number; bold?: boolean; width?: number; leading?: number } = {},
  ) => {
    const size = opts.size ?? 10;
    const leading = opts.leading ?? size * 1.3;
    const font = opts.bold ? w.bold : w.regular;
    let at = y;
    for (const line of wrapFast(w, text, size, opts.width ?? right - x, opts.bold)) {
      at -= leading;
      const yy = at;
      pdf.mark(page, el, () => page.drawText(line, { x, y: yy, size, font }));
    }
    return at;
  };
  const p = (text: string, x: number, y: number, opts?: Parameters<typeof put>[4]) =>
    put(pdf.element('P', sect), text, x, y, opts);

  // Fold and punch marks at the left edge (furniture, not content).
  pdf.artifact(page, () => {
    for (const y of [...DIN5008.folds, DIN5008.punch])
      page.drawLine({
        start: { x: 5 * MM, y },
        end: { x: (y === DIN5008.punch ? 12 : 10) * MM, y },
        thickness: 0.4,
        color: rgb(0.5, 0.5, 0.5),
      });
  });

  // Letterhead (left of the information block's column) and, for demo data, the specimen mark.
  let y = top(12);
  y = p(authority.name, DIN5008.textLeft, y, {
    size: 13,
    bold: true,
    width: DIN5008.infoLeft - DIN5008.textLeft - 12,
  });
  p(`${authority.street} · ${authority.postalCode} ${authority.city}`, DIN5008.textLeft, y - 2, { size: 9 });
  if (letter.fictitious)
    p('MUSTER – fiktive Demodaten, kein echter Brief', DIN5008.infoLeft, top(12), {
      size: 9,
      bold: true,
      width: right - DIN5008.infoLeft,
    });

  // Address field: the return address as the last line of the endorsement zone (one line,
  // shortened to fit), then the recipient in the address zone.
  const returnWidth = DIN5008.addressWidth - 5 * MM;
  let back = w.clean(
    `${authority.shortName}, ${authority.street}, ${authority.postalCode} ${authority.city}`,
  );
  while (back.length > 10 && w.regular.widthOfTextAtSize(back, 7) > returnWidth) back = back.slice(0, -1);
  const backEl = pdf.element('P', sect);
  pdf.mark(page, backEl, () =>
    page.drawText(back, { x: DIN5008.textLeft, y: DIN5008.addressZoneTop + 3, size: 7, font: w.regular }),
  );
  const address = pdf.element('P', sect);
  let ay = DIN5008.addressZoneTop - 1;
  for (const line of [letter.name, ...letter.addressLines].slice(0, 6))
    ay = put(address, line, DIN5008.textLeft, ay, { size: 10, leading: 12, width: returnWidth });

  // Information block.
  const info = pdf.element('Table', sect);
  let iy = DIN5008.infoTop;
  const row = (label: string, value: string) => {
    const tr = pdf.element('TR', info);
    const th = pdf.element('TH', tr, { scope: 'Row' });
    const td = pdf.element('TD', tr);
    const yy = iy - 11;
    const l = w.clean(label, true);
    const v = w.clean(value);
    pdf.mark(page, th, () => page.drawText(l, { x: DIN5008.infoLeft, y: yy, size: 8, font: w.bold }));
    pdf.mark(page, td, () => page.drawText(v, { x: DIN5008.infoLeft + 62, y: yy, size: 8, font: w.regular }));
    iy = yy;
  };
  row('Datum', germanDate(today));
  row('Auskunft', 'Bürgerbüro');
  if (authority.phone) row('Telefon', authority.phone);
  if (authority.email) row('E-Mail', authority.email);

  // Subject and text.
  y = put(pdf.element('H1', sect), subjectLine(letter), DIN5008.textLeft, DIN5008.subjectTop + 11, {
    size: 11,
    bold: true,
    width,
  });
  y = p(`Guten Tag ${letter.name},`, DIN5008.textLeft, y - 10);
  y = p(
    `${documentsPhrase(letter.documents)} Damit Sie rechtzeitig einen neuen bekommen, laden wir Sie zu unserem Sprechtag in Ihrem Ort ein. Den Antrag stellen Sie persönlich; wir nehmen dort Ihre Fingerabdrücke und Ihre Unterschrift auf.`,
    DIN5008.textLeft,
    y - 6,
    { width },
  );

  // The office day as a small table.
  const table = pdf.element('Table', sect);
  y -= 6;
  for (const [label, value] of [
    ['Sprechtag', officeDayText(letter.officeDay)],
    ['Ort', `${letter.officeDay.place}, ${letter.officeDay.address}`],
  ] as const) {
    const tr = pdf.element('TR', table);
    put(pdf.element('TH', tr, { scope: 'Row' }), label, DIN5008.textLeft, y, { bold: true, width: 70 });
    y = put(pdf.element('TD', tr), value, DIN5008.textLeft + 75, y, { width: width - 75 });
  }

  // Booking link and QR code side by side.
  const qrSize = 30 * MM;
  const textWidth = width - qrSize - 12;
  const linkTop = y - 8;
  let ly = p(
    'Bitte buchen Sie vorher einen Termin: mit dem QR-Code oder unter der folgenden Adresse. Der Sprechtag und die Leistung sind dort schon ausgewählt.',
    DIN5008.textLeft,
    linkTop,
    { width: textWidth },
  );
  ly = p(letter.bookingUrl, DIN5008.textLeft, ly - 2, { size: 8, width: textWidth });
  if (authority.phone)
    ly = p(
      `Ohne Internet vereinbaren Sie den Termin unter Telefon ${authority.phone}.`,
      DIN5008.textLeft,
      ly - 2,
      {
        width: textWidth,
      },
    );
  const qr = QRCode.create(letter.bookingUrl, { errorCorrectionLevel: 'M' });
  const qrBox = { x: right - qrSize, y: linkTop - qrSize, size: qrSize };
  w.matrixFigure(
    page,
    qrBox,
    qr.modules,
    `QR-Code: Termin am Sprechtag ${germanDate(letter.officeDay.date)} buchen, führt zu ${letter.bookingUrl}`,
    sect,
  );
  y = Math.min(ly, qrBox.y) - 4;

  // What to bring.
  y = put(pdf.element('H2', sect), 'Bitte bringen Sie mit', DIN5008.textLeft, y - 6, {
    size: 10.5,
    bold: true,
  });
  const list = pdf.element('L', sect);
  for (const item of letter.bring) {
    const li = pdf.element('LI', list);
    const lbl = pdf.element('Lbl', li);
    const yy = y - 9 * 1.3;
    pdf.mark(page, lbl, () => page.drawText('•', { x: DIN5008.textLeft, y: yy, size: 9, font: w.regular }));
    y = put(pdf.element('LBody', li), item, DIN5008.textLeft + 10, y, { size: 9, width: width - 10 });
  }

  // Closing and the information Art. 13/14 GDPR asks for, in short.
  y = p(
    'Haben Sie schon einen neuen Ausweis beantragt oder brauchen Sie keinen, ist dieses Schreiben für Sie erledigt. Der Termin ist ein Angebot; Sie können den Ausweis auch zu den Öffnungszeiten im Bürgerbüro beantragen.',
    DIN5008.textLeft,
    y - 6,
    { width, size: 9.5 },
  );
  y = p('Mit freundlichen Grüßen', DIN5008.textLeft, y - 6);
  y = p(`Ihr Bürgerbüro – ${authority.shortName}`, DIN5008.textLeft, y - 2);
  p(
    'Datenschutz: Wir schreiben Ihnen mit Ihrem Namen, Ihrer Anschrift und dem Ablaufdatum Ihres Ausweises aus dem Melderegister und dem Ausweisregister, weil wir Ausweise ausstellen (§ 9 PAuswG, § 6 PassG). Mehr dazu auf unserer Internetseite unter „Datenschutz“.',
    DIN5008.textLeft,
    y - 8,
    { width, size: 7.5 },
  );
}
