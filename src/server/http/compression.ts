import zlib from 'node:zlib';
import fastifyCompress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';

/**
 * Brotli or gzip for every dynamic text response — API JSON, problem documents, the HTML of the
 * apps, calendar files (#10 point 8, ADR 0018). Static assets do not pass through here: the build
 * precompresses them and the static handler sends the .br/.gz twin (src/server/http/web.ts); a
 * response that already carries Content-Encoding is left alone. Brotli at quality 5 costs about
 * as much CPU as gzip's default and saves a fifth more. Server-sent events hijack the reply and
 * are never buffered here. Request bodies are not decompressed (no zip bombs by upload).
 */
export async function registerCompression(app: FastifyInstance): Promise<void> {
  await app.register(fastifyCompress, {
    global: true,
    encodings: ['br', 'gzip'],
    threshold: 1024,
    brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } },
  });
}

/** The encoding to send a text in, by the request's Accept-Encoding (q=0 refuses), Brotli first. */
export function pickEncoding(acceptEncoding: string | string[] | undefined): 'br' | 'gzip' | null {
  const header = Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : (acceptEncoding ?? '');
  const accepted = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name, q ? Number.parseFloat(q.slice(2)) || 0 : 1);
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return null;
}

/**
 * Compresses a text the app sends outside a route (the HTML of the web apps is sent by the
 * not-found fallback, which @fastify/compress's route hooks do not reach). Sets Content-Encoding
 * and Vary; small texts go as they are.
 */
export function compressText(
  text: string,
  acceptEncoding: string | string[] | undefined,
): { body: string | Buffer; encoding: 'br' | 'gzip' | null } {
  const encoding = Buffer.byteLength(text) >= 1024 ? pickEncoding(acceptEncoding) : null;
  if (encoding === 'br')
    return {
      body: zlib.brotliCompressSync(text, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } }),
      encoding,
    };
  if (encoding === 'gzip') return { body: zlib.gzipSync(text), encoding };
  return { body: text, encoding: null };
}
