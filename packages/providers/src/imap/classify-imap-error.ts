import type { ProviderError, ProviderErrorCode, ProviderStep } from '../core/provider-error.js';
import { classifyConnectionError } from '../transport/connection-errors.js';
import { NOT_IMAP, type ImapStatus } from './imap-wire.js';
import { LINE_TOO_LONG } from '../transport/line-reader.js';
import type { MailSecurity } from '../transport/tls-trust.js';
import { IMAP_FIELDS, stepError } from '../core/steps.js';

/**
 * IMAP response codes (RFC 5530 and friends) and what they mean for a connection check. Only the
 * bracketed code decides, never the human text after it (that is shown to the user as detail).
 */
const RESPONSE_CODES: Record<string, ProviderErrorCode> = {
  UNAVAILABLE: 'RATE_LIMITED',
  LIMIT: 'RATE_LIMITED',
  INUSE: 'RATE_LIMITED',
  PRIVACYREQUIRED: 'TLS_UNAVAILABLE',
  AUTHENTICATIONFAILED: 'AUTHENTICATION_FAILED',
  AUTHORIZATIONFAILED: 'AUTHENTICATION_FAILED',
  EXPIRED: 'AUTHENTICATION_FAILED',
};

export interface ImapErrorContext {
  step: ProviderStep;
  host: string;
  security: MailSecurity;
}

/** The fields of an imapflow error this reads (all optional: which are set depends on where it failed). */
interface ImapFlowErrorFields {
  code?: unknown;
  authenticationFailed?: unknown;
  serverResponseCode?: unknown;
  response?: unknown;
  responseText?: unknown;
}

/** Classifies anything a step of the IMAP check threw: imapflow errors, Node socket/TLS errors, wire errors. */
export function classifyImapError(err: unknown, ctx: ImapErrorContext): ProviderError {
  const make = (code: ProviderErrorCode, detail?: string) =>
    stepError(code, ctx.step, IMAP_FIELDS, detail, err);
  const e = (err ?? {}) as ImapFlowErrorFields;

  if (typeof e.serverResponseCode === 'string') {
    const code = RESPONSE_CODES[e.serverResponseCode.toUpperCase()];
    if (code) return make(code, serverSaid(e));
  }
  if (e.code === 'ETHROTTLE') return make('RATE_LIMITED', serverSaid(e));
  if (e.authenticationFailed === true) return make('AUTHENTICATION_FAILED', serverSaid(e));

  // Socket and TLS failures, and clear text where a TLS handshake was expected (judged from the bytes).
  const network = classifyConnectionError(err, { ...ctx, fields: IMAP_FIELDS });
  if (network) return network;

  if (e.code === NOT_IMAP || e.code === LINE_TOO_LONG) {
    return make(
      'CONNECTION_REFUSED',
      'The server on this port did not answer like an IMAP server. Check the port.',
    );
  }
  const code = typeof e.code === 'string' ? ` (${e.code})` : '';
  return ctx.step === 'tls'
    ? make('TLS_UNAVAILABLE', `TLS could not be started${code}.`)
    : make('CONNECTION_REFUSED', `The connection failed${code}.`);
}

/** A failure reported in a status line (greeting BYE, tagged NO/BAD), classified by its response code. */
export function classifyImapStatus(
  status: ImapStatus,
  fallback: ProviderErrorCode,
  ctx: ImapErrorContext,
): ProviderError {
  const code = (status.code && RESPONSE_CODES[status.code]) || fallback;
  return stepError(code, ctx.step, IMAP_FIELDS, statusText(status));
}

function serverSaid(e: ImapFlowErrorFields): string | undefined {
  const text =
    typeof e.response === 'string'
      ? e.response
      : typeof e.responseText === 'string'
        ? e.responseText
        : undefined;
  // imapflow's text starts with the command's tag ("2 NO [UNAVAILABLE] ..."); the tag means nothing to a user.
  return text
    ? `The server said: ${printable(text.replace(/^[A-Za-z0-9.]+ (?=(?:OK|NO|BAD) )/, ''))}`
    : undefined;
}

export function statusText(status: ImapStatus): string {
  const code = status.code
    ? `[${status.code}${status.codeArgs ? ` ${status.codeArgs}` : ''}] `
    : '';
  return `The server said: ${printable(`${status.status} ${code}${status.text}`)}`;
}

/** Server text for display: printable characters only, bounded. */
export function printable(text: string, max = 200): string {
  const clean = text.replace(/[^\x20-\x7e\u00a0-\uffff]/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}
