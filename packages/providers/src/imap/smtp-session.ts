import type { Readable } from 'node:stream';
import SMTPConnection from 'nodemailer/lib/smtp-connection/index.js';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { ProviderStep } from '../core/provider-error.js';
import { openSmtpTransport, type SmtpAccountInput, type SmtpDeps } from './smtp-transport.js';

/**
 * One open, authenticated SMTP connection (greeting, EHLO, TLS, AUTH done), so that the check and the
 * test email share one connect + TLS + AUTH. `quit` ends it politely, `close` at once.
 */
export interface SmtpSession {
  address: string;
  certificate: SmtpConnectionInfo['certificate'];
  pinnedFingerprint: string | undefined;
  /** Closes the connection when this step's signal aborts (timeout or failure). */
  closeOn(signal: AbortSignal): void;
  send(
    envelope: SMTPConnection.Envelope,
    message: Readable | Buffer,
  ): Promise<SMTPConnection.SentMessageInfo>;
  /** Still open: neither end has closed it, and it has not failed. */
  readonly open: boolean;
  quit(): void;
  close(): void;
}

type SmtpConnectionInfo = Awaited<ReturnType<typeof openSmtpTransport>>;

/**
 * Opens the account's connection with the transport's own settings (vetted address, mandatory TLS,
 * timeouts, credentials) and signs in the way nodemailer's verify() does, but leaves it open.
 */
export async function openSmtpSession(
  input: SmtpAccountInput,
  deps: SmtpDeps,
  step: ProviderStep,
  signal: AbortSignal,
  budgetMs: number,
): Promise<SmtpSession> {
  const opened = await openSmtpTransport(input, deps, step, signal, budgetMs);
  const transport = opened.transporter.transporter as unknown as SMTPTransport;
  const connection = new SMTPConnection({ ...transport.options });
  let pending: ((err: Error) => void) | undefined;
  let open = true;
  connection.on('error', (err) => {
    const reject = pending;
    close();
    reject?.(err);
  });
  connection.on('end', () => {
    open = false;
    pending?.(new Error('Connection closed'));
  });
  const call = <T>(start: (done: (err: Error | null | undefined, value?: T) => void) => void) =>
    new Promise<T>((resolve, reject) => {
      pending = reject;
      start((err, value) => {
        pending = undefined;
        if (err) reject(err);
        else resolve(value as T);
      });
    });
  const close = () => {
    open = false;
    pending = undefined;
    connection.close();
    opened.transporter.close();
  };
  const closeOn = (s: AbortSignal) => {
    if (s.aborted) close();
    else s.addEventListener('abort', close, { once: true });
  };
  closeOn(signal);
  try {
    await call<void>((done) => connection.connect((err) => done(err)));
    const auth = transport.auth as SMTPTransport.AuthenticationType | false | undefined;
    const allowsAuth = (connection as unknown as { allowsAuth?: boolean }).allowsAuth;
    if (auth && (allowsAuth || transport.options.forceAuth))
      await call<void>((done) => connection.login(auth, (err) => done(err)));
  } catch (err) {
    close();
    throw err;
  }
  return {
    address: opened.address,
    certificate: opened.certificate,
    pinnedFingerprint: opened.pinnedFingerprint,
    closeOn,
    send: (envelope, message) =>
      call<SMTPConnection.SentMessageInfo>((done) => connection.send(envelope, message, done)),
    get open() {
      return open;
    },
    quit: () => {
      open = false;
      pending = undefined;
      connection.quit();
      opened.transporter.close();
    },
    close,
  };
}
