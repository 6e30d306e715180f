import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import {
  createTestCertificate,
  type TestCertificate,
  type TestCertificateKind,
} from './test-certificates.js';

export interface SmtpTestUser {
  user: string;
  password: string;
}

/** A fixed reply the server gives instead of its normal one. */
export interface SmtpReply {
  code: number;
  message: string;
}

export interface SmtpTestServerOptions {
  /** Accounts for AUTH PLAIN/LOGIN (default jane@example.test / jane-smtp-password). */
  users?: SmtpTestUser[];
  /** Certificate on both ports (default `trusted`: localhost + 127.0.0.1, signed by `ca`). */
  certificate?: TestCertificateKind;
  /** MAIL FROM addresses refused with 553 5.7.1 (sender not owned by the user). */
  rejectSenders?: string[];
  /** RCPT TO addresses refused with 550 5.1.1 (no such recipient). */
  rejectRecipients?: string[];
  /** RCPT TO addresses answered with this reply, e.g. 554 5.7.1 relay denied or 450 4.2.0 greylisted (message without the code). */
  recipientReplies?: Record<string, SmtpReply>;
  /** RCPT TO addresses greylisted: the first try is answered 450 4.2.0, later ones are accepted. */
  greylistRecipients?: string[];
  /** Answer every new connection with this and close it (e.g. 554 refused, 421 too busy). */
  connectReply?: SmtpReply;
  /** Answer every AUTH with this (e.g. 454 4.7.0 temporary failure, 554 not allowed). */
  authReply?: SmtpReply;
  /** false: the submission port does not offer or accept STARTTLS. */
  starttls?: boolean;
  /**
   * Also offer AUTH XOAUTH2 (as Gmail and Microsoft 365 do): `verify` decides whether the bearer token
   * is valid for that user (e.g. by asking the test OpenID provider's introspection endpoint).
   */
  oauth2?: { verify(username: string, accessToken: string): boolean | Promise<boolean> };
  /**
   * Awaited once a message's data has arrived, before it is recorded and answered 250 (a rejection
   * answers 451 and records nothing): fault tests hold a send in flight with it.
   */
  beforeAccept?(parsed: ParsedMail): Promise<void>;
  /**
   * A sink: accept every message and drop it unread (no parsing, `messages` stays empty), so a
   * benchmark measures the sender rather than this server. The reply options still apply.
   */
  discard?: boolean;
  /** Called as each message is answered 250 (also in `discard` mode), with its envelope recipients. */
  onAccept?(recipients: string[]): void;
}

export interface ReceivedSmtpMessage {
  /** The authenticated user. */
  user: string;
  /** Whether the session was encrypted. */
  secure: boolean;
  envelope: { from: string; to: string[] };
  parsed: ParsedMail;
}

export interface SmtpTestServer {
  host: '127.0.0.1';
  /** 587-style port: STARTTLS, AUTH only after TLS. */
  submissionPort: number;
  /** 465-style port: implicit TLS. */
  smtpsPort: number;
  ca: string;
  certificate: TestCertificate;
  users: SmtpTestUser[];
  /** Messages accepted so far, parsed with mailparser. */
  messages: ReceivedSmtpMessage[];
  /** Connections accepted so far, on both ports. */
  readonly connections: number;
  /** The accepted message with this Message-ID (angle brackets optional), if any. */
  find(messageId: string): ReceivedSmtpMessage | undefined;
  stop(): Promise<void>;
}

const DEFAULT_USERS: SmtpTestUser[] = [
  { user: 'jane@example.test', password: 'jane-smtp-password' },
];

const bare = (messageId: string) => messageId.trim().replace(/^<|>$/g, '').toLowerCase();

function replyError(reply: SmtpReply): Error {
  return Object.assign(new Error(reply.message), { responseCode: reply.code });
}

