import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { graphqlDocumentsPerModule } from './graphql-documents-per-module.js';
import { precompressAssets } from './precompress-assets.js';
import { preloadPages } from './preload-pages.js';
import { prerenderPages } from './prerender-pages.js';

const gateway = 'http://127.0.0.1:4000';

export default defineConfig({
  plugins: [
    graphqlDocumentsPerModule({ gqlDir: fileURLToPath(new URL('./src/gql', import.meta.url)) }),
    react(),
    precompressAssets(),
    prerenderPages(),
    preloadPages(),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    // Same-origin in development too: the session cookie and the gateway's WebSocket origin check just work.
    proxy: {
      '/graphql': { target: gateway, ws: true },
      '/healthz': gateway,
    },
  },
  build: {
    outDir: 'dist',
    sourcemap: true,
  },
});
