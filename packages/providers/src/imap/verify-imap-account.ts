import type { Socket } from 'node:net';
import type tls from 'node:tls';
import type { ImapFlow } from 'imapflow';
import { isProviderError, ProviderError, type ProviderStep } from '../core/provider-error.js';
import {
  classifyImapError,
  classifyImapStatus,
  printable,
  type ImapErrorContext,
} from './classify-imap-error.js';
import { connectTcp } from '../transport/connect-tcp.js';
import { findInbox, findSentFolder, type SentFolder } from './find-sent-folder.js';
import {
  capabilitiesOf,
  fetchCapabilities,
  readGreeting,
  runImapCommand,
  type ImapStatus,
} from './imap-wire.js';
import { LineReader } from '../transport/line-reader.js';
import { startTlsHandshake, type TlsSession } from '../transport/tls-handshake.js';
import { createImapClient, logOut, type ImapClientTrust } from '../transport/imap-client.js';
import {
  pinFor,
  trustFor,
  type CertificateInfo,
  type MailSecurity,
  type TlsTrust,
  type TrustChoices,
} from '../transport/tls-trust.js';
import {
  IMAP_FIELDS,
  StepRunner,
  stepError,
  type OnStep,
  type VerificationTimeouts,
  type VetHost,
} from '../core/steps.js';
import { vetHost } from '../transport/vet-host.js';

export interface ImapAccountInput extends TrustChoices {
  /** Server host as the user typed it, normalised (normalizeServerHost): the TLS name to match. */
  host: string;
  port: number;
  security: MailSecurity;
  username: string;
  password: string;
}

export interface ImapVerifyDeps {
  /** Resolve-and-vet (SSRF guard); its address is the only one connected to. */
  vet: VetHost;
  /** Extra trust anchors (PEM) on top of Node's roots. */
  ca?: string | readonly string[];
  timeouts?: VerificationTimeouts;
}

export const IMAP_STEPS = [
  'vet',
  'tcp',
  'tls',
  'greeting',
  'login',
  'folders',
] as const satisfies readonly ProviderStep[];

export interface ImapVerification {
  host: string;
  /** The vetted address that was connected to. */
  address: string;
  port: number;
  security: MailSecurity;
  tls: { protocol: string; cipher: string; certificate: CertificateInfo };
  /** Set when the certificate is trusted only by trust-any or a pin: store it and pass it as pinnedFingerprint later. */
  pinnedFingerprint: string | undefined;
  /** Greeting text (sanitised) and the capabilities seen over TLS before login. */
  server: { greeting: string; capabilities: string[] };
  /** `listed` is false when the server refused LIST (rare); the check still passes with INBOX. */
  folders: { inbox: string; sent: SentFolder | undefined; total: number; listed: boolean };
}

export type ImapVerifyResult =
  { ok: true; value: ImapVerification } | { ok: false; error: ProviderError };

const LOGIN_MECHANISMS = ['AUTH=PLAIN', 'AUTH=LOGIN'];

/** TLS is up; on a STARTTLS port the greeting was read before it. */
interface SecuredConnection {
  session: TlsSession;
  plainGreeting?: ImapStatus;
}

/**
 * Checks an IMAP account step by step (vet, tcp, tls, greeting, login, folders), reporting each step
 * through onStep as it runs. TLS is established and the certificate, greeting and capabilities are
 * checked on a connection of its own before imapflow logs in on a second one, so the password is only
 * ever sent over TLS, to a server that is not Courier and allows password logins. Never throws.
 */
