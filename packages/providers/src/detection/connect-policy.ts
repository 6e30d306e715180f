import { knownProviderFor, providerOfImapHost } from './known-providers.js';

/** Why a password (IMAP/SMTP) connection is refused before any network work. */
export type ImapConnectRefusal =
  | { code: 'USE_OAUTH'; provider: 'GMAIL' | 'MICROSOFT_365' }
  | { code: 'UNSUPPORTED_PROVIDER'; reason: string };

// Amazon SES (email-smtp.<region>.amazonaws.com) and WorkMail (*.mail.<region>.awsapps.com) servers.
const amazonHost = /(^|\.)(amazonaws\.com|awsapps\.com)$/;

/**
 * Gmail and Microsoft 365 must be connected through their sign-in (OAuth), never with a password;
 * Amazon SES and WorkMail mailboxes are not supported. Decided from the address and the typed servers.
 */
export function imapConnectRefusal(input: {
  domain: string;
  imapHost: string;
  smtpHost: string;
}): ImapConnectRefusal | undefined {
  const hosts = [input.imapHost, input.smtpHost].map((h) => h.toLowerCase());
  const known = knownProviderFor(input.domain);
  if (known?.provider === 'UNSUPPORTED' || hosts.some((h) => amazonHost.test(h))) {
    return {
      code: 'UNSUPPORTED_PROVIDER',
      reason: known?.reason ?? 'Amazon WorkMail and Amazon SES mailboxes are not supported.',
    };
  }
  if (known?.provider === 'GMAIL' || known?.provider === 'MICROSOFT_365')
    return { code: 'USE_OAUTH', provider: known.provider };
  const byHost =
    providerOfImapHost(hosts[0]!) ??
    (hosts[1] === 'smtp.gmail.com'
      ? 'GMAIL'
      : hosts[1] === 'smtp.office365.com'
        ? 'MICROSOFT_365'
        : undefined);
  return byHost ? { code: 'USE_OAUTH', provider: byHost } : undefined;
}
