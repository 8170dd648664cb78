import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import QRCode from 'qrcode';
import { A4, QR_BOX } from './documents/pdf';

/**
 * Helpers for the tests of cases and documents: real image files, and reading a PDF back —
 * its text with pdftotext, its QR code by rendering the page (pdftoppm) and reading the modules.
 */

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

/** A real PNG (grey gradient with a dark stroke), e.g. a photo or a signature. */
export function pngBytes(width: number, height: number, seed = 1): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0;
    for (let x = 0; x < width; x++) {
      const o = y * (width * 3 + 1) + 1 + x * 3;
      const stroke = Math.abs(y - height / 2 - Math.sin((x + seed) / 9) * height * 0.2) < 2;
      const v = stroke ? 20 : 200 + ((x * 7 + y * 3 + seed) % 50);
      raw[o] = v;
      raw[o + 1] = v;
      raw[o + 2] = v;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A fresh DATA_DIR for a test file, so stored attachments never land in ./data. */
export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'bk-data-'));
}

function tmpFile(bytes: Uint8Array, ext: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-pdf-'));
  const file = path.join(dir, `doc.${ext}`);
  fs.writeFileSync(file, bytes);
  return file;
}

/** The text of a PDF as pdftotext reads it (poppler-utils). */
export function pdfToText(bytes: Uint8Array): string {
  const file = tmpFile(bytes, 'pdf');
  try {
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

/** Title and language from pdfinfo. */
export function pdfInfo(bytes: Uint8Array): Record<string, string> {
  const file = tmpFile(bytes, 'pdf');
  try {
    const out = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    return Object.fromEntries(
      out
        .split('\n')
        .filter((l) => l.includes(':'))
        .map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]),
    );
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

/**
 * Renders the first page at 144 dpi and reads the QR code's modules back from QR_BOX; true when
 * they equal the modules of `expectedUrl` encoded the way the documents encode it.
 */
export function pdfQrMatches(bytes: Uint8Array, expectedUrl: string): boolean {
  const file = tmpFile(bytes, 'pdf');
  const dpi = 144;
  const scale = dpi / 72;
  try {
    execFileSync('pdftoppm', [
      '-r',
      String(dpi),
      '-gray',
      '-f',
      '1',
      '-l',
      '1',
      file,
      path.join(path.dirname(file), 'page'),
    ]);
    const pgm = fs.readdirSync(path.dirname(file)).find((f) => f.startsWith('page') && f.endsWith('.pgm'))!;
    const image = fs.readFileSync(path.join(path.dirname(file), pgm));
    // Binary PGM: "P5\n<w> <h>\n255\n" then one byte per pixel.
    const header = image.subarray(0, 40).toString('latin1');
    const m = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(header)!;
    const width = Number(m[1]);
    const offset = m[0].length;
    const expected = QRCode.create(expectedUrl, { errorCorrectionLevel: 'M' }).modules;
    const n = expected.size;
    const cell = QR_BOX.size / n;
    for (let row = 0; row < n; row++) {
      for (let col = 0; col < n; col++) {
        const xPt = QR_BOX.x + (col + 0.5) * cell;
        const yPt = QR_BOX.y + QR_BOX.size - (row + 0.5) * cell;
        const px = Math.round(xPt * scale);
        const py = Math.round((A4.height - yPt) * scale);
        const dark = image[offset + py * width + px]! < 128;
        if (dark !== (expected.get(row, col) === 1)) return false;
      }
    }
    return true;
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}