export async function verifyImapAccount(
  input: ImapAccountInput,
  deps: ImapVerifyDeps,
  onStep: OnStep = () => {},
): Promise<ImapVerifyResult> {
  const { ctx, runner } = imapStepRunner(input, deps, onStep, IMAP_STEPS);
  const trust = trustFor(input.host, input, deps.ca);
  const sockets: Socket[] = [];
  let client: ImapFlow | undefined;

  try {
    const { vetted, secured, server } = await reachServer(input, deps, runner, trust, sockets, ctx);

    const certificate = secured.session.certificate;
    const pinned = pinFor(trust, certificate);
    // Every later connection trusts what the first handshake showed: the pinned certificate, or a verified one.
    const clientTrust: ImapClientTrust = {
      ca: deps.ca,
      allowLegacyTls: input.allowLegacyTls,
      ...(pinned ? { pinned: { pem: certificate.pem, fingerprint: pinned } } : {}),
    };

    client = await runner.run(
      'login',
      (signal, budgetMs) =>
        logIn(input, vetted.address, clientTrust, server.capabilities, signal, budgetMs),
      (c) =>
        `Signed in as ${input.username}.${c.capabilities.has('IDLE') ? '' : ' The server does not offer IDLE: new mail will be found by polling.'}`,
    );
    const signedIn = client;

    const folders = await runner.run(
      'folders',
      (signal) => listFolders(signedIn, signal),
      describeFolders,
    );

    return {
      ok: true,
      value: {
        host: input.host,
        address: vetted.address,
        port: input.port,
        security: input.security,
        tls: { protocol: secured.session.protocol, cipher: secured.session.cipher, certificate },
        pinnedFingerprint: pinned,
        server,
        folders,
      },
    };
  } catch (err) {
    const error = isProviderError(err) ? err : classifyImapError(err, ctx('login'));
    return { ok: false, error };
  } finally {
    runner.finish();
    for (const socket of sockets) socket.destroy();
    client?.close();
  }
}

/** An IMAP server's settings without an account: what "Test these settings" checks. */
export type ImapServerInput = Omit<ImapAccountInput, 'username' | 'password'>;

export const IMAP_PROBE_STEPS = [
  'vet',
  'tcp',
  'tls',
  'greeting',
] as const satisfies readonly ProviderStep[];

export interface ImapServerProbe {
  address: string;
  tls: { protocol: string; cipher: string; certificate: CertificateInfo };
  server: { greeting: string; capabilities: string[] };
}

/**
 * The steps of verifyImapAccount that need no account (vet, tcp, tls, greeting), reported the same way:
 * an admin's "Test these settings". No credentials exist, so none are sent. Never throws.
 */
export async function probeImapServer(
  input: ImapServerInput,
  deps: ImapVerifyDeps,
  onStep: OnStep = () => {},
): Promise<{ ok: true; value: ImapServerProbe } | { ok: false; error: ProviderError }> {
  const { ctx, runner } = imapStepRunner(input, deps, onStep, IMAP_PROBE_STEPS);
  const sockets: Socket[] = [];
  try {
    const trust = trustFor(input.host, input, deps.ca);
    const { vetted, secured, server } = await reachServer(input, deps, runner, trust, sockets, ctx);
    const { protocol, cipher, certificate } = secured.session;
    return {
      ok: true,
      value: { address: vetted.address, tls: { protocol, cipher, certificate }, server },
    };
  } catch (err) {
    return {
      ok: false,
      error: isProviderError(err) ? err : classifyImapError(err, ctx('greeting')),
    };
  } finally {
    runner.finish();
    for (const socket of sockets) socket.destroy();
  }
}

/** The error context of each step (server and security named) and a step runner that classifies with it. */
function imapStepRunner(
  input: ImapServerInput,
  deps: ImapVerifyDeps,
  onStep: OnStep,
  steps: readonly ProviderStep[],
): { ctx: (step: ProviderStep) => ImapErrorContext; runner: StepRunner } {
  const ctx = (step: ProviderStep): ImapErrorContext => ({
    step,
    host: input.host,
    security: input.security,
  });
  const runner = new StepRunner({
    onStep,
    timeouts: deps.timeouts,
    steps,
    fields: IMAP_FIELDS,
    classify: (err, step) => classifyImapError(err, ctx(step)),
  });
  return { ctx, runner };
}

