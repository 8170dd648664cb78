import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import QRCode from 'qrcode';

/**
 * A small A4 writer on pdf-lib: real text (selectable, searchable, read by screen readers and
 * pdftotext), document title and language set, automatic page breaks, and the verification QR
 * code drawn as vector squares. The standard fonts cover WinAnsi only; `pdfText` spells other
 * letters in their base form (Ł → L) so that nothing is dropped silently.
 */

export const A4 = { width: 595.28, height: 841.89 };
export const MARGIN = 56;
/** Where the verification QR code sits on the first page (tests read it back from here). */
export const QR_BOX = { x: A4.width - MARGIN - 72, y: A4.height - MARGIN - 72, size: 72 };

const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** Text the standard fonts can draw: Latin-1 and WinAnsi's extras; other letters lose accents. */
export function pdfText(input: string): string {
  let out = '';
  for (const ch of input.normalize('NFC')) {
    const code = ch.codePointAt(0)!;
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch)) {
      out += ch;
      continue;
    }
    if (ch === '\n' || ch === '\t') {
      out += ' ';
      continue;
    }
    const map: Record<string, string> = {
      ł: 'l',
      Ł: 'L',
      đ: 'd',
      Đ: 'D',
      ı: 'i',
      ẞ: 'SS',
      ő: 'ö',
      ű: 'ü',
      Ő: 'Ö',
      Ű: 'Ü',
    };
    if (map[ch]) {
      out += map[ch];
      continue;
    }
    const base = ch.normalize('NFD').replace(/\p{M}/gu, '');
    out += [...base].every((c) => c.codePointAt(0)! < 0x100) ? base : '?';
  }
  return out;
}

export interface PdfMeta {
  title: string;
  subject: string;
  author: string;
  language: 'de-DE' | 'en-GB';
  keywords?: string[];
}

export class PdfWriter {
  private page!: PDFPage;
  private y = 0;
  private pages = 0;

  private constructor(
    readonly doc: PDFDocument,
    private readonly regular: PDFFont,
    private readonly bold: PDFFont,
    private readonly footer: string,
    private readonly watermark: string | null,
  ) {}

  static async create(
    meta: PdfMeta,
    options: { footer: string; watermark?: string | null },
  ): Promise<PdfWriter> {
    const doc = await PDFDocument.create();
    doc.setTitle(pdfText(meta.title), { showInWindowTitleBar: true });
    doc.setSubject(pdfText(meta.subject));
    doc.setAuthor(pdfText(meta.author));
    doc.setCreator('Bürgerkoffer');
    doc.setProducer('Bürgerkoffer (pdf-lib)');
    doc.setLanguage(meta.language);
    if (meta.keywords) doc.setKeywords(meta.keywords);
    // Fixed dates keep the bytes of a re-rendered document identical.
    doc.setCreationDate(new Date(0));
    doc.setModificationDate(new Date(0));
    const writer = new PdfWriter(
      doc,
      await doc.embedFont(StandardFonts.Helvetica),
      await doc.embedFont(StandardFonts.HelveticaBold),
      options.footer,
      options.watermark ?? null,
    );
    writer.newPage();
    return writer;
  }

  get pageCount(): number {
    return this.pages;
  }

  get firstPage(): PDFPage {
    return this.doc.getPage(0);
  }

  private newPage() {
    this.page = this.doc.addPage([A4.width, A4.height]);
    this.pages++;
    this.y = A4.height - MARGIN;
    if (this.watermark) {
      // A specimen mark as ordinary text at the top of each page: readable by screen readers and
      // pdftotext in its place, unlike a rotated overlay.
      this.page.drawText(pdfText(this.watermark), {
        x: MARGIN,
        y: A4.height - 30,
        size: 11,
        font: this.bold,
        color: rgb(0.55, 0, 0),
      });
    }
    this.page.drawText(pdfText(this.footer), {
      x: MARGIN,
      y: 28,
      size: 7.5,
      font: this.regular,
      color: rgb(0.3, 0.3, 0.3),
    });
    this.page.drawText(String(this.pages), {
      x: A4.width - MARGIN - 10,
      y: 28,
      size: 7.5,
      font: this.regular,
    });
  }

  private ensure(height: number) {
    if (this.y - height < MARGIN + 20) this.newPage();
  }

  /** Moves the writing position down (or to a fixed height on the current page). */
  moveTo(y: number) {
    this.y = y;
  }

  get cursor(): number {
    return this.y;
  }

  space(points: number) {
    this.y -= points;
  }

  wrap(text: string, size: number, width: number, bold = false): string[] {
    const font = bold ? this.bold : this.regular;
    const lines: string[] = [];
    for (const paragraph of pdfText(text).split(/\r?\n/)) {
      let line = '';
      for (const word of paragraph.split(' ')) {
        const candidate = line ? `${line} ${word}` : word;
        if (font.widthOfTextAtSize(candidate, size) <= width || !line) line = candidate;
        else {
          lines.push(line);
          line = word;
        }
      }
      lines.push(line);
    }
    return lines;
  }

