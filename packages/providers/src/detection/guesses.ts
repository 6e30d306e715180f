import type { DetectedServer } from './types.js';

/**
 * Conventional server names for a domain, implicit TLS first (RFC 8314), never plaintext. These
 * are candidates only: the caller probes them in order and keeps the first that answers.
 */
export function guessServers(domain: string): { imap: DetectedServer[]; smtp: DetectedServer[] } {
  const imapHosts = [`imap.${domain}`, `mail.${domain}`, domain];
  const smtpHosts = [`smtp.${domain}`, `mail.${domain}`, domain];
  return {
    imap: [
      ...imapHosts.map((host) => ({ host, port: 993, security: 'SSL_TLS' as const })),
      ...imapHosts.map((host) => ({ host, port: 143, security: 'STARTTLS' as const })),
    ],
    smtp: [
      ...smtpHosts.map((host) => ({ host, port: 465, security: 'SSL_TLS' as const })),
      ...smtpHosts.map((host) => ({ host, port: 587, security: 'STARTTLS' as const })),
    ],
  };
}
