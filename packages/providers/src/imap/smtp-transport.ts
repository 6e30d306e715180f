import nodemailer, {
  type SMTPSentMessageInfo,
  type SMTPTransportOptions,
  type Transporter,
} from 'nodemailer';
import type { ProviderStep } from '../core/provider-error.js';
import {
  isPinMode,
  pinFor,
  tlsOptionsAfterProbe,
  trustFor,
  verifiedTlsOptions,
  type CertificateInfo,
  type MailSecurity,
  type TrustChoices,
} from '../transport/tls-trust.js';
import { SMTP_FIELDS, type VerificationTimeouts, type VetHost } from '../core/steps.js';
import { vetHost } from '../transport/vet-host.js';
import { defaultClientName, probeSmtpCertificate } from './smtp-certificate-probe.js';

export interface SmtpAccountInput extends TrustChoices {
  /** Server host as the user typed it, normalised: the TLS name to match. */
  host: string;
  /** 465 for SSL_TLS, 587 for STARTTLS, usually. */
  port: number;
  security: MailSecurity;
  /** SMTP may use its own credentials; pass the IMAP ones when they are shared. */
  username: string;
  password: string;
  /** OAuth 2.0 access token: AUTH XOAUTH2 instead of the password (Gmail, Microsoft 365). */
  accessToken?: string;
  /** No AUTH at all: an admin's "Test these settings" has no account (username and password are empty). */
  withoutAuth?: boolean;
}

export interface SmtpDeps {
  vet: VetHost;
  /** Extra trust anchors (PEM) on top of Node's roots. */
  ca?: string | readonly string[];
  timeouts?: VerificationTimeouts;
  /** EHLO name (default: this machine's qualified host name, else [127.0.0.1], as nodemailer does). */
  clientName?: string;
}

export interface SmtpConnection {
  transporter: Transporter<SMTPSentMessageInfo, SMTPTransportOptions>;
  address: string;
  /** Seen by the probe in trust-any / pinned mode. */
  certificate: CertificateInfo | undefined;
  /** The fingerprint to store when the certificate is trusted only by trust-any or a pin. */
  pinnedFingerprint: string | undefined;
}

/**
 * Vets the host, looks at the certificate first when it is to be pinned, and builds a nodemailer
 * transport to the vetted address with TLS mandatory (implicit, or STARTTLS with requireTLS), the user's
 * host name as TLS name, and timeouts within the step's budget.
 */
export async function openSmtpTransport(
  input: SmtpAccountInput,
  deps: SmtpDeps,
  step: ProviderStep,
  signal: AbortSignal,
  budgetMs: number,
): Promise<SmtpConnection> {
  const vetted = await vetHost(deps.vet, input.host, input.port, SMTP_FIELDS, step);
  const trust = trustFor(input.host, input, deps.ca);
  const name = deps.clientName ?? defaultClientName();
  let certificate: CertificateInfo | undefined;
  if (isPinMode(trust))
    certificate = await probeSmtpCertificate(
      vetted.address,
      input.port,
      input.security,
      trust,
      name,
      signal,
    );
  const tls = certificate ? tlsOptionsAfterProbe(trust, certificate) : verifiedTlsOptions(trust);

  const transporter = nodemailer.createTransport({
    host: vetted.address,
    port: input.port,
    secure: input.security === 'SSL_TLS',
    requireTLS: input.security === 'STARTTLS',
    name,
    auth: input.withoutAuth
      ? undefined
      : input.accessToken
        ? { type: 'OAuth2', user: input.username, accessToken: input.accessToken }
        : { user: input.username, pass: input.password },
    tls,
    connectionTimeout: budgetMs,
    greetingTimeout: budgetMs,
    socketTimeout: budgetMs,
    logger: false,
    // Only our own test message is sent here: no file or URL content.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  signal.addEventListener('abort', () => transporter.close(), { once: true });
  return {
    transporter,
    address: vetted.address,
    certificate,
    pinnedFingerprint: certificate && pinFor(trust, certificate),
  };
}
