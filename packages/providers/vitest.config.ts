import { availableParallelism } from 'node:os';
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
    // At least two files at a time, also on a 2-core machine (vitest's default there is one): most
    // of a file's time is spent waiting on its servers, not on the CPU.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
