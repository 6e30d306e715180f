import net from 'node:net';
import tls from 'node:tls';
import { listenOnLoopback } from './free-port.js';
import {
  createTestCertificate,
  type TestCertificate,
  type TestCertificateKind,
} from './test-certificates.js';

/**
 * A tiny scripted IMAP server on 127.0.0.1 for behaviour Dovecot cannot be made to show: a Courier
 * greeting, a STARTTLS port without STARTTLS, clear text on a "TLS" port, TLS 1.1 only, LOGINDISABLED
 * after TLS, `NO [UNAVAILABLE]` to LOGIN. It answers CAPABILITY, ID, NOOP, STARTTLS, LOGIN,
 * AUTHENTICATE and LOGOUT; every login attempt gets `loginReply` (a refusal unless a test scripts an OK).
 */
export interface ImapResponderOptions {
  /** 'plain': clear text from the first byte (a 143-style port, or a misconfigured "TLS" port); 'tls': implicit TLS. */
  transport: 'plain' | 'tls';
  /** Full first line without CRLF, e.g. `* OK [CAPABILITY IMAP4rev1 STARTTLS] ready.` */
  greeting: string;
  /** Answer to CAPABILITY before TLS. */
  capabilities: string;
  /** Answer to CAPABILITY over TLS (default: `capabilities` without STARTTLS). */
  capabilitiesOverTls?: string;
  /** Accept the STARTTLS command (plain transport). */
  starttls?: boolean;
  /** Tagged reply to LOGIN/AUTHENTICATE without the tag (default `NO [AUTHENTICATIONFAILED] Authentication failed.`). */
  loginReply?: string;
  /** Tagged reply to ID without the tag (default: `* ID NIL` then OK). */
  idReply?: string;
  /** Untagged BYE sent before the LOGOUT completion. */
  logoutBye?: string;
  /** Certificate for TLS (default `trusted`). */
  certificate?: TestCertificateKind;
  /** Extra server TLS options, e.g. `{ maxVersion: 'TLSv1.1' }`. */
  tlsOptions?: tls.TlsOptions;
}

export interface ReceivedCommand {
  /** Upper-case command name only (arguments such as passwords are not kept). */
  command: string;
  /** Whether it arrived over TLS. */
  secure: boolean;
}

export interface ImapResponder {
  host: '127.0.0.1';
  port: number;
  /** The test CA to trust (when the certificate kind is `trusted`). */
  ca: string;
  certificate: TestCertificate;
  /** Commands received, in order, over all connections. */
  commands: ReceivedCommand[];
  stop(): Promise<void>;
}

export async function startImapResponder(options: ImapResponderOptions): Promise<ImapResponder> {
  const certificate = await createTestCertificate(options.certificate ?? 'trusted');
  const secureContext = tls.createSecureContext({
    key: certificate.key,
    cert: certificate.cert,
    ...options.tlsOptions,
  });
  const commands: ReceivedCommand[] = [];
  const capsOverTls =
    options.capabilitiesOverTls ?? options.capabilities.replace(/\s*\bSTARTTLS\b/i, '');

  const server = net.createServer((raw) => {
    raw.on('error', () => raw.destroy());
    if (options.transport === 'tls') {
      const secure = upgrade(raw);
      // Nothing may be written before the handshake completes (it would break it).
      secure.once('secure', () => serve(secure, true, true));
    } else {
      serve(raw, false, true);
    }
  });

  function upgrade(raw: net.Socket): tls.TLSSocket {
    const secure = new tls.TLSSocket(raw, { isServer: true, secureContext, ...options.tlsOptions });
    secure.on('error', () => secure.destroy()); // e.g. the client rejected the certificate
    return secure;
  }

  function serve(socket: net.Socket, secure: boolean, greet: boolean): void {
    let buffer = '';
    const send = (line: string) => socket.writable && socket.write(`${line}\r\n`);
    if (greet) send(options.greeting);
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      if (buffer.length > 64 * 1024) return socket.destroy();
      let end: number;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const [tag = '*', name = ''] = line.split(' ');
        const command = name.toUpperCase();
        commands.push({ command, secure });
        switch (command) {
          case 'CAPABILITY':
            send(`* CAPABILITY ${secure ? capsOverTls : options.capabilities}`);
            send(`${tag} OK CAPABILITY completed`);
            break;
          case 'NOOP':
            send(`${tag} OK NOOP completed`);
            break;
          case 'ID':
            if (options.idReply) {
              send(`${tag} ${options.idReply}`);
            } else {
              send('* ID NIL');
              send(`${tag} OK ID completed`);
            }
            break;
          case 'STARTTLS':
            if (secure || !options.starttls) {
              send(`${tag} BAD Unknown command`);
              break;
            }
            send(`${tag} OK Begin TLS negotiation now`);
            socket.off('data', onData);
            serve(upgrade(socket), true, false);
            return;
          case 'LOGIN':
          case 'AUTHENTICATE':
            send(
              `${tag} ${options.loginReply ?? 'NO [AUTHENTICATIONFAILED] Authentication failed.'}`,
            );
            break;
          case 'LOGOUT':
            send(options.logoutBye ?? '* BYE Logging out');
            send(`${tag} OK LOGOUT completed`);
            socket.end();
            return;
          default:
            send(`${tag} BAD Unknown command`);
        }
      }
    };
    socket.on('data', onData);
  }

  const listener = await listenOnLoopback(server);
  return {
    host: '127.0.0.1',
    port: listener.port,
    ca: certificate.ca,
    certificate,
    commands,
    stop: listener.stop,
  };
}

