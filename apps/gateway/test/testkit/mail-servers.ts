import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImapServerSettingsInput } from '../gql/graphql.js';

/** A file of the test servers' CAs (PEM) for INLET_EXTRA_CA_FILE, so the gateway trusts their certificates. */
export function caFile(...pems: string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'inlet-ca-')), 'ca.pem');
  writeFileSync(file, `${pems.join('\n')}\n`);
  return file;
}

/** IMAP and SMTP settings for a test Dovecot and SMTP server, by the name on their test certificates. */
export function imapServers(
  dovecot: { imapsPort: number },
  smtp: { submissionPort: number },
): ImapServerSettingsInput {
  return {
    imapHost: 'localhost',
    imapPort: dovecot.imapsPort,
    imapSecurity: 'SSL_TLS',
    smtpHost: 'localhost',
    smtpPort: smtp.submissionPort,
    smtpSecurity: 'STARTTLS',
  };
}

/** An EWS test mailbox with an Invoices folder and an enabled inbox rule that files mail into it. */
export const EWS_INVOICES_RULE = {
  folders: [{ id: 'folder-invoices', displayName: 'Invoices' }],
  inboxRules: [
    {
      id: 'rule-1',
      displayName: 'File invoices',
      enabled: true,
      moveToFolder: 'folder-invoices',
    },
  ],
};
