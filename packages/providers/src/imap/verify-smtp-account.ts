import type { ProviderStep } from '../core/provider-error.js';
import type { CertificateInfo, MailSecurity } from '../transport/tls-trust.js';
import type { OnStep } from '../core/steps.js';
import type { SmtpSession } from './smtp-session.js';
import { runSmtpStep, type SmtpStepResult } from './smtp-step.js';
import type { SmtpAccountInput, SmtpDeps } from './smtp-transport.js';

export type { SmtpAccountInput, SmtpDeps } from './smtp-transport.js';

export const SMTP_STEPS = ['smtp'] as const satisfies readonly ProviderStep[];

export interface SmtpVerification {
  host: string;
  /** The vetted address that was connected to. */
  address: string;
  port: number;
  security: MailSecurity;
  /** The certificate seen when trust-any or a pin was used. */
  certificate: CertificateInfo | undefined;
  /** Set in trust-any / pinned mode: store it and pass it as pinnedFingerprint later. */
  pinnedFingerprint: string | undefined;
}

export type SmtpVerifyResult = SmtpStepResult<SmtpVerification & { session?: SmtpSession }>;

/**
 * Checks the outgoing server in one reported step 'smtp': vet the host, connect with mandatory TLS
 * (465 implicit, 587 STARTTLS), authenticate (EHLO, STARTTLS, AUTH), then QUIT; with `keepOpen` the
 * signed-in connection is returned as `session` instead (for the test email). Never throws.
 */
export function verifySmtpAccount(
  input: SmtpAccountInput,
  deps: SmtpDeps,
  onStep: OnStep = () => {},
  { keepOpen = false }: { keepOpen?: boolean } = {},
): Promise<SmtpVerifyResult> {
  return runSmtpStep(
    'smtp',
    input,
    deps,
    onStep,
    async (connection) => {
      return {
        ...(keepOpen ? { session: connection } : {}),
        host: input.host,
        address: connection.address,
        port: input.port,
        security: input.security,
        certificate: connection.certificate,
        pinnedFingerprint: connection.pinnedFingerprint,
      };
    },
    (v) =>
      `Signed in to ${input.host} (${v.address}) port ${input.port} over ${input.security === 'SSL_TLS' ? 'SSL/TLS' : 'STARTTLS'} as ${input.username}.`,
    { keepOpen },
  );
}

/** An SMTP server's settings without an account: what "Test these settings" checks. */
export type SmtpServerInput = Omit<SmtpAccountInput, 'username' | 'password' | 'accessToken'>;

/**
 * The part of the 'smtp' step that needs no account: vet, connect, greeting, EHLO and TLS (implicit or
 * STARTTLS, mandatory), certificate checked, then QUIT without AUTH. Never throws.
 */
export function probeSmtpServer(
  input: SmtpServerInput,
  deps: SmtpDeps,
  onStep: OnStep = () => {},
): Promise<SmtpStepResult<{ address: string; certificate: CertificateInfo | undefined }>> {
  return runSmtpStep(
    'smtp',
    { ...input, username: '', password: '', withoutAuth: true },
    deps,
    onStep,
    async (connection) => {
      return { address: connection.address, certificate: connection.certificate };
    },
    (v) =>
      `${input.host} (${v.address}) port ${input.port} answers as an SMTP server over ${input.security === 'SSL_TLS' ? 'SSL/TLS' : 'STARTTLS'}; no sign-in was tried.`,
  );
}
