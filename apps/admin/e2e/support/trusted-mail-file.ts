import { stopAll, type Stoppable } from '@inlet/providers/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser.js';
import { startTestGateway, type RunningGateway, type TestGatewayOptions } from './gateway.js';
import { makeTestDir, tearDown } from './lifecycle.js';
import { startTrustedMail, type TrustedMail } from './mail-servers.js';

/** A test file's trusted mail servers, temp dir and Chromium, there once the file's first beforeAll ran. */
export interface TrustedMailFile extends TrustedMail {
  /** The file's temp dir (the gateway's data, the CA file). */
  dir: string;
  browser: Browser;
  /** A test gateway with its data in `dir` that trusts the mail servers (INLET_EXTRA_CA_FILE). */
  startGateway(options: Omit<TestGatewayOptions, 'caFile'>): Promise<RunningGateway>;
}

/**
 * The set-up of a test file that sends and reads mail: beforeAll makes its temp dir, starts the trusted
 * Dovecot and SMTP server for `users` and launches Chromium; afterAll closes Chromium, stops the
 * gateways, then `stopFirst` (what the file put in front of the servers) and the servers, and removes
 * the dir. Call it at the top level before the file's own beforeAll (hooks run in the order they are
 * declared), which then reads the returned object.
 */
export function trustedMailFile(
  name: string,
  users: { user: string; password: string }[],
  { stopFirst }: { stopFirst?: () => Promise<unknown> } = {},
): TrustedMailFile {
  const servers: Stoppable[] = [];
  // The servers, dir and browser are filled in by beforeAll; nothing reads them before.
  const file = {
    startGateway: (options) => startTestGateway(file.dir, { ...options, caFile: file.caFile }),
  } as TrustedMailFile;
  beforeAll(async () => {
    file.dir = await makeTestDir(name);
    Object.assign(file, await startTrustedMail(file.dir, users, servers));
    file.browser = await launchChromium();
  });
  afterAll(() =>
    tearDown({
      browser: file.browser as Browser | undefined,
      stop: async () => {
        await stopFirst?.().catch(() => {});
        await stopAll(servers);
      },
      dir: file.dir as string | undefined,
    }),
  );
  return file;
}
