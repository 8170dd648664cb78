import { PDFDocument, type PDFFont, rgb, StandardFonts } from 'pdf-lib';

/**
 * Receipts and summaries printed on site, made in the browser (pdf-lib) — no server, no network.
 * A4 with real text (selectable, readable by screen readers' PDF tools). Only what the citizen
 * needs: what was applied for, the numbers, the fee, the access code for the status page.
 */
export interface PdfLine {
  label: string;
  value: string;
}

export interface PdfDocumentInput {
  title: string;
  subtitle: string;
  sections: { heading: string; lines: PdfLine[] }[];
  footer: string;
  language: 'de' | 'en';
}

const A4: [number, number] = [595.28, 841.89];

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const words = text.split(/\s+/);
  const out: string[] = [];
  let line = '';
  for (const w of words) {
    const next = line ? `${line} ${w}` : w;
    if (font.widthOfTextAtSize(next, size) > width && line) {
      out.push(line);
      line = w;
    } else line = next;
  }
  if (line) out.push(line);
  return out;
}

/** WinAnsi (the standard fonts' encoding) has the German letters; anything else is replaced. */
function printable(text: string): string {
  return text.replace(/[^\u0020-\u007e\u00a0-\u00ff€–—„“”‚‘’…•]/g, '?');
}

export async function makePdf(input: PdfDocumentInput): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(input.title);
  pdf.setLanguage(input.language === 'de' ? 'de-DE' : 'en-GB');
  pdf.setProducer('Bürgerkoffer');
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  let page = pdf.addPage(A4);
  const margin = 56;
  let y = A4[1] - margin;
  const width = A4[0] - 2 * margin;
  const ensure = (h: number) => {
    if (y - h < margin) {
      page = pdf.addPage(A4);
      y = A4[1] - margin;
    }
  };
  const text = (t: string, f: PDFFont, size: number, x = margin, w = width) => {
    for (const line of wrap(printable(t), f, size, w)) {
      ensure(size + 4);
      page.drawText(line, { x, y: y - size, size, font: f, color: rgb(0, 0, 0) });
      y -= size + 4;
    }
  };
  text(input.title, bold, 20);
  y -= 4;
  text(input.subtitle, font, 11);
  y -= 12;
  for (const section of input.sections) {
    ensure(40);
    text(section.heading, bold, 13);
    y -= 2;
    for (const line of section.lines) {
      const top = y;
      text(line.label, font, 10, margin, 180);
      const afterLabel = y;
      y = top;
      text(line.value, bold, 10, margin + 190, width - 190);
      y = Math.min(y, afterLabel) - 2;
    }
    y -= 10;
  }
  y -= 8;
  text(input.footer, font, 9);
  return pdf.save();
}

/** Opens the PDF for printing: a download the browser's PDF viewer shows. */
export function downloadPdf(bytes: Uint8Array, fileName: string): string {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/pdf' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return url;
}
