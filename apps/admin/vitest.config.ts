import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Browser tests (e2e/) start a gateway and a Chromium per file, so files run one at a time;
// the unit tests of the console's pure logic (src/) ride along.
export default defineConfig({
  // Workspace packages from their TypeScript sources (the "@inlet/source" export condition) ahead of
  // Vite's default server conditions; plain `node` resolves their built dist/ instead.
  ssr: { resolve: { conditions: ['@inlet/source', 'module', 'node', 'development|production'] } },
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 90_000,
    fileParallelism: false,
    projects: [
      // The pure-logic tests share one module graph: a fresh worker per file cost more than the tests.
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts'], isolate: false } },
      { extends: true, test: { name: 'e2e', include: ['e2e/**/*.test.ts'] } },
    ],
  },
});
