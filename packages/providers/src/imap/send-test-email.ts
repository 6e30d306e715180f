import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { ProviderStep } from '../core/provider-error.js';
import type { OnStep } from '../core/steps.js';
import type { SmtpSession } from './smtp-session.js';
import { runSmtpStep, type SmtpStepResult } from './smtp-step.js';
import type { SmtpAccountInput, SmtpDeps } from './smtp-transport.js';

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

export type TestEmailResult = SmtpStepResult<TestEmailSent>;

/**
 * Sends the connection test message to the BCC logging address through the account's own SMTP server,
 * reported as step 'test-email': over `session` (the 'smtp' step's signed-in connection) when given,
 * else over a new one. A refused sender, recipient or message is TEST_EMAIL_FAILED with the server's
 * reply as detail. Never throws.
 */
export function sendTestEmail(
  input: TestEmailInput,
  deps: SmtpDeps,
  onStep: OnStep = () => {},
  session?: SmtpSession,
): Promise<TestEmailResult> {
  return runSmtpStep(
    'test-email',
    input,
    deps,
    onStep,
    async (connection) => {
      const messageId = `<inlet-test-${randomUUID()}@${domainOf(input.from)}>`;
      const message = new MailComposer({
        from: input.from,
        to: input.to,
        subject: TEST_EMAIL_SUBJECT,
        messageId,
        date: new Date(),
        // RFC 3834: keeps vacation responders and the like from answering it.
        headers: { 'Auto-Submitted': 'auto-generated' },
        text:
          `Inlet sent this message to check that it can send email as ${input.from} through ${input.host}.\n` +
          'It went to your CRM logging address only. No action is needed.\n',
        // Only our own test message is sent here: no file or URL content.
        disableFileAccess: true,
        disableUrlAccess: true,
      }).compile();
      const info = await connection.send(
        { from: input.from, to: [input.to] },
        message.createReadStream(),
      );
      return {
        messageId,
        response: info.response,
        pinnedFingerprint: connection.pinnedFingerprint,
      };
    },
    (v) => `Test email ${v.messageId} sent to ${input.to}.`,
    { reuse: session },
  );
}

function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  const domain = at >= 0 ? address.slice(at + 1).trim() : '';
  return /^[A-Za-z0-9.-]+$/.test(domain) ? domain : 'inlet.invalid';
}
