import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Workspace packages from their TypeScript sources (the "@inlet/source" export condition) ahead of
  // Vite's default server conditions; plain `node` resolves their built dist/ instead.
  ssr: { resolve: { conditions: ['@inlet/source', 'module', 'node', 'development|production'] } },
  resolve: {
    // Node loads graphql 16 through its CJS entry (no "exports" map); vite would pick the ESM one for
    // transformed files. Two copies break `instanceof GraphQLError` in graphql-ws, so use Node's.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // One file at a time: each starts gateways and databases; the machine has two cores.
    fileParallelism: false,
    // Each file in a fresh module graph (vitest's default). Sharing one (isolate: false) saved ~2.5 min,
    // but full runs then failed twice in a day in ways the files alone never did; kept isolated until
    // that is understood.
  },
});
