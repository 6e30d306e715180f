import { isProviderError, type ProviderError, type ProviderStep } from '../core/provider-error.js';
import type { CertificateInfo, MailSecurity } from '../transport/tls-trust.js';
import { SMTP_FIELDS, StepRunner, type OnStep } from '../core/steps.js';
import { classifySmtpError } from './classify-smtp-error.js';
import { openSmtpTransport, type SmtpAccountInput, type SmtpDeps } from './smtp-transport.js';

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

export type SmtpVerifyResult = { ok: true; value: SmtpVerification } | { ok: false; error: ProviderError };

/**
 * Checks the outgoing server in one reported step 'smtp': vet the host, connect with mandatory TLS
 * (465 implicit, 587 STARTTLS), authenticate (nodemailer verify(): EHLO, STARTTLS, AUTH, QUIT). Never throws.
 */
export async function verifySmtpAccount(input: SmtpAccountInput, deps: SmtpDeps, onStep: OnStep = () => {}): Promise<SmtpVerifyResult> {
  const context = { step: 'smtp' as const, host: input.host, security: input.security };
  const runner = new StepRunner({ onStep, timeouts: deps.timeouts, steps: SMTP_STEPS, fields: SMTP_FIELDS, classify: (err) => classifySmtpError(err, context) });
  try {
    const value = await runner.run(
      'smtp',
      async (signal, budgetMs) => {
        const connection = await openSmtpTransport(input, deps, 'smtp', signal, budgetMs);
        try {
          await connection.transporter.verify();
        } finally {
          connection.transporter.close();
        }
        return {
          host: input.host,
          address: connection.address,
          port: input.port,
          security: input.security,
          certificate: connection.certificate,
          pinnedFingerprint: connection.pinnedFingerprint,
        };
      },
      (v) => `Signed in to ${input.host} (${v.address}) port ${input.port} over ${input.security === 'SSL_TLS' ? 'SSL/TLS' : 'STARTTLS'} as ${input.username}.`,
    );
    return { ok: true, value };
  } catch (err) {
    return { ok: false, error: isProviderError(err) ? err : classifySmtpError(err, context) };
  } finally {
    runner.finish();
  }
}
