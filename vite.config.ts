import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { kernFonts } from './src/web/build/vite-plugin-fonts';
import { precompress } from './src/web/build/vite-plugin-precompress';
import { purgeKernCss } from './src/web/build/vite-plugin-purge-css';
import { kitServiceWorker } from './src/web/koffer/sw/vite-plugin-kit-sw';

/**
 * `vite build` builds two things (ADR 0018):
 * - the browser bundle in dist/web: two documents, the main app (portal, terminal, desk, admin —
 *   each app its own chunk) and the field kit PWA under /koffer; CSS trimmed to what we use,
 *   fonts cut to the used weights, every text asset precompressed (.br, .gz);
 * - the server renderer in dist/web-ssr (beside the browser bundle, whatever --outDir says),
 *   which src/server/http/web.ts uses to render the citizen pages on the server.
 */
export default defineConfig({
  root: path.resolve('src/web'),
  publicDir: path.resolve('src/web/public'),
  plugins: [
    react(),
    kitServiceWorker(),
    kernFonts(path.resolve('src/web/ui/fonts/generated')),
    purgeKernCss(path.resolve('.')),
    precompress(),
    {
      // The server renderer goes beside the browser bundle: <outDir>-ssr.
      name: 'bk-ssr-out-dir',
      config(config) {
        const outDir = path.resolve(config.build?.outDir ?? 'dist/web');
        return { environments: { ssr: { build: { outDir: `${outDir}-ssr`, emptyOutDir: true } } } };
      },
    },
  ],
  builder: {},
  build: {
    outDir: path.resolve('dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
  },
  environments: {
    client: {
      build: {
        // .vite/manifest.json: the server preloads the chunks of a server-rendered page from it.
        manifest: true,
        rollupOptions: {
          input: {
            main: path.resolve('src/web/index.html'),
            koffer: path.resolve('src/web/koffer/index.html'),
          },
        },
      },
    },
    ssr: {
      build: {
        ssr: true,
        target: 'node20',
        copyPublicDir: false,
        rollupOptions: { input: { 'entry-server': path.resolve('src/web/ssr/entry-server.tsx') } },
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://localhost:8080',
      '/health': 'http://localhost:8080',
      '/ready': 'http://localhost:8080',
    },
  },
});
