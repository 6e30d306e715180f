import type { MailSecurity } from '@/gql/graphql';

export const securityLabels: Record<MailSecurity, string> = {
  SSL_TLS: 'SSL/TLS',
  STARTTLS: 'STARTTLS',
};

export const securityOptions = (['SSL_TLS', 'STARTTLS'] as const).map((value) => ({
  value,
  label: securityLabels[value],
}));

export type MailServer = 'imap' | 'smtp';

export const usualPorts = {
  imap: { SSL_TLS: 993, STARTTLS: 143 },
  smtp: { SSL_TLS: 465, STARTTLS: 587 },
} as const satisfies Record<MailServer, Record<MailSecurity, number>>;

/** The port and encryption fields a mail server form edits; ports stay text until submit. */
export interface ServerPortFields {
  imapPort: string;
  imapSecurity: MailSecurity;
  smtpPort: string;
  smtpSecurity: MailSecurity;
}

/** Both servers' fields as the IMAP forms keep them (ports stay text until submit). */
export interface ServerFieldValues extends ServerPortFields {
  imapHost: string;
  smtpHost: string;
}

/**
 * Changing the encryption suggests its usual port (993/143 for IMAP, 465/587 for SMTP), but only
 * while the port is empty or still the usual one for the previous choice: a custom port stays.
 */
export function withSecurity<V extends ServerPortFields>(
  values: V,
  server: MailServer,
  security: MailSecurity,
): V {
  const ports = usualPorts[server];
  if (server === 'imap') {
    const keep =
      values.imapPort.trim() !== '' &&
      values.imapPort.trim() !== String(ports[values.imapSecurity]);
    return {
      ...values,
      imapSecurity: security,
      imapPort: keep ? values.imapPort : String(ports[security]),
    };
  }
  const keep =
    values.smtpPort.trim() !== '' && values.smtpPort.trim() !== String(ports[values.smtpSecurity]);
  return {
    ...values,
    smtpSecurity: security,
    smtpPort: keep ? values.smtpPort : String(ports[security]),
  };
}

const MAX_GRAPHQL_INT = 2 ** 31 - 1;

/** A whole number the API can carry; the allowed range (1-65535) is the gateway's rule and message. */
export function parsePort(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return undefined;
  const port = Number(trimmed);
  return port <= MAX_GRAPHQL_INT ? port : undefined;
}

// The encryption each well-known port is for (the gateway warns with the same rule).
const IMPLICIT_TLS_PORTS = new Set([465, 993]);
const STARTTLS_PORTS = new Set([587, 143, 25]);

/** A warning when the port and encryption rarely go together (SSL/TLS on 587, STARTTLS on 465/993). */
export function portSecurityWarning(port: string, security: MailSecurity): string | undefined {
  const number = parsePort(port);
  if (number === undefined) return undefined;
  if (security === 'SSL_TLS' && STARTTLS_PORTS.has(number))
    return `Port ${number} usually expects STARTTLS, not SSL/TLS: users' connection checks will likely time out.`;
  if (security === 'STARTTLS' && IMPLICIT_TLS_PORTS.has(number))
    return `Port ${number} usually expects SSL/TLS, not STARTTLS: users' connection checks will likely fail.`;
  return undefined;
}
