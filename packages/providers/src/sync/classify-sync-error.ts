import { isProviderError, ProviderError } from '../core/provider-error.js';
import { classifyImapError, printable } from '../imap/classify-imap-error.js';
import { errorCodes } from '../imap/connection-errors.js';
import type { MailSecurity } from '../imap/tls-trust.js';

export interface SyncErrorContext {
  host: string;
  security: MailSecurity;
}

/** The server or the network stopped answering in time. */
const TIMEOUTS = ['ETIMEOUT', 'ETIMEDOUT', 'SOCKET_TIMEOUT', 'CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT', 'LockTimeout'];
/** The connection went away under a command. */
const LOST = ['NoConnection', 'EConnectionClosed', 'ECONNRESET', 'EPIPE', 'ECONNABORTED', 'StateLogout', 'ClosedAfterConnectTLS', 'ClosedAfterConnectText'];

interface ImapFlowErrorFields {
  authenticationFailed?: unknown;
  serverResponseCode?: unknown;
  responseStatus?: unknown;
  responseText?: unknown;
  code?: unknown;
}

/** Connecting a sync connection: the same classification as the connection check (auth, TLS, network). */
export function classifyConnectError(err: unknown, ctx: SyncErrorContext): ProviderError {
  return isProviderError(err) ? err : classifyImapError(err, { step: 'login', host: ctx.host, security: ctx.security });
}

/**
 * Failures of an established session, from structured fields only: an auth or throttling response
 * code as in the connection check; a timeout or a dropped connection (retryable); a command the
 * server refused or anything unknown is SYNC_FAILED (retryable, with what the server said).
 */
export function classifySyncError(err: unknown, ctx: SyncErrorContext): ProviderError {
  if (isProviderError(err)) return err;
  const e = (err ?? {}) as ImapFlowErrorFields;
  if (e.authenticationFailed === true || typeof e.serverResponseCode === 'string' || e.code === 'ETHROTTLE') {
    const classified = classifyImapError(err, { step: 'sync', host: ctx.host, security: ctx.security });
    // CONNECTION_REFUSED is its "nothing known" answer; anything else came from a response code it knows.
    if (classified.code !== 'CONNECTION_REFUSED') return classified;
  }
  const codes = errorCodes(err);
  if (codes.some((c) => TIMEOUTS.includes(c))) {
    return new ProviderError('CONNECTION_TIMEOUT', { step: 'sync', field: null, detail: 'The server stopped answering during sync.', cause: err });
  }
  if (codes.some((c) => LOST.includes(c))) return connectionLost(undefined, err);
  const said = typeof e.responseText === 'string' && e.responseText ? `The server said: ${printable(e.responseText)}` : undefined;
  const code = codes[0] ? `Error code ${codes[0]}.` : undefined;
  return new ProviderError('SYNC_FAILED', { detail: said ?? code, cause: err });
}

/** The server closed a connection (restart, admin kick, idle logout), with its BYE text when it sent one. */
export function connectionLost(byeReason: string | undefined, cause?: unknown): ProviderError {
  const detail = byeReason ? `The server closed the connection: ${printable(byeReason)}` : 'The server closed the connection.';
  return new ProviderError('CONNECTION_LOST', { detail, cause });
}
