import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { kitServiceWorker } from './src/web/koffer/sw/vite-plugin-kit-sw';

/** Two documents: the main app (portal, terminal, desk, admin) and the field kit PWA under /koffer. */
export default defineConfig({
  root: path.resolve('src/web'),
  publicDir: path.resolve('src/web/public'),
  plugins: [react(), kitServiceWorker()],
  build: {
    outDir: path.resolve('dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    rollupOptions: {
      input: {
        main: path.resolve('src/web/index.html'),
        koffer: path.resolve('src/web/koffer/index.html'),
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