/** Courier-IMAP 5.0 greetings as captured from the real binaries (reference doc, section 3). */
export const COURIER_GREETING_PLAIN =
  '* OK [CAPABILITY IMAP4rev1 UIDPLUS CHILDREN NAMESPACE THREAD=ORDEREDSUBJECT THREAD=REFERENCES SORT QUOTA IDLE ACL ACL2=UNION STARTTLS ENABLE UTF8=ACCEPT] Courier-IMAP ready. Copyright 1998-2019 Double Precision, Inc.  See COPYING for distribution information.';
export const COURIER_GREETING_TLS =
  '* OK [CAPABILITY IMAP4rev1 UIDPLUS CHILDREN NAMESPACE THREAD=ORDEREDSUBJECT THREAD=REFERENCES SORT QUOTA IDLE AUTH=PLAIN ACL ACL2=UNION ENABLE UTF8=ACCEPT] Courier-IMAP ready. Copyright 1998-2019 Double Precision, Inc.  See COPYING for distribution information.';
const COURIER_CAPABILITY =
  'IMAP4rev1 UIDPLUS CHILDREN NAMESPACE THREAD=ORDEREDSUBJECT THREAD=REFERENCES SORT QUOTA IDLE ACL ACL2=UNION STARTTLS ENABLE UTF8=ACCEPT';
const COURIER_CAPABILITY_TLS =
  'IMAP4rev1 UIDPLUS CHILDREN NAMESPACE THREAD=ORDEREDSUBJECT THREAD=REFERENCES SORT QUOTA IDLE AUTH=PLAIN ACL ACL2=UNION ENABLE UTF8=ACCEPT';

/**
 * Stands in for Courier-IMAP: the courier-imap Debian package conflicts with dovecot-imapd (both provide
 * imap-server), so the real server cannot run next to Dovecot on a test machine. This sends Courier's exact
 * greeting and answers CAPABILITY, ID (NO, as Courier does before login) and LOGOUT like it. Debian's
 * package generates a self-signed certificate at install: `certificate: 'self-signed'`.
 */
export function startCourierResponder(
  options: { transport?: 'plain' | 'tls'; certificate?: TestCertificateKind } = {},
): Promise<ImapResponder> {
  const transport = options.transport ?? 'tls';
  return startImapResponder({
    transport,
    greeting: transport === 'tls' ? COURIER_GREETING_TLS : COURIER_GREETING_PLAIN,
    capabilities: transport === 'tls' ? COURIER_CAPABILITY_TLS : COURIER_CAPABILITY,
    capabilitiesOverTls: COURIER_CAPABILITY_TLS,
    starttls: transport === 'plain',
    idReply: 'NO Error in IMAP command received by server.',
    logoutBye: '* BYE Courier-IMAP server shutting down',
    certificate: options.certificate,
  });
}

const DOVECOT_LIKE_CAPABILITY =
  'IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ AUTH=PLAIN';

/** A server that speaks IMAP in clear text from the first byte: connect to it as if it were a 993-style port. */
export function startPlaintextResponder(): Promise<ImapResponder> {
  return startImapResponder({
    transport: 'plain',
    greeting: `* OK [CAPABILITY ${DOVECOT_LIKE_CAPABILITY} STARTTLS] Dovecot ready.`,
    capabilities: `${DOVECOT_LIKE_CAPABILITY} STARTTLS`,
    starttls: true,
  });
}

/** A 143-style port that never offers STARTTLS (a server with TLS switched off on that listener). */
export function startNoStarttlsResponder(): Promise<ImapResponder> {
  return startImapResponder({
    transport: 'plain',
    greeting: `* OK [CAPABILITY ${DOVECOT_LIKE_CAPABILITY}] IMAP server ready.`,
    capabilities: DOVECOT_LIKE_CAPABILITY,
  });
}

/**
 * Implicit TLS that only speaks TLS 1.0/1.1. OpenSSL 3 refuses those versions at its default security
 * level, so the server side runs at level 0 (`DEFAULT@SECLEVEL=0`), set on this server only.
 */
export function startLegacyTlsResponder(): Promise<ImapResponder> {
  return startImapResponder({
    transport: 'tls',
    greeting: `* OK [CAPABILITY ${DOVECOT_LIKE_CAPABILITY}] Old IMAP server ready.`,
    capabilities: DOVECOT_LIKE_CAPABILITY,
    tlsOptions: { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' },
  });
}

/** Implicit TLS; over TLS it advertises LOGINDISABLED and no AUTH= mechanism: password logins are off. */
export function startLoginDisabledResponder(): Promise<ImapResponder> {
  const caps = 'IMAP4rev1 ID ENABLE IDLE LOGINDISABLED';
  return startImapResponder({
    transport: 'tls',
    greeting: `* OK [CAPABILITY ${caps}] IMAP server ready.`,
    capabilities: caps,
  });
}

/** Implicit TLS; every login is answered `NO [UNAVAILABLE]`, as servers do while throttling a client. */
export function startThrottlingResponder(): Promise<ImapResponder> {
  return startImapResponder({
    transport: 'tls',
    greeting: `* OK [CAPABILITY ${DOVECOT_LIKE_CAPABILITY}] IMAP server ready.`,
    capabilities: DOVECOT_LIKE_CAPABILITY,
    loginReply: 'NO [UNAVAILABLE] Too many login attempts, try again later.',
  });
}