/** Starts an smtp-server submission server on 127.0.0.1: STARTTLS and implicit TLS ports sharing one behaviour. */
export async function startSmtpServer(
  options: SmtpTestServerOptions = {},
): Promise<SmtpTestServer> {
  const certificate = await createTestCertificate(options.certificate ?? 'trusted');
  const users = options.users ?? DEFAULT_USERS;
  const messages: ReceivedSmtpMessage[] = [];
  let connections = 0;
  const lower = (list: string[] | undefined) => new Set((list ?? []).map((a) => a.toLowerCase()));
  const rejectSenders = lower(options.rejectSenders);
  const rejectRecipients = lower(options.rejectRecipients);
  const greylisted = lower(options.greylistRecipients);
  const recipientReplies = new Map(
    Object.entries(options.recipientReplies ?? {}).map(([address, reply]) => [
      address.toLowerCase(),
      reply,
    ]),
  );

  const common: SMTPServerOptions = {
    key: certificate.key,
    cert: certificate.cert,
    name: 'localhost',
    logger: false,
    authMethods: options.oauth2 ? ['PLAIN', 'LOGIN', 'XOAUTH2'] : ['PLAIN', 'LOGIN'],
    authOptional: false,
    size: 10 * 1024 * 1024,
    closeTimeout: 1_000, // stop() does not wait 30 s for a client that keeps its connection
    onConnect(_session, callback) {
      connections += 1;
      callback(options.connectReply ? replyError(options.connectReply) : null);
    },
    onAuth(auth, _session, callback) {
      if (options.authReply) return callback(replyError(options.authReply));
      if (auth.method === 'XOAUTH2') {
        const oauth2 = options.oauth2;
        if (!oauth2)
          return callback(
            Object.assign(new Error('5.7.4 Unrecognized authentication type'), {
              responseCode: 504,
            }),
          );
        Promise.resolve(oauth2.verify(auth.username ?? '', auth.accessToken ?? '')).then(
          // A refused token gets the XOAUTH2 error challenge (RFC 7628-style JSON), then 535.
          (valid) =>
            valid
              ? callback(null, { user: auth.username })
              : callback(null, {
                  data: { status: '401', schemes: 'bearer', scope: 'https://mail.google.com/' },
                }),
          (err: Error) => callback(err),
        );
        return;
      }
      const ok = users.some((u) => u.user === auth.username && u.password === auth.password);
      if (!ok)
        return callback(
          Object.assign(new Error('5.7.8 Authentication credentials invalid'), {
            responseCode: 535,
          }),
        );
      callback(null, { user: auth.username });
    },
    onMailFrom(address, _session, callback) {
      if (rejectSenders.has(address.address.toLowerCase())) {
        return callback(
          Object.assign(
            new Error(`5.7.1 <${address.address}>: Sender address rejected: not owned by user`),
            { responseCode: 553 },
          ),
        );
      }
      callback();
    },
    onRcptTo(address, _session, callback) {
      if (rejectRecipients.has(address.address.toLowerCase())) {
        return callback(
          Object.assign(
            new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown`),
            { responseCode: 550 },
          ),
        );
      }
      if (greylisted.delete(address.address.toLowerCase())) {
        return callback(
          Object.assign(
            new Error(
              `4.2.0 <${address.address}>: Recipient address rejected: Greylisted, try again later`,
            ),
            { responseCode: 450 },
          ),
        );
      }
      const scripted = recipientReplies.get(address.address.toLowerCase());
      callback(scripted ? replyError(scripted) : undefined);
    },
    onData(stream, session, callback) {
      if (options.discard) {
        stream
          .on('end', () => {
            options.onAccept?.(session.envelope.rcptTo.map((r) => r.address));
            callback();
          })
          .resume();
        return;
      }
      simpleParser(stream).then(
        async (parsed) => {
          // Like a real MTA: SIZE is enforced after DATA, with 552 (RFC 1870).
          if ((stream as { sizeExceeded?: boolean }).sizeExceeded) {
            return callback(
              Object.assign(new Error('Message exceeds the fixed maximum message size'), {
                responseCode: 552,
              }),
            );
          }
          try {
            await options.beforeAccept?.(parsed);
          } catch {
            return callback(
              Object.assign(new Error('4.3.0 Not accepted this time'), { responseCode: 451 }),
            );
          }
          messages.push({
            user: String(session.user ?? ''),
            secure: session.secure,
            envelope: {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
            },
            parsed,
          });
          options.onAccept?.(session.envelope.rcptTo.map((r) => r.address));
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  };

  const submission = new SMTPServer({
    ...common,
    secure: false,
    ...(options.starttls === false ? { hideSTARTTLS: true, disabledCommands: ['STARTTLS'] } : {}),
  });
  const smtps = new SMTPServer({ ...common, secure: true });
  const servers = [submission, smtps];
  for (const server of servers) server.on('error', () => {}); // client-side failures (rejected certificates) are expected in tests

  const listen = (server: SMTPServer) =>
    new Promise<number>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.server.address();
        resolve(typeof address === 'object' && address ? address.port : 0);
      });
    });
  const [submissionPort, smtpsPort] = await Promise.all([listen(submission), listen(smtps)]);

  let stopped: Promise<void> | undefined;
  return {
    host: '127.0.0.1',
    submissionPort,
    smtpsPort,
    ca: certificate.ca,
    certificate,
    users,
    messages,
    get connections() {
      return connections;
    },
    find: (messageId) => messages.find((m) => bare(m.parsed.messageId ?? '') === bare(messageId)),
    stop: () =>
      (stopped ??= Promise.all(
        servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))),
      ).then(() => undefined)),
  };
}
