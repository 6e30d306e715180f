import { isIP } from 'node:net';
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import { pinnedTlsOptions, verifiedTlsOptions, type MailSecurity } from './tls-trust.js';
import { requireVettedAddress } from './vet-address.js';

/** How the client signs in: a password (LOGIN, AUTH=PLAIN) or an OAuth access token (XOAUTH2, OAUTHBEARER). */
export type ImapLogin = { user: string; password: string } | { user: string; accessToken: string };

/** Which certificate the client accepts. */
export interface ImapClientTrust {
  /** Extra trust anchors (PEM) on top of Node's roots. */
  ca?: string | readonly string[];
  /** The certificate the user chose to trust: exactly this one is accepted, whatever its name or issuer. */
  pinned?: { pem: string; fingerprint: string };
  /** Admin opt-in: accept TLS 1.0/1.1. */
  allowLegacyTls?: boolean;
}

/** imapflow options a caller may add; where and how to connect and sign in are this module's. */
export type ImapClientExtras = Omit<
  ImapFlowOptions,
  | 'host'
  | 'port'
  | 'secure'
  | 'servername'
  | 'doSTARTTLS'
  | 'auth'
  | 'tls'
  | 'logger'
  | 'connectionTimeout'
  | 'greetingTimeout'
  | 'socketTimeout'
>;

export interface ImapClientOptions {
  /** The server name the user typed: SNI and the name the certificate must match. */
  host: string;
  /** What resolve-and-vet returned for `host`: the only address connected to. */
  address: string;
  port: number;
  security: MailSecurity;
  login: ImapLogin;
  trust?: ImapClientTrust;
  /** `connectMs` bounds the TCP connect, the TLS handshake and the greeting; `socketMs` any later silence. */
  timeouts: { connectMs: number; socketMs: number };
  extra?: ImapClientExtras;
}

/**
 * The one way an imapflow client is built: the socket goes to the vetted address (imapflow never resolves
 * the name again), TLS is checked against the typed host (pinned or verified, tls-trust), and STARTTLS is
 * required on a STARTTLS port (imapflow fails rather than continue in clear). The client is not connected;
 * its 'error' events have a listener, so a failure reaches whoever awaits connect() instead of crashing.
 */
export function createImapClient(options: ImapClientOptions): ImapFlow {
  requireVettedAddress(options.address);
  const { host, trust = {}, timeouts, login } = options;
  const tlsTrust = {
    servername: host,
    ...(trust.ca ? { ca: trust.ca } : {}),
    ...(trust.allowLegacyTls ? { allowLegacyTls: true } : {}),
  };
  const client = new ImapFlow({
    clientInfo: { name: 'Inlet' },
    // Bounded memory against a hostile or broken server (imapflow's defaults are 1-2 GB).
    maxLineLength: 4 * 1024 * 1024,
    maxLiteralSize: 16 * 1024 * 1024,
    maxResponseSize: 64 * 1024 * 1024,
    ...options.extra,
    host: options.address,
    port: options.port,
    secure: options.security === 'SSL_TLS',
    // The typed name is the TLS name; an IP literal gets no SNI (RFC 6066) and is checked as `host`.
    servername: isIP(host) ? undefined : host,
    doSTARTTLS: options.security === 'STARTTLS' ? true : undefined,
    auth:
      'accessToken' in login
        ? { user: login.user, accessToken: login.accessToken }
        : { user: login.user, pass: login.password },
    tls: trust.pinned
      ? pinnedTlsOptions(tlsTrust, trust.pinned.pem, trust.pinned.fingerprint)
      : verifiedTlsOptions(tlsTrust),
    logger: false,
    connectionTimeout: timeouts.connectMs,
    greetingTimeout: timeouts.connectMs,
    socketTimeout: timeouts.socketMs,
  });
  client.on('error', () => {});
  return client;
}

/** LOGOUT, or just the socket closed when the server does not answer it. */
export async function logOut(client: ImapFlow): Promise<void> {
  await client.logout().catch(() => client.close());
}

/**
 * Changes how long the server may stay silent before imapflow gives up on the connection (ETIMEOUT).
 * A command in flight (SELECT, FETCH) should hear from the server within seconds; IDLE is quiet for
 * minutes by design. imapflow keeps one limit for both, so the session narrows it around its commands.
 */
export function setSilenceLimit(client: ImapFlow, ms: number): void {
  const watched = client as unknown as {
    socketTimeout: number;
    socket?: { setTimeout?(ms: number): void } | false;
  };
  watched.socketTimeout = ms;
  if (watched.socket && typeof watched.socket.setTimeout === 'function')
    watched.socket.setTimeout(ms);
}
