import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Workspace packages from their TypeScript sources (the "@inlet/source" export condition) ahead of
  // Vite's default server conditions; plain `node` resolves their built dist/ instead.
  ssr: { resolve: { conditions: ['@inlet/source', 'module', 'node', 'development|production'] } },
  test: {
    include: ['src/**/*.test.ts'],
    // Real servers (Dovecot, SMTP, DNS, HTTPS, EWS) on a shared 2-core machine: generous bounds, no timing asserts.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // One module graph for every file instead of a fresh worker per file (which re-imports imapflow,
    // nodemailer, mailparser and the rest each time). Tests that fake timers restore them; servers are stopped.
    isolate: false,
    // One file at a time: tests take a free port and count on it staying closed (unusedPort), which a
    // file running beside them can take for its own server (seen in CI: a "closed" port answered TLS).
    fileParallelism: false,
  },
});
