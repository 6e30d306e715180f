import { isProviderError, ProviderError } from '../core/provider-error.js';
import { stepError, SMTP_FIELDS, DEFAULT_STEP_TIMEOUT_MS } from '../core/steps.js';
import { classifySmtpError } from './classify-smtp-error.js';
import { openSmtpTransport, type SmtpAccountInput, type SmtpDeps } from './smtp-transport.js';
import type { ComposedMessage } from '../core/compose-message.js';

export interface SentMessage {
  messageId: string;
  accepted: string[];
  response: string;
}

/** RCPT refusals that name a bad recipient (RFC 5321 §4.2.2): mailbox unavailable, not local, bad syntax. */
const RECIPIENT_REFUSED = [550, 551, 553, 501];

/**
 * Sends a composed message through the account's own SMTP server (TLS mandatory, vetted address,
 * the account's pin if any). Failures are ProviderErrors with step 'send'; `retryable` tells the
 * outbox whether to try again (throttling, network) or to show the user a permanent error.
 */
export async function sendMessage(account: SmtpAccountInput, message: ComposedMessage, deps: SmtpDeps): Promise<SentMessage> {
  const budget = deps.timeouts?.stepMs ?? DEFAULT_STEP_TIMEOUT_MS * 4;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), budget);
  try {
    const connection = await openSmtpTransport(account, deps, 'send', controller.signal, budget);
    try {
      const info = await connection.transporter.sendMail({ envelope: message.envelope, raw: message.raw });
      return { messageId: message.messageId, accepted: (info.accepted ?? []).map(String), response: info.response };
    } finally {
      connection.transporter.close();
    }
  } catch (err) {
    throw classifySendError(err, account);
  } finally {
    clearTimeout(timer);
  }
}

export function classifySendError(err: unknown, account: Pick<SmtpAccountInput, 'host' | 'security'>): ProviderError {
  if (isProviderError(err)) return err;
  const e = (err ?? {}) as { code?: unknown; responseCode?: unknown; response?: unknown };
  const said = typeof e.response === 'string' ? `The server answered: ${e.response.slice(0, 300)}` : undefined;
  if (e.responseCode === 552 || e.responseCode === 523) return stepError('MESSAGE_TOO_LARGE', 'send', SMTP_FIELDS, said, err);
  if (e.code === 'EENVELOPE' && typeof e.responseCode === 'number' && RECIPIENT_REFUSED.includes(e.responseCode)) {
    return stepError('RECIPIENT_REJECTED', 'send', SMTP_FIELDS, said, err);
  }
  const classified = classifySmtpError(err, { step: 'smtp', host: account.host, security: account.security });
  return new ProviderError(classified.code, { step: 'send', field: classified.field, detail: classified.detail, cause: err });
}
