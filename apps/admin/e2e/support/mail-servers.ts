import {
  startAll,
  startDovecot,
  startSmtpServer,
  stopAll,
  type DovecotServer,
  type SmtpTestServer,
  type Stoppable,
} from '@inlet/providers/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser.js';
import { makeTestDir, tearDown, writeCaFile } from './lifecycle.js';

/** A Dovecot and an SMTP submission server whose certificates the gateway trusts through `caFile`. */
export interface TrustedMail {
  imap: DovecotServer;
  smtp: SmtpTestServer;
  /** Both servers' CAs, in `dir`, for the gateway's INLET_EXTRA_CA_FILE. */
  caFile: string;
}

/**
 * Starts Dovecot and an SMTP server for `users` with certificates from the test CA, both registered in
 * `servers` (stop them with stopAll in afterAll), and writes their CA file into the test's `dir`.
 */
export async function startTrustedMail(
  dir: string,
  users: { user: string; password: string }[],
  servers: Stoppable[],
): Promise<TrustedMail> {
  const { imap, smtp } = await startAll(
    {
      imap: startDovecot({ certificate: 'trusted', users }),
      smtp: startSmtpServer({ certificate: 'trusted', users }),
    },
    servers,
  );
  return { imap, smtp, caFile: await writeCaFile(dir, [imap.ca, smtp.ca]) };
}

/** A test file's trusted mail servers, temp dir and Chromium, there once the file's first beforeAll ran. */
export interface TrustedMailFile extends TrustedMail {
  /** The file's temp dir (the gateway's data, the CA file). */
  dir: string;
  browser: Browser;
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
  // Filled in by beforeAll; nothing reads it before.
  const file = {} as TrustedMailFile;
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
