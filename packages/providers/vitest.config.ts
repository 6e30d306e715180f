import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Real servers (Dovecot, SMTP, DNS, HTTPS, EWS) on a shared 2-core machine: generous bounds, no timing asserts.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
