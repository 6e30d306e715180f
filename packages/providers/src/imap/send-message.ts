import { isProviderError, ProviderError } from '../core/provider-error.js';
import type { RefusedRecipient } from '../core/provider-module.js';
import { stepError, SMTP_FIELDS, DEFAULT_STEP_TIMEOUT_MS } from '../core/steps.js';
import { printable } from './classify-imap-error.js';
import { classifySmtpError } from './classify-smtp-error.js';
import { enhancedStatus, replyClass } from './smtp-reply.js';
import type { HeldConnection } from '../core/held-connection.js';
import { openSmtpSession, type SmtpSession } from './smtp-session.js';
import type { SmtpAccountInput, SmtpDeps } from './smtp-transport.js';
import type { ComposedMessage } from '../core/compose-message.js';

export interface SentMessage {
  messageId: string;
  accepted: string[];
  /** Recipients the server refused while it accepted the others (the email went to those). */
  refused: RefusedRecipient[];
  response: string;
}

/** Fields nodemailer sets on a failed send (EENVELOPE carries one error per refused recipient). */
interface NodemailerSendError {
  code?: unknown;
  command?: unknown;
  responseCode?: unknown;
  response?: unknown;
  rejectedErrors?: unknown;
}

/** "Message too big" (RFC 3463): 5.3.4 message too big for system, 5.2.3 exceeds a mailbox's limit. */
const TOO_LARGE_STATUS = ['3.4', '2.3'];

/**
 * Sends a composed message through the account's own SMTP server (TLS mandatory, vetted address,
 * the account's pin if any). Failures are ProviderErrors with step 'send'; `retryable` tells the
 * outbox whether to try again (throttling, network, a recipient deferred) or to show the user a
 * permanent error. When the server accepts some recipients and refuses others, the email is sent to
 * those it accepted and the refused ones are returned.
 */
export async function sendMessage(
  account: SmtpAccountInput,
  message: ComposedMessage,
  deps: SmtpDeps,
  held?: HeldConnection,
): Promise<SentMessage> {
  const budget = deps.timeouts?.stepMs ?? DEFAULT_STEP_TIMEOUT_MS * 4;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), budget);
  const key = loginKey(account);
  let session = held?.take<SmtpSession>(key);
  try {
    if (session) session.closeOn(controller.signal);
    else {
      session = await openSmtpSession(account, deps, 'send', controller.signal, budget);
      const opened = session;
      if (held)
        held.keep(
          key,
          opened,
          () => opened.open,
          () => opened.quit(),
        );
    }
    const info = await session.send(message.envelope, message.raw);
    const refused = refusedRecipients((info as { rejectedErrors?: unknown }).rejectedErrors);
    if (!held) session.quit();
    return {
      messageId: message.messageId,
      accepted: (info.accepted ?? []).map(String),
      refused,
      response: info.response,
    };
  } catch (err) {
    // Never reused after a failure: the next send starts on a new connection.
    if (held) held.close();
    else session?.close();
    throw classifySendError(err, account);
  } finally {
    clearTimeout(timer);
  }
}

/** What a kept connection was signed in with: a send with anything else opens a new one. */
function loginKey(account: SmtpAccountInput): string {
  return JSON.stringify([
    account.host,
    account.port,
    account.security,
    account.username,
    account.password,
    account.accessToken ?? null,
    account.withoutAuth ?? false,
    account.trustAnyCertificate ?? false,
    account.allowLegacyTls ?? false,
    account.pinnedFingerprint ?? null,
  ]);
}

export function classifySendError(
  err: unknown,
  account: Pick<SmtpAccountInput, 'host' | 'security'>,
): ProviderError {
  if (isProviderError(err)) return err;
  const e = (err ?? {}) as NodemailerSendError;
  const response = typeof e.response === 'string' ? e.response : undefined;
  const said =
    response !== undefined ? `The server answered: ${printable(response, 300)}` : undefined;
  // Every recipient refused at RCPT: a recipient problem (not the account's), permanent or deferred.
  if (e.code === 'EENVELOPE' && e.command === 'RCPT TO')
    return recipientError(err, refusedRecipients(e.rejectedErrors), said);
  const status = response !== undefined ? enhancedStatus(response) : undefined;
  if (
    e.responseCode === 552 ||
    e.responseCode === 523 ||
    (status && TOO_LARGE_STATUS.includes(status.slice(2)))
  ) {
    return stepError('MESSAGE_TOO_LARGE', 'send', SMTP_FIELDS, said, err);
  }
  const classified = classifySmtpError(err, {
    step: 'smtp',
    host: account.host,
    security: account.security,
  });
  return new ProviderError(classified.code, {
    step: 'send',
    field: classified.field,
    detail: classified.detail,
    cause: err,
  });
}

/**
 * No recipient was accepted. Any refused for good: RECIPIENT_REJECTED naming them (retrying cannot
 * help, the address must change). All only deferred (4xx, e.g. greylisting): RECIPIENT_DEFERRED,
 * retried with backoff.
 */
function recipientError(
  err: unknown,
  refused: RefusedRecipient[],
  said: string | undefined,
): ProviderError {
  const make = (code: 'RECIPIENT_REJECTED' | 'RECIPIENT_DEFERRED', detail: string | undefined) =>
    stepError(code, 'send', SMTP_FIELDS, detail, err);
  const permanent = refused.filter((r) => replyClass(r.reply, r.code) === 'permanent');
  if (permanent.length > 0)
    return make('RECIPIENT_REJECTED', describeRefused(permanent, 'refused'));
  if (refused.length > 0) return make('RECIPIENT_DEFERRED', describeRefused(refused, 'deferred'));
  const e = err as NodemailerSendError;
  const temporary =
    replyClass(
      typeof e.response === 'string' ? e.response : undefined,
      typeof e.responseCode === 'number' ? e.responseCode : undefined,
    ) === 'temporary';
  return make(temporary ? 'RECIPIENT_DEFERRED' : 'RECIPIENT_REJECTED', said);
}

function describeRefused(refused: RefusedRecipient[], what: 'refused' | 'deferred'): string {
  return `The server ${what} ${refused.map((r) => `${r.address} (${r.reply})`).join('; ')}.`;
}

/** nodemailer's per-recipient RCPT errors ({ recipient, responseCode, response }) as RefusedRecipients. */
export function refusedRecipients(errors: unknown): RefusedRecipient[] {
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((raw: unknown) => {
    const e = (raw ?? {}) as { recipient?: unknown; responseCode?: unknown; response?: unknown };
    if (typeof e.recipient !== 'string' || typeof e.responseCode !== 'number') return [];
    return [
      {
        address: e.recipient,
        code: e.responseCode,
        reply: typeof e.response === 'string' ? printable(e.response, 200) : String(e.responseCode),
      },
    ];
  });
}
