import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import zlib from 'node:zlib';
import type { FontBytes } from '../../core/pdf/tagged-pdf';
import { woffToSfnt } from '../../core/pdf/woff';

/**
 * The fonts embedded in every PDF the server issues: Noto Sans regular and bold as KERN UX
 * (`@kern-ux/native`, already a dependency) ships them — SIL Open Font License 1.1, which
 * allows embedding in documents (ADR 20). Read once from node_modules and unpacked from WOFF;
 * nothing is downloaded.
 */
let cached: Promise<FontBytes> | null = null;

export function fontDirectory(): string {
  const require = createRequire(import.meta.url);
  try {
    return path.join(path.dirname(require.resolve('@kern-ux/native/package.json')), 'dist/fonts/noto-sans');
  } catch {
    return path.resolve('node_modules/@kern-ux/native/dist/fonts/noto-sans');
  }
}

/** Regular and bold as sfnt bytes, ready for TaggedPdf. */
export function documentFonts(): Promise<FontBytes> {
  if (!cached) {
    const dir = fontDirectory();
    const load = (name: string) =>
      woffToSfnt(fs.readFileSync(path.join(dir, name)), (data) => zlib.inflateSync(data));
    cached = Promise.all([load('NotoSans-Regular.woff'), load('NotoSans-Bold.woff')]).then(
      ([regular, bold]) => ({ regular, bold }),
    );
  }
  return cached;
}
