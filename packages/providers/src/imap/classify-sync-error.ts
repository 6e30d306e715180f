import { isProviderError, ProviderError } from '../core/provider-error.js';
import { classifyImapError, printable } from './classify-imap-error.js';
import { IMAP_FIELDS } from '../core/steps.js';
import { classifyPinnedRefusal, errorCodes } from '../transport/connection-errors.js';
import type { MailSecurity } from '../transport/tls-trust.js';

export interface SyncErrorContext {
  host: string;
  security: MailSecurity;
  /** The certificate the connection trusts exactly ("Trust any certificate" at connect time), if any. */
  pinnedFingerprint?: string;
}

/** The server or the network stopped answering in time. */
const TIMEOUTS = [
  'ETIMEOUT',
  'ETIMEDOUT',
  'SOCKET_TIMEOUT',
  'CONNECT_TIMEOUT',
  'GREETING_TIMEOUT',
  'UPGRADE_TIMEOUT',
  'LockTimeout',
];
/** The connection went away under a command. */
const LOST = [
  'NoConnection',
  'EConnectionClosed',
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'StateLogout',
  'ClosedAfterConnectTLS',
  'ClosedAfterConnectText',
];

interface ImapFlowErrorFields {
  authenticationFailed?: unknown;
  serverResponseCode?: unknown;
  responseStatus?: unknown;
  responseText?: unknown;
  code?: unknown;
}

/**
 * The server refused a connection because the user already has too many: `NO [LIMIT]` to LOGIN
 * (RFC 5530; Dovecot's mail_max_userip_connections answers exactly that). Only the response code
 * decides, never the text.
 */
export function isConnectionLimit(err: unknown): boolean {
  const code = (err as ImapFlowErrorFields | null)?.serverResponseCode;
  return typeof code === 'string' && code.toUpperCase() === 'LIMIT';
}

/**
 * Refusals that say "not another connection now" rather than "not you": [LIMIT], and [UNAVAILABLE]
 * (some servers answer a connection over their limit with it). A session sheds its optional third
 * connection on these instead of failing.
 */
export function isConnectionRefusedForLoad(err: unknown): boolean {
  const code = (err as ImapFlowErrorFields | null)?.serverResponseCode;
  return (
    isConnectionLimit(err) || (typeof code === 'string' && code.toUpperCase() === 'UNAVAILABLE')
  );
}

/**
 * Connecting a sync connection: the same classification as the connection check (auth, TLS, network),
 * except that a connection limit is TOO_MANY_CONNECTIONS (retryable: the supervisor backs off).
 */
export function classifyConnectError(err: unknown, ctx: SyncErrorContext): ProviderError {
  if (isProviderError(err)) return err;
  if (isConnectionLimit(err)) return tooManyConnections(err);
  const changed = ctx.pinnedFingerprint
    ? classifyPinnedRefusal(err, ctx.pinnedFingerprint, {
        step: 'tls',
        fields: IMAP_FIELDS,
        host: ctx.host,
      })
    : undefined;
  return (
    changed ?? classifyImapError(err, { step: 'login', host: ctx.host, security: ctx.security })
  );
}

/** TOO_MANY_CONNECTIONS with what the server said (its text names the limit, e.g. mail_max_userip_connections=2). */
export function tooManyConnections(err: unknown): ProviderError {
  const text = (err as ImapFlowErrorFields | null)?.responseText;
  const detail =
    typeof text === 'string' && text ? `The server said: ${printable(text)}` : undefined;
  return new ProviderError('TOO_MANY_CONNECTIONS', { detail, cause: err });
}

/**
 * Failures of an established session, from structured fields only: an auth or throttling response
 * code as in the connection check; a timeout or a dropped connection (retryable); a command the
 * server refused or anything unknown is SYNC_FAILED (retryable, with what the server said).
 */
export function classifySyncError(err: unknown, ctx: SyncErrorContext): ProviderError {
  if (isProviderError(err)) return err;
  const e = (err ?? {}) as ImapFlowErrorFields;
  if (
    e.authenticationFailed === true ||
    typeof e.serverResponseCode === 'string' ||
    e.code === 'ETHROTTLE'
  ) {
    const classified = classifyImapError(err, {
      step: 'sync',
      host: ctx.host,
      security: ctx.security,
    });
    // CONNECTION_REFUSED is its "nothing known" answer; anything else came from a response code it knows.
    if (classified.code !== 'CONNECTION_REFUSED') return classified;
  }
  const codes = errorCodes(err);
  if (codes.some((c) => TIMEOUTS.includes(c))) {
    return new ProviderError('CONNECTION_TIMEOUT', {
      step: 'sync',
      field: null,
      detail: 'The server stopped answering during sync.',
      cause: err,
    });
  }
  if (codes.some((c) => LOST.includes(c))) return connectionLost(undefined, err);
  const said =
    typeof e.responseText === 'string' && e.responseText
      ? `The server said: ${printable(e.responseText)}`
      : undefined;
  const code = codes[0] ? `Error code ${codes[0]}.` : undefined;
  return new ProviderError('SYNC_FAILED', { detail: said ?? code, cause: err });
}

/** The server closed a connection (restart, admin kick, idle logout), with its BYE text when it sent one. */
export function connectionLost(byeReason: string | undefined, cause?: unknown): ProviderError {
  const detail = byeReason
    ? `The server closed the connection: ${printable(byeReason)}`
    : 'The server closed the connection.';
  return new ProviderError('CONNECTION_LOST', { detail, cause });
}
