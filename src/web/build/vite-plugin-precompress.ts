import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Plugin } from 'vite';

/**
 * Writes a Brotli (.br, quality 11) and a gzip (.gz, level 9) twin beside every text asset of
 * the build, once, at build time (#10 point 8, ADR 0018). The server's static handler sends the
 * twin the browser accepts with Content-Encoding and Vary: Accept-Encoding, so no CPU is spent
 * per request and the best compression levels are affordable. Fonts (woff2) and images are
 * compressed already.
 */
const TEXT = /\.(js|mjs|css|svg|json|webmanifest|txt|xml|map)$/;
const MIN_BYTES = 512;

export function precompressFile(file: string): void {
  const data = fs.readFileSync(file);
  if (data.length < MIN_BYTES) return;
  const br = zlib.brotliCompressSync(data, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
    },
  });
  const gz = zlib.gzipSync(data, { level: 9 });
  if (br.length < data.length) fs.writeFileSync(`${file}.br`, br);
  if (gz.length < data.length) fs.writeFileSync(`${file}.gz`, gz);
}

export function precompress(): Plugin {
  return {
    name: 'bk-precompress',
    apply: 'build',
    applyToEnvironment: (env) => env.name === 'client',
    writeBundle(options, bundle) {
      const dir = options.dir ?? '';
      for (const name of Object.keys(bundle)) if (TEXT.test(name)) precompressFile(path.join(dir, name));
    },
  };
}
