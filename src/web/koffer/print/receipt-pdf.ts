import boldUrl from '@kern-ux/native/dist/fonts/noto-sans/NotoSans-Bold.woff?url';
import regularUrl from '@kern-ux/native/dist/fonts/noto-sans/NotoSans-Regular.woff?url';
import { DocumentWriter } from '../../../core/pdf/document-writer';
import type { FontBytes } from '../../../core/pdf/tagged-pdf';
import { woffToSfnt } from '../../../core/pdf/woff';

/** zlib data (a WOFF table) inflated with the browser's own DecompressionStream. */
async function inflate(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Receipts and summaries printed on site, made in the browser — no server, no network. The same
 * tagged-PDF writer as the server's documents (src/core/pdf, ADR 20): a structure tree in reading
 * order, language and title, Noto Sans embedded (the font files are part of the kit's app shell,
 * so printing works offline). Only what the citizen needs: what was applied for, the numbers,
 * the fee, the access code for the status page.
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

let fonts: Promise<FontBytes> | null = null;

/** The kit's copy of Noto Sans (cached with the app shell by the service worker). */
export function kitFonts(): Promise<FontBytes> {
  if (!fonts) {
    const load = async (url: string) => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`font ${url}: HTTP ${response.status}`);
      return woffToSfnt(new Uint8Array(await response.arrayBuffer()), inflate);
    };
    fonts = Promise.all([load(regularUrl), load(boldUrl)]).then(([regular, bold]) => ({ regular, bold }));
    fonts.catch(() => {
      fonts = null;
    });
  }
  return fonts;
}

export async function makePdf(input: PdfDocumentInput, fontBytes?: FontBytes): Promise<Uint8Array> {
  const w = await DocumentWriter.create(
    { title: input.title, language: input.language === 'de' ? 'de-DE' : 'en-GB', subject: input.subtitle },
    { fonts: fontBytes ?? (await kitFonts()), footer: input.title },
  );
  w.heading(input.title, 20, 1);
  w.text(input.subtitle, { size: 11, gap: 12 });
  for (const section of input.sections) {
    w.heading(section.heading, 13, 2);
    for (const line of section.lines) w.field(line.label, line.value);
    w.space(10);
  }
  w.text(input.footer, { size: 9 });
  return w.save();
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
