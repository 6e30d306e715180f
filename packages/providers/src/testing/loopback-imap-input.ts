import type { ImapConnectInput } from '../imap/imap-settings.js';

interface Credentials {
  user: string;
  password: string;
}

/**
 * What the connect form sends for a loopback Dovecot (IMAPS) and submission server (STARTTLS) on
 * localhost; SMTP signs in with `smtp` when given, else with the IMAP credentials.
 */
export function loopbackImapInput(
  servers: { dovecot: { imapsPort: number }; smtp: { submissionPort: number } },
  imap: Credentials,
  smtp?: Credentials,
): ImapConnectInput {
  return {
    email: imap.user,
    username: imap.user,
    password: imap.password,
    imap: { host: 'localhost', port: servers.dovecot.imapsPort, security: 'SSL_TLS' },
    smtp: { host: 'localhost', port: servers.smtp.submissionPort, security: 'STARTTLS' },
    smtpSameCredentials: smtp === undefined,
    smtpUsername: (smtp ?? imap).user,
    smtpPassword: (smtp ?? imap).password,
    trustAnyCertificate: false,
    allowLegacyTls: false,
    inboxAutomation: false,
  };
}
