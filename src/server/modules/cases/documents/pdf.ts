import QRCode from 'qrcode';
import { A4, DocumentWriter, MARGIN } from '../../../../core/pdf/document-writer';
import { TaggedPdf } from '../../../../core/pdf/tagged-pdf';
import { documentFonts } from '../../../pdf/fonts';

/**
 * The server's documents on the shared tagged-PDF writer (src/core/pdf, ADR 20): real text in
 * an embedded Unicode font, a structure tree in reading order, the verification QR code as a
 * figure with alternative text.
 */

export { A4, MARGIN };
/** Where the verification QR code sits on the first page (tests read it back from here). */
export const QR_BOX = { x: A4.width - MARGIN - 72, y: A4.height - MARGIN - 72, size: 72 };

export interface PdfMeta {
  title: string;
  subject: string;
  author: string;
  language: 'de-DE' | 'en-GB';
  keywords?: string[];
}

export class PdfWriter extends DocumentWriter {
  static async open(
    meta: PdfMeta,
    options: { footer: string; watermark?: string | null },
  ): Promise<PdfWriter> {
    return new PdfWriter(
      await TaggedPdf.create(meta, await documentFonts()),
      options.footer,
      options.watermark,
    );
  }

  /**
   * The verification block on the first page: the QR code (a figure whose alternative text says
   * where it leads) and the code written out below it.
   */
  verification(url: string, code: string, label: string, alt = `QR-Code zur Echtheitsprüfung: ${url}`) {
    const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
    const page = this.firstPage;
    this.matrixFigure(page, QR_BOX, qr.modules, alt);
    this.placedText(
      page,
      [{ text: label }, { text: code, bold: true }],
      QR_BOX.x + QR_BOX.size,
      QR_BOX.y - 10,
    );
  }
}
