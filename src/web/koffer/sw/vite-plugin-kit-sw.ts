import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import type { Plugin } from 'vite';

/**
 * Builds the kit's service worker as /koffer-sw.js (at the root, so its scope can be /koffer)
 * with the list of app-shell files of this build: the kit's HTML, every script and style chunk
 * the kit entry loads (also lazily), the Argon2 worker, fonts and icons. VERSION is a hash of
 * that list, so a new build gives a new worker and a new cache, and an unchanged build does not.
 */
export function kitServiceWorker(): Plugin {
  return {
    name: 'bk-kit-service-worker',
    apply: 'build',
    enforce: 'post',
    // After Vite's own hooks, which drop the empty JS of pure-CSS chunks from the bundle.
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const chunks = Object.values(bundle).filter((f) => f.type === 'chunk');
        const entry = chunks.find((c) => c.type === 'chunk' && c.isEntry && c.name === 'koffer');
        if (entry?.type !== 'chunk') return;
        const shell = new Set<string>();
        const seen = new Set<string>();
        const visit = (fileName: string) => {
          if (seen.has(fileName)) return;
          seen.add(fileName);
          shell.add(fileName);
          const chunk = bundle[fileName];
          if (chunk?.type !== 'chunk') return;
          const meta = (
            chunk as { viteMetadata?: { importedCss?: Set<string>; importedAssets?: Set<string> } }
          ).viteMetadata;
          for (const css of meta?.importedCss ?? []) shell.add(css);
          for (const asset of meta?.importedAssets ?? []) shell.add(asset);
          for (const f of chunk.imports) visit(f);
          for (const f of chunk.dynamicImports) visit(f);
        };
        visit(entry.fileName);
        for (const name of Object.keys(bundle)) {
          if (/\.(woff2?|ttf|svg|png|webmanifest)$/.test(name) || /worker/i.test(name)) shell.add(name);
        }
        const urls = [
          '/koffer/',
          '/koffer/manifest.webmanifest',
          '/koffer/icon-192.png',
          '/koffer/icon-512.png',
          '/favicon.svg',
          // Only files that are really in the bundle (a chunk may be merged away after naming).
          ...[...shell].filter((f) => !f.endsWith('.html') && f in bundle).map((f) => `/${f}`),
        ];
        const unique = [...new Set(urls)].sort();
        const html = bundle['koffer/index.html'];
        const htmlText = html && html.type === 'asset' ? String(html.source) : '';
        const version = createHash('sha256')
          .update(unique.join('\n'))
          .update(htmlText)
          .digest('hex')
          .slice(0, 16);
        const source = fs.readFileSync(fileURLToPath(new URL('./kit-sw.ts', import.meta.url)), 'utf8');
        const js = ts.transpileModule(source, {
          compilerOptions: {
            target: ts.ScriptTarget.ES2022,
            module: ts.ModuleKind.ESNext,
            removeComments: false,
          },
        }).outputText;
        this.emitFile({
          type: 'asset',
          fileName: 'koffer-sw.js',
          source: `const SHELL = ${JSON.stringify(unique)};\nconst VERSION = ${JSON.stringify(version)};\n${js}`,
        });
      },
    },
  };
}
