import type { ProviderError, ProviderErrorCode } from '../core/provider-error.js';
import { printable } from './classify-imap-error.js';
import { classifyConnectionError } from '../transport/connection-errors.js';
import type { MailSecurity } from '../transport/tls-trust.js';
import { SMTP_FIELDS, stepError } from '../core/steps.js';
import { SMTP_PROBE_REPLY } from './smtp-certificate-probe.js';

export interface SmtpErrorContext {
  step: 'smtp' | 'test-email';
  host: string;
  security: MailSecurity;
}

/** Fields nodemailer sets on its errors (and the certificate probe mimics). */
interface SmtpErrorFields {
  code?: unknown;
  responseCode?: unknown;
  response?: unknown;
  command?: unknown;
}

/** Temporary replies: the server is throttling or busy (421 closing, 45x try later). */
const TEMPORARY = [421, 450, 451, 452, 454];
/** Replies to AUTH that mean the credentials were not accepted (534: the provider wants a web login or app password). */
const BAD_CREDENTIALS = [534, 535];

/**
 * Classifies a nodemailer (or certificate probe) failure by err.code and the SMTP reply code, never by
 * the message: EAUTH + 535 -> SMTP_AUTHENTICATION_FAILED; 421/45x -> RATE_LIMITED; a refused message or
 * envelope in the test email -> TEST_EMAIL_FAILED; other 5xx refusals -> SMTP_REJECTED; socket and TLS
 * failures by their Node/OpenSSL code.
 */
export function classifySmtpError(err: unknown, ctx: SmtpErrorContext): ProviderError {
  const make = (code: ProviderErrorCode, detail?: string) =>
    stepError(code, ctx.step, SMTP_FIELDS, detail, err);
  const e = (err ?? {}) as SmtpErrorFields;
  const code = typeof e.code === 'string' ? e.code : undefined;
  const reply = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const said =
    typeof e.response === 'string' ? `The server answered: ${printable(e.response)}` : undefined;

  if (reply !== undefined && TEMPORARY.includes(reply)) return make('RATE_LIMITED', said);

  if (code === 'EAUTH' || code === 'ENOAUTH') {
    if (reply === undefined || BAD_CREDENTIALS.includes(reply))
      return make('SMTP_AUTHENTICATION_FAILED', said);
    return make('SMTP_REJECTED', said);
  }
  if (code === 'EENVELOPE' || code === 'EMESSAGE') {
    return ctx.step === 'test-email'
      ? make('TEST_EMAIL_FAILED', said)
      : make('SMTP_REJECTED', said);
  }
  // STARTTLS refused or not offered (nodemailer sends it anyway with requireTLS).
  if ((code === 'ETLS' && reply !== undefined) || code === 'ERR_INLET_NO_STARTTLS') {
    return make('TLS_UNAVAILABLE', said ?? 'The server does not offer STARTTLS on this port.');
  }

  const network = classifyConnectionError(err, { ...ctx, fields: SMTP_FIELDS });
  if (network) return network;

  // Greeting/EHLO refusals (554 "no service for you") and any other permanent reply.
  if (reply !== undefined && reply >= 500)
    return ctx.step === 'test-email'
      ? make('TEST_EMAIL_FAILED', said)
      : make('SMTP_REJECTED', said);
  if (code === 'ETLS') return make('TLS_UNAVAILABLE', 'TLS could not be started.');
  if (code === 'ETIMEDOUT') return make('CONNECTION_TIMEOUT');
  if (code === 'EPROTOCOL' || code === SMTP_PROBE_REPLY)
    return make(
      'CONNECTION_REFUSED',
      said ?? 'The server on this port did not answer like an SMTP server. Check the port.',
    );
  return make('CONNECTION_REFUSED', `The connection failed${code ? ` (${code})` : ''}.`);
}
