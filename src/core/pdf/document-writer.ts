import { type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import { drawable, type FontBytes, type StructElement, TaggedPdf, type TaggedPdfMeta } from './tagged-pdf';

/**
 * An A4 writer for every document we issue (receipts, confirmations, certificates, the
 * disclosure, the kit's printouts): real, tagged text in reading order, automatic page breaks,
 * tables for label/value pairs, figures with alternative text, and page furniture (footer, page
 * number, rules) as artifacts. Built on TaggedPdf; pure, so the server and the kit share it.
 */

export const A4 = { width: 595.28, height: 841.89 };
export const MARGIN = 56;

export interface DocumentMeta extends TaggedPdfMeta {
  language: 'de-DE' | 'en-GB';
}

export interface DocumentOptions {
  fonts: FontBytes;
  /** A line at the foot of every page (an artifact: repeated page furniture). */
  footer: string;
  /** A specimen note at the top of every page (content on the first page). */
  watermark?: string | null;
}

/** The dark modules of a QR code (or any square matrix) to draw as a vector figure. */
export interface ModuleMatrix {
  size: number;
  get(row: number, col: number): number | boolean;
}

type Block = { kind: 'table'; el: StructElement } | { kind: 'list'; el: StructElement } | null;

export class DocumentWriter {
  private page!: PDFPage;
  private y = 0;
  private pages = 0;
  private block: Block = null;
  private section: StructElement;

  constructor(
    readonly pdf: TaggedPdf,
    private readonly footer: string,
    private readonly watermark: string | null = null,
  ) {
    this.section = pdf.root;
    this.newPage();
  }

  static async create(meta: DocumentMeta, options: DocumentOptions): Promise<DocumentWriter> {
    return new DocumentWriter(await TaggedPdf.create(meta, options.fonts), options.footer, options.watermark);
  }

  get regular(): PDFFont {
    return this.pdf.regular;
  }

  get bold(): PDFFont {
    return this.pdf.bold;
  }

  get pageCount(): number {
    return this.pages;
  }

  get firstPage(): PDFPage {
    return this.pdf.doc.getPage(0);
  }

  get currentPage(): PDFPage {
    return this.page;
  }

  /** Text as the embedded font can draw it (unknown letters lose accents, never vanish). */
  clean(text: string, bold = false): string {
    return drawable(bold ? this.bold : this.regular, text);
  }

  private newPage() {
    this.page = this.pdf.addPage([A4.width, A4.height]);
    this.pages++;
    this.y = A4.height - MARGIN;
    const page = this.page;
    if (this.watermark) {
      const mark = this.clean(this.watermark, true);
      const draw = () =>
        page.drawText(mark, {
          x: MARGIN,
          y: A4.height - 30,
          size: 11,
          font: this.bold,
          color: rgb(0.55, 0, 0),
        });
      // Read once, at the start; on later pages it is furniture.
      if (this.pages === 1) this.pdf.mark(page, this.pdf.element('P', this.pdf.root), draw);
      else this.pdf.artifact(page, draw, 'Pagination');
    }
    // The footer keeps to one line: cut with an ellipsis where it would run into the page number.
    let footer = this.clean(this.footer);
    const room = A4.width - 2 * MARGIN - 24;
    if (this.regular.widthOfTextAtSize(footer, 7.5) > room) {
      while (footer.length > 1 && this.regular.widthOfTextAtSize(`${footer}…`, 7.5) > room)
        footer = footer.slice(0, -1);
      footer = `${footer.trimEnd()}…`;
    }
    const number = String(this.pages);
    this.pdf.artifact(
      page,
      () => {
        page.drawText(footer, { x: MARGIN, y: 28, size: 7.5, font: this.regular, color: rgb(0.3, 0.3, 0.3) });
        page.drawText(number, { x: A4.width - MARGIN - 10, y: 28, size: 7.5, font: this.regular });
      },
      'Pagination',
    );
  }

  private ensure(height: number) {
    if (this.y - height < MARGIN + 20) this.newPage();
  }

  /** Starts a new page now (a serial letter: one letter per sheet). */
  pageBreak(): void {
    this.block = null;
    this.section = this.pdf.root;
    this.newPage();
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

  /** Starts a section (Sect) that groups what follows until the next `section()` or `endSection()`. */
  sectionStart(): void {
    this.block = null;
    this.section = this.pdf.element('Sect', this.pdf.root);
  }

  endSection(): void {
    this.block = null;
    this.section = this.pdf.root;
  }

  wrap(text: string, size: number, width: number, bold = false): string[] {
    const font = bold ? this.bold : this.regular;
    const lines: string[] = [];
    for (const paragraph of text.split(/\r?\n/)) {
      let line = '';
      for (const word of this.clean(paragraph, bold).split(' ')) {
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

  /** Lines of text owned by `el`, wrapped and broken across pages. */
  private lines(
    el: StructElement,
    text: string,
    options: {
      size?: number;
      bold?: boolean;
      x?: number;
      width?: number;
      gap?: number;
      color?: [number, number, number];
    },
  ) {
    const size = options.size ?? 10.5;
    const x = options.x ?? MARGIN;
    const width = options.width ?? A4.width - x - MARGIN;
    const leading = size * 1.35;
    const font = options.bold ? this.bold : this.regular;
    const color = options.color ? rgb(...options.color) : undefined;
    for (const line of this.wrap(text, size, width, options.bold)) {
      this.ensure(leading);
      this.y -= leading;
      const y = this.y;
      const page = this.page;
      this.pdf.mark(page, el, () => page.drawText(line, { x, y, size, font, ...(color ? { color } : {}) }));
    }
    this.y -= options.gap ?? 2;
  }

  /** A paragraph. */
  text(
    text: string,
    options: { size?: number; bold?: boolean; x?: number; width?: number; gap?: number } = {},
  ) {
    this.block = null;
    this.lines(this.pdf.element('P', this.section), text, options);
  }

  /** A heading: level 1 is the document's title, 2 a section, 3 a sub-section. */
  heading(text: string, size = 15, level: 1 | 2 | 3 = size >= 15 ? 1 : 2) {
    this.block = null;
    this.space(6);
    this.lines(this.pdf.element(`H${level}`, this.section), text, { size, bold: true, gap: 6 });
  }

  private tableEl(): StructElement {
    if (this.block?.kind !== 'table')
      this.block = { kind: 'table', el: this.pdf.element('Table', this.section) };
    return this.block.el;
  }

  /** A label and its value in two columns: one row of a table (label = row header). */
  field(label: string, value: string, options: { labelWidth?: number } = {}) {
    const labelWidth = options.labelWidth ?? 170;
    const size = 10.5;
    const leading = size * 1.35;
    const valueLines = this.wrap(value || '–', size, A4.width - 2 * MARGIN - labelWidth, false);
    const labelLines = this.wrap(label, size, labelWidth - 8, true);
    const rows = Math.max(valueLines.length, labelLines.length);
    const table = this.tableEl();
    this.ensure(rows * leading);
    const tr = this.pdf.element('TR', table);
    const th = this.pdf.element('TH', tr, { scope: 'Row' });
    const td = this.pdf.element('TD', tr);
    const page = this.page;
    const top = this.y;
    labelLines.forEach((line, i) => {
      const y = top - (i + 1) * leading;
      this.pdf.mark(page, th, () => page.drawText(line, { x: MARGIN, y, size, font: this.bold }));
    });
    valueLines.forEach((line, i) => {
      const y = top - (i + 1) * leading;
      this.pdf.mark(page, td, () =>
        page.drawText(line, { x: MARGIN + labelWidth, y, size, font: this.regular }),
      );
    });
    this.y = top - rows * leading - 3;
  }

  /** Amount lines right-aligned: label … amount (a table row). */
  amountLine(label: string, amount: string, bold = false) {
    const size = 10.5;
    const leading = size * 1.4;
    const table = this.tableEl();
    this.ensure(leading);
    this.y -= leading;
    const font = bold ? this.bold : this.regular;
    const tr = this.pdf.element('TR', table);
    const th = this.pdf.element('TH', tr, { scope: 'Row' });
    const td = this.pdf.element('TD', tr);
    const page = this.page;
    const y = this.y;
    const l = this.clean(label, bold);
    const a = this.clean(amount, bold);
    this.pdf.mark(page, th, () => page.drawText(l, { x: MARGIN, y, size, font }));
    this.pdf.mark(page, td, () =>
      page.drawText(a, { x: A4.width - MARGIN - font.widthOfTextAtSize(a, size), y, size, font }),
    );
  }

  /**
   * A table with a header row and data rows; columns share the width by `widths` (fractions).
   * Cells wrap; a row never breaks across pages; the header repeats as an artifact-free new
   * header row on each new page (it is real content again there, as in HTML tables).
   */
  table(header: string[], rows: string[][], options: { widths?: number[]; size?: number } = {}) {
    this.block = null;
    const size = options.size ?? 9;
    const leading = size * 1.35;
    const total = A4.width - 2 * MARGIN;
    const widths = (options.widths ?? header.map(() => 1 / header.length)).map((w) => w * total);
    const table = this.pdf.element('Table', this.section);
    const drawRow = (cells: string[], isHeader: boolean) => {
      const wrapped = cells.map((c, i) => this.wrap(c || '–', size, widths[i]! - 6, isHeader));
      const height = Math.max(...wrapped.map((w) => w.length)) * leading + 4;
      const brokeBefore = this.y - height < MARGIN + 20;
      this.ensure(height);
      if (brokeBefore && !isHeader) drawRow(header, true);
      const tr = this.pdf.element('TR', table);
      const page = this.page;
      const top = this.y;
      let x = MARGIN;
      wrapped.forEach((lines, i) => {
        const cell = this.pdf.element(isHeader ? 'TH' : 'TD', tr, isHeader ? { scope: 'Column' } : {});
        const cx = x;
        lines.forEach((line, j) => {
          const y = top - (j + 1) * leading;
          this.pdf.mark(page, cell, () =>
            page.drawText(line, { x: cx, y, size, font: isHeader ? this.bold : this.regular }),
          );
        });
        x += widths[i]!;
      });
      this.y = top - height;
      if (isHeader) {
        const y = this.y + 2;
        this.pdf.artifact(page, () =>
          page.drawLine({
            start: { x: MARGIN, y },
            end: { x: A4.width - MARGIN, y },
            thickness: 0.5,
            color: rgb(0.4, 0.4, 0.4),
          }),
        );
      }
    };
    drawRow(header, true);
    for (const row of rows) drawRow(row, false);
    this.y -= 4;
  }

  /** A bulleted list (L/LI with the bullet as label). */
  list(items: string[], options: { size?: number } = {}) {
    this.block = null;
    const size = options.size ?? 9.5;
    const list = this.pdf.element('L', this.section);
    for (const item of items) {
      const li = this.pdf.element('LI', list);
      const lbl = this.pdf.element('Lbl', li);
      const body = this.pdf.element('LBody', li);
      const leading = size * 1.35;
      this.ensure(leading);
      const page = this.page;
      const y = this.y - leading;
      this.pdf.mark(page, lbl, () => page.drawText('•', { x: MARGIN, y, size, font: this.regular }));
      this.lines(body, item, { size, x: MARGIN + 12 });
    }
  }

  rule() {
    this.block = null;
    this.ensure(8);
    this.y -= 6;
    const y = this.y;
    const page = this.page;
    this.pdf.artifact(page, () =>
      page.drawLine({
        start: { x: MARGIN, y },
        end: { x: A4.width - MARGIN, y },
        thickness: 0.6,
        color: rgb(0.4, 0.4, 0.4),
      }),
    );
    this.y -= 4;
  }

  /** A raster image as a figure with its alternative text (and an optional visible caption). */
  async image(
    bytes: Uint8Array,
    type: 'image/jpeg' | 'image/png',
    maxWidth: number,
    maxHeight: number,
    alt: string,
    caption?: string,
  ) {
    this.block = null;
    const doc = this.pdf.doc;
    const img = type === 'image/png' ? await doc.embedPng(bytes) : await doc.embedJpg(bytes);
    const scale = Math.min(maxWidth / img.width, maxHeight / img.height, 1);
    const w = img.width * scale;
    const h = img.height * scale;
    this.ensure(h + 20);
    this.y -= h;
    const y = this.y;
    const page = this.page;
    const figure = this.pdf.element('Figure', this.section, { alt, bbox: [MARGIN, y, MARGIN + w, y + h] });
    this.pdf.mark(page, figure, () => page.drawImage(img, { x: MARGIN, y, width: w, height: h }));
    this.pdf.artifact(page, () =>
      page.drawRectangle({
        x: MARGIN,
        y,
        width: w,
        height: h,
        borderWidth: 0.5,
        borderColor: rgb(0.5, 0.5, 0.5),
      }),
    );
    if (caption) this.text(caption, { size: 8 });
    else this.space(4);
  }

  /**
   * A vector figure (the verification QR code) at a fixed box on a page, with its alternative
   * text. Dark modules are drawn as runs of squares.
   */
  matrixFigure(
    page: PDFPage,
    box: { x: number; y: number; size: number },
    modules: ModuleMatrix,
    alt: string,
    parent: StructElement = this.pdf.root,
  ) {
    const n = modules.size;
    const cell = box.size / n;
    const figure = this.pdf.element('Figure', parent, {
      alt,
      bbox: [box.x, box.y, box.x + box.size, box.y + box.size],
    });
    this.pdf.mark(page, figure, () => {
      for (let row = 0; row < n; row++) {
        let start = -1;
        for (let col = 0; col <= n; col++) {
          const v = col < n ? modules.get(row, col) : 0;
          const dark = v === 1 || v === true;
          if (dark && start < 0) start = col;
          if (!dark && start >= 0) {
            page.drawRectangle({
              x: box.x + start * cell,
              y: box.y + box.size - (row + 1) * cell,
              width: (col - start) * cell,
              height: cell,
              color: rgb(0, 0, 0),
            });
            start = -1;
          }
        }
      }
    });
  }

  /** Small text at a fixed place on a page (right-aligned to `right`), as a paragraph. */
  placedText(page: PDFPage, lines: { text: string; bold?: boolean }[], right: number, top: number, size = 7) {
    const p = this.pdf.element('P', this.pdf.root);
    lines.forEach((line, i) => {
      const font = line.bold ? this.bold : this.regular;
      const t = this.clean(line.text, line.bold);
      this.pdf.mark(page, p, () =>
        page.drawText(t, { x: right - font.widthOfTextAtSize(t, size), y: top - i * 9, size, font }),
      );
    });
  }

  /** A line to sign on, with the signer's role below. */
  signatureLine(caption: string) {
    this.block = null;
    this.ensure(50);
    this.y -= 36;
    const y = this.y;
    const page = this.page;
    this.pdf.artifact(page, () =>
      page.drawLine({ start: { x: MARGIN, y }, end: { x: MARGIN + 240, y }, thickness: 0.6 }),
    );
    this.text(caption, { size: 8.5 });
  }

  async save(): Promise<Uint8Array> {
    return this.pdf.save();
  }
}
