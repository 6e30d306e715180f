import {
  startAll,
  startDovecot,
  startSmtpServer,
  type DovecotServer,
  type SmtpTestServer,
  type Stoppable,
} from '@inlet/providers/testing';
import { writeCaFile } from './lifecycle.js';

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
