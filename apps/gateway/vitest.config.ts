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
    // One module graph for every file: each file otherwise re-imports the gateway (Apollo, Kysely, the
    // providers) in a fresh worker, several seconds a file. No test mocks modules or stubs globals;
    // spies are restored and servers stopped by the file that started them.
    isolate: false,
  },
});