/** vet, tcp, tls and greeting: the server is reached, encrypted and is an IMAP server Inlet supports. */
async function reachServer(
  input: ImapServerInput,
  deps: ImapVerifyDeps,
  runner: StepRunner,
  trust: TlsTrust,
  sockets: Socket[],
  ctx: (step: ProviderStep) => ImapErrorContext,
): Promise<{
  vetted: { address: string };
  secured: SecuredConnection;
  server: { greeting: string; capabilities: string[] };
}> {
  const vetted = await runner.run(
    'vet',
    () => vetHost(deps.vet, input.host, input.port, IMAP_FIELDS, 'vet'),
    (v) => `${input.host} resolves to ${v.address}.`,
  );

  const raw = await runner.run(
    'tcp',
    (signal) => connectTcp(vetted.address, input.port, signal),
    () => `Connected to ${vetted.address} port ${input.port}.`,
  );
  sockets.push(raw);

  const progress = { greeted: false };
  const secured = await runner.run<SecuredConnection>(
    'tls',
    async (signal) =>
      input.security === 'SSL_TLS'
        ? { session: await startTlsHandshake(raw, trust, signal) }
        : startTlsOverImap(raw, input.port, trust, signal, ctx('tls'), progress),
    ({ session }) => describeTls(session, trust),
    // A 993-style port waits for a TLS handshake and never greets a client that waits for a greeting.
    () =>
      input.security === 'STARTTLS' && !progress.greeted
        ? 'The server sent no greeting. If this is an SSL/TLS port (such as 993), choose SSL/TLS as the security.'
        : undefined,
  );
  sockets.push(secured.session.socket);

  const server = await runner.run(
    'greeting',
    () => checkGreeting(secured.session.socket, secured.plainGreeting, ctx('greeting')),
    // Not a word about IDLE here: servers often list it only after login.
    (s) => s.greeting,
  );
  return { vetted, secured, server };
}

/** STARTTLS port: plain greeting, CAPABILITY, STARTTLS, then the handshake. Nothing secret is sent in clear. */
async function startTlsOverImap(
  raw: Socket,
  port: number,
  trust: TlsTrust,
  signal: AbortSignal,
  ctx: ImapErrorContext,
  progress: { greeted: boolean },
): Promise<SecuredConnection> {
  const reader = new LineReader(raw);
  const greeting = await readGreeting(reader).catch((err: unknown) => {
    // Closed before any TLS was attempted: not a TLS problem.
    throw (err as { code?: unknown }).code === 'ECONNRESET'
      ? stepError(
          'CONNECTION_REFUSED',
          'tls',
          IMAP_FIELDS,
          'The server closed the connection without a greeting.',
          err,
        )
      : err;
  });
  progress.greeted = true;
  if (greeting.status === 'BYE') throw classifyImapStatus(greeting, 'RATE_LIMITED', ctx);
  // Courier already names itself in clear text: stop here, before its (often self-signed) certificate or a
  // refused STARTTLS sends the user after the TLS settings of a server that is unsupported anyway.
  if (isCourier(greeting)) {
    throw stepError(
      'UNSUPPORTED_SERVER_COURIER',
      'tls',
      IMAP_FIELDS,
      `Before STARTTLS, the server greets as: ${printable(greeting.text, 120)}`,
    );
  }
  if (greeting.status === 'PREAUTH') {
    throw stepError(
      'TLS_UNAVAILABLE',
      'tls',
      IMAP_FIELDS,
      'The server skipped login (PREAUTH), so STARTTLS is impossible on this port.',
    );
  }
  const capabilities =
    capabilitiesOf(greeting) ?? (await fetchCapabilities(raw, reader, 'c1')).capabilities;
  if (!capabilities.includes('STARTTLS')) {
    throw stepError(
      'TLS_UNAVAILABLE',
      'tls',
      IMAP_FIELDS,
      `The server does not offer STARTTLS on port ${port}.`,
    );
  }
  const reply = await runImapCommand(raw, reader, 's1', 'STARTTLS');
  if (reply.done.status !== 'OK') throw classifyImapStatus(reply.done, 'TLS_UNAVAILABLE', ctx);
  // Bytes after the OK and before the handshake would be injected plaintext (STARTTLS command injection).
  if (reader.detach().length > 0) {
    throw stepError(
      'TLS_UNAVAILABLE',
      'tls',
      IMAP_FIELDS,
      'The server sent unexpected data after agreeing to STARTTLS.',
    );
  }
  return { session: await startTlsHandshake(raw, trust, signal), plainGreeting: greeting };
}

/**
 * Reads the greeting over TLS (implicit TLS) and the capabilities seen over TLS, refuses Courier-IMAP by
 * its greeting (a STARTTLS port was refused before TLS already), then logs out of this probe.
 */
