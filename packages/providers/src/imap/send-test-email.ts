import { randomUUID } from 'node:crypto';
import { isProviderError, type ProviderError, type ProviderStep } from '../core/provider-error.js';
import { SMTP_FIELDS, StepRunner, type OnStep } from '../core/steps.js';
import { classifySmtpError } from './classify-smtp-error.js';
import { openSmtpTransport, type SmtpAccountInput, type SmtpDeps } from './smtp-transport.js';

export const TEST_EMAIL_STEPS = ['test-email'] as const satisfies readonly ProviderStep[];

export const TEST_EMAIL_SUBJECT = 'Inlet connection test';

export interface TestEmailInput extends SmtpAccountInput {
  /** The account's own address: From and envelope sender. */
  from: string;
  /** The account's BCC logging address, the only recipient. */
  to: string;
}

export interface TestEmailSent {
  messageId: string;
  /** The server's final reply to the message (e.g. "250 2.0.0 Ok: queued as ..."). */
  response: string;
  /** Set in trust-any / pinned mode. */
  pinnedFingerprint: string | undefined;
}

export type TestEmailResult = { ok: true; value: TestEmailSent } | { ok: false; error: ProviderError };

/**
 * Sends the connection test message to the BCC logging address through the account's own SMTP server,
 * reported as step 'test-email'. A refused sender, recipient or message is TEST_EMAIL_FAILED with the
 * server's reply as detail. Never throws.
 */
export async function sendTestEmail(input: TestEmailInput, deps: SmtpDeps, onStep: OnStep = () => {}): Promise<TestEmailResult> {
  const context = { step: 'test-email' as const, host: input.host, security: input.security };
  const runner = new StepRunner({ onStep, timeouts: deps.timeouts, steps: TEST_EMAIL_STEPS, fields: SMTP_FIELDS, classify: (err) => classifySmtpError(err, context) });
  try {
    const value = await runner.run(
      'test-email',
      async (signal, budgetMs) => {
        const connection = await openSmtpTransport(input, deps, 'test-email', signal, budgetMs);
        const messageId = `<inlet-test-${randomUUID()}@${domainOf(input.from)}>`;
        try {
          const info = await connection.transporter.sendMail({
            from: input.from,
            to: input.to,
            envelope: { from: input.from, to: [input.to] },
            subject: TEST_EMAIL_SUBJECT,
            messageId,
            date: new Date(),
            // RFC 3834: keeps vacation responders and the like from answering it.
            headers: { 'Auto-Submitted': 'auto-generated' },
            text:
              `Inlet sent this message to check that it can send email as ${input.from} through ${input.host}.\n` +
              'It went to your CRM logging address only. No action is needed.\n',
          });
          return { messageId, response: info.response, pinnedFingerprint: connection.pinnedFingerprint };
        } finally {
          connection.transporter.close();
        }
      },
      (v) => `Test email ${v.messageId} sent to ${input.to}.`,
    );
    return { ok: true, value };
  } catch (err) {
    return { ok: false, error: isProviderError(err) ? err : classifySmtpError(err, context) };
  } finally {
    runner.finish();
  }
}

function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  const domain = at >= 0 ? address.slice(at + 1).trim() : '';
  return /^[A-Za-z0-9.-]+$/.test(domain) ? domain : 'inlet.invalid';
}