  text(
    text: string,
    options: { size?: number; bold?: boolean; x?: number; width?: number; gap?: number } = {},
  ) {
    const size = options.size ?? 10.5;
    const x = options.x ?? MARGIN;
    const width = options.width ?? A4.width - x - MARGIN;
    const leading = size * 1.35;
    for (const line of this.wrap(text, size, width, options.bold)) {
      this.ensure(leading);
      this.y -= leading;
      this.page.drawText(line, { x, y: this.y, size, font: options.bold ? this.bold : this.regular });
    }
    this.y -= options.gap ?? 2;
  }

  heading(text: string, size = 15) {
    this.space(6);
    this.text(text, { size, bold: true, gap: 6 });
  }

  /** A label and its value in two columns (values wrap in their column). */
  field(label: string, value: string, options: { labelWidth?: number } = {}) {
    const labelWidth = options.labelWidth ?? 170;
    const size = 10.5;
    const leading = size * 1.35;
    const valueLines = this.wrap(value || '–', size, A4.width - 2 * MARGIN - labelWidth, false);
    const labelLines = this.wrap(label, size, labelWidth - 8, true);
    const rows = Math.max(valueLines.length, labelLines.length);
    this.ensure(rows * leading);
    for (let i = 0; i < rows; i++) {
      this.y -= leading;
      if (labelLines[i]) this.page.drawText(labelLines[i]!, { x: MARGIN, y: this.y, size, font: this.bold });
      if (valueLines[i])
        this.page.drawText(valueLines[i]!, { x: MARGIN + labelWidth, y: this.y, size, font: this.regular });
    }
    this.y -= 3;
  }

  /** Amount lines right-aligned: label … amount. */
  amountLine(label: string, amount: string, bold = false) {
    const size = 10.5;
    const leading = size * 1.4;
    this.ensure(leading);
    this.y -= leading;
    const font = bold ? this.bold : this.regular;
    this.page.drawText(pdfText(label), { x: MARGIN, y: this.y, size, font });
    const text = pdfText(amount);
    this.page.drawText(text, {
      x: A4.width - MARGIN - font.widthOfTextAtSize(text, size),
      y: this.y,
      size,
      font,
    });
  }

  rule() {
    this.ensure(8);
    this.y -= 6;
    this.page.drawLine({
      start: { x: MARGIN, y: this.y },
      end: { x: A4.width - MARGIN, y: this.y },
      thickness: 0.6,
      color: rgb(0.4, 0.4, 0.4),
    });
    this.y -= 4;
  }

  async image(
    bytes: Uint8Array,
    type: 'image/jpeg' | 'image/png',
    maxWidth: number,
    maxHeight: number,
    caption?: string,
  ) {
    const img = type === 'image/png' ? await this.doc.embedPng(bytes) : await this.doc.embedJpg(bytes);
    const scale = Math.min(maxWidth / img.width, maxHeight / img.height, 1);
    const w = img.width * scale;
    const h = img.height * scale;
    this.ensure(h + 20);
    this.y -= h;
    this.page.drawImage(img, { x: MARGIN, y: this.y, width: w, height: h });
    this.page.drawRectangle({
      x: MARGIN,
      y: this.y,
      width: w,
      height: h,
      borderWidth: 0.5,
      borderColor: rgb(0.5, 0.5, 0.5),
    });
    if (caption) this.text(caption, { size: 8 });
    else this.space(4);
  }

  /** A line to sign on, with the signer's role below. */
  signatureLine(caption: string) {
    this.ensure(50);
    this.y -= 36;
    this.page.drawLine({
      start: { x: MARGIN, y: this.y },
      end: { x: MARGIN + 240, y: this.y },
      thickness: 0.6,
    });
    this.text(caption, { size: 8.5 });
  }

  /**
   * The verification block on the first page: the QR code (vector squares) leading to the
   * verification page, the code written out below it.
   */
  verification(url: string, code: string, label: string) {
    const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
    const n = qr.modules.size;
    const cell = QR_BOX.size / n;
    const page = this.firstPage;
    for (let row = 0; row < n; row++) {
      let start = -1;
      for (let col = 0; col <= n; col++) {
        const dark = col < n && qr.modules.get(row, col) === 1;
        if (dark && start < 0) start = col;
        if (!dark && start >= 0) {
          page.drawRectangle({
            x: QR_BOX.x + start * cell,
            y: QR_BOX.y + QR_BOX.size - (row + 1) * cell,
            width: (col - start) * cell,
            height: cell,
            color: rgb(0, 0, 0),
          });
          start = -1;
        }
      }
    }
    const small = 7;
    const lines = [label, code];
    lines.forEach((line, i) => {
      const t = pdfText(line);
      page.drawText(t, {
        x: QR_BOX.x + QR_BOX.size - this.regular.widthOfTextAtSize(t, small),
        y: QR_BOX.y - 10 - i * 9,
        size: small,
        font: i === 1 ? this.bold : this.regular,
      });
    });
  }

  async save(): Promise<Uint8Array> {
    return this.doc.save({ useObjectStreams: false });
  }
}
