import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Plugin } from 'vite';

/**
 * KERN's typeface, Fira Sans, as the portal needs it (#10 point 8, ADR 0018): @kern-ux/native ships
 * 32 files of about 130 KB each (every weight, italics, Cyrillic, Greek, Vietnamese). KERN's CSS
 * uses the weights 400 (body) and 600 (headings, labels, strong) — 500 falls back to 400, 700 to
 * 600 by the CSS font-matching rules, italics are synthesised. Each used weight is cut into
 * "latin" (ASCII, Latin-1 with the umlauts and ß, punctuation, €) and "latin-ext" (the rest of
 * Latin Extended-A/B for names like Łukasz or Ştefan); the browser loads latin-ext only when a
 * page contains such a letter (unicode-range). Only the OpenType features a browser uses are kept
 * (FEATURES). About 17 KB per file instead of 130 KB.
 *
 * The cut runs at build time with subset-font (HarfBuzz's hb-subset compiled to WebAssembly, no
 * native build) into src/web/ui/fonts/generated/ (not committed), and only again when the source
 * fonts, the ranges or the tool change. src/web/ui/fonts.css declares the faces.
 */
export const FONT_WEIGHTS = [
  { weight: 400, source: 'FiraSans-Regular.woff2' },
  { weight: 600, source: 'FiraSans-SemiBold.woff2' },
] as const;

export const UNICODE_RANGES = {
  latin: [
    [0x20, 0x7e],
    [0xa0, 0xff],
    [0x131, 0x131],
    [0x152, 0x153],
    [0x2bb, 0x2bc],
    [0x2c6, 0x2c6],
    [0x2da, 0x2da],
    [0x2dc, 0x2dc],
    [0x2000, 0x206f],
    [0x20ac, 0x20ac],
    [0x2122, 0x2122],
    [0x2190, 0x2193],
    [0x2212, 0x2212],
  ],
  'latin-ext': [
    [0x100, 0x130],
    [0x132, 0x151],
    [0x154, 0x24f],
    [0x1e00, 0x1eff],
    [0x20a0, 0x20ab],
    [0x20ad, 0x20cf],
  ],
} as const;

export type Subset = keyof typeof UNICODE_RANGES;

/**
 * The OpenType features kept: what browsers apply to Latin text by default (kerning, ligatures,
 * contextual forms, marks) and tabular figures (font-variant-numeric: tabular-nums in our CSS).
 * Fira's small caps, old-style figures, fractions and stylistic sets are dropped (10 KB a file).
 */
export const FEATURES = ['kern', 'liga', 'calt', 'ccmp', 'locl', 'mark', 'mkmk', 'clig', 'rlig', 'tnum'];

export function generatedFontName(weight: number, subset: Subset): string {
  return `fira-sans-${weight}-${subset}.woff2`;
}

function textOf(ranges: readonly (readonly [number, number])[]): string {
  let text = '';
  for (const [from, to] of ranges) for (let c = from; c <= to; c++) text += String.fromCodePoint(c);
  return text;
}

export async function generateFonts(outDir: string): Promise<void> {
  const require = createRequire(import.meta.url);
  const kernDir = path.join(
    path.dirname(require.resolve('@kern-ux/native/package.json')),
    'dist/fonts/fira-sans',
  );
  const toolVersion = (require('subset-font/package.json') as { version: string }).version;
  const sources = FONT_WEIGHTS.map((f) => fs.readFileSync(path.join(kernDir, f.source)));
  const stamp = createHash('sha256')
    .update(JSON.stringify({ toolVersion, UNICODE_RANGES, FEATURES, weights: FONT_WEIGHTS }))
    .update(Buffer.concat(sources))
    .digest('hex');
  const stampFile = path.join(outDir, 'stamp.txt');
  const expected = FONT_WEIGHTS.flatMap((f) =>
    (Object.keys(UNICODE_RANGES) as Subset[]).map((s) => generatedFontName(f.weight, s)),
  );
  if (
    fs.existsSync(stampFile) &&
    fs.readFileSync(stampFile, 'utf8') === stamp &&
    expected.every((n) => fs.existsSync(path.join(outDir, n)))
  )
    return;
  const { default: subsetFont } = await import('subset-font');
  fs.mkdirSync(outDir, { recursive: true });
  for (const [i, f] of FONT_WEIGHTS.entries()) {
    for (const [subset, ranges] of Object.entries(UNICODE_RANGES) as [
      Subset,
      typeof UNICODE_RANGES.latin,
    ][]) {
      const out = await subsetFont(sources[i]!, textOf(ranges), {
        targetFormat: 'woff2',
        keepFeatures: FEATURES,
      });
      fs.writeFileSync(path.join(outDir, generatedFontName(f.weight, subset)), out);
    }
  }
  fs.writeFileSync(stampFile, stamp);
}

/**
 * Generates the cut fonts before Vite reads the CSS, and preloads the one every page needs first
 * (400, latin) from each HTML document.
 */
export function kernFonts(outDir: string): Plugin {
  const critical = generatedFontName(400, 'latin');
  return {
    name: 'bk-kern-fonts',
    async config() {
      await generateFonts(outDir);
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const asset = Object.values(ctx.bundle ?? {}).find(
          (o) => o.type === 'asset' && (o.names ?? []).includes(critical),
        );
        const href = asset ? `/${asset.fileName}` : undefined;
        if (!href) return [];
        return [
          {
            tag: 'link',
            attrs: { rel: 'preload', href, as: 'font', type: 'font/woff2', crossorigin: '' },
            injectTo: 'head',
          },
        ];
      },
    },
  };
}