async function checkGreeting(
  socket: tls.TLSSocket,
  plainGreeting: ImapStatus | undefined,
  ctx: ImapErrorContext,
): Promise<{ greeting: string; capabilities: string[] }> {
  const reader = new LineReader(socket);
  const greeting = plainGreeting ?? (await readGreeting(reader));
  if (greeting.status === 'BYE') throw classifyImapStatus(greeting, 'RATE_LIMITED', ctx);
  if (isCourier(greeting)) {
    throw stepError(
      'UNSUPPORTED_SERVER_COURIER',
      'greeting',
      IMAP_FIELDS,
      `The server greets as: ${printable(greeting.text, 120)}`,
    );
  }
  // After STARTTLS the pre-TLS capabilities are not trusted (RFC 9051 6.2.1): ask again over TLS.
  const fromGreeting = plainGreeting ? undefined : capabilitiesOf(greeting);
  const capabilities = fromGreeting ?? (await fetchCapabilities(socket, reader, 'g1')).capabilities;
  socket.end('g2 LOGOUT\r\n');
  reader.detach();
  return { greeting: printable(greeting.text, 120), capabilities };
}

/** Reference rule: Courier-IMAP is known by its greeting text. */
function isCourier(greeting: ImapStatus): boolean {
  return greeting.text.includes('Courier-IMAP');
}

async function logIn(
  input: ImapAccountInput,
  address: string,
  trust: ImapClientTrust,
  capabilities: string[],
  signal: AbortSignal,
  budgetMs: number,
): Promise<ImapFlow> {
  // LOGINDISABLED over TLS without a SASL password mechanism: password logins are switched off.
  if (
    capabilities.includes('LOGINDISABLED') &&
    !LOGIN_MECHANISMS.some((m) => capabilities.includes(m))
  ) {
    throw new ProviderError('IMAP_DISABLED', {
      step: 'login',
      detail:
        'The server does not accept password logins over this encrypted connection (it advertises LOGINDISABLED).',
    });
  }
  const client = createImapClient({
    host: input.host,
    address,
    port: input.port,
    security: input.security,
    login: { user: input.username, password: input.password },
    trust,
    timeouts: { connectMs: budgetMs, socketMs: budgetMs },
    // A check lists folders only: tighter bounds than a sync connection needs.
    extra: { disableAutoIdle: true, maxLineLength: 1024 * 1024, maxResponseSize: 32 * 1024 * 1024 },
  });
  const onAbort = () => client.close();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    await client.connect();
    return client;
  } catch (err) {
    client.close();
    throw err;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

async function listFolders(
  client: ImapFlow,
  signal: AbortSignal,
): Promise<ImapVerification['folders']> {
  const onAbort = () => client.close();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    let folders: ImapVerification['folders'];
    try {
      const entries = await client.list();
      folders = {
        inbox: findInbox(entries),
        sent: findSentFolder(entries),
        total: entries.length,
        listed: true,
      };
    } catch (err) {
      // A tagged NO/BAD to LIST: the session works, only the folder list is missing.
      if (!(err as { responseStatus?: unknown }).responseStatus) throw err;
      folders = { inbox: 'INBOX', sent: undefined, total: 0, listed: false };
    }
    await logOut(client);
    return folders;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

function describeTls(session: TlsSession, trust: TlsTrust): string {
  const cert = session.certificate;
  const how = trust.pinnedFingerprint
    ? 'certificate matches the pinned one'
    : cert.trusted
      ? 'certificate verified'
      : `certificate accepted without verification, to be pinned (SHA-256 ${cert.fingerprint256})`;
  return `${session.protocol}, ${how}.`;
}

function describeFolders(folders: ImapVerification['folders']): string {
  if (!folders.listed)
    return 'The server refused to list folders; INBOX will be used and no Sent folder is known.';
  const sent = folders.sent
    ? `Sent: ${folders.sent.path} (${folders.sent.source === 'special-use' ? 'marked \\Sent by the server' : 'found by name'})`
    : 'no Sent folder found';
  return `${folders.total} folders; Inbox: ${folders.inbox}; ${sent}.`;
}
