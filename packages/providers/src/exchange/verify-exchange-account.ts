import { isProviderError, ProviderError, type ProviderStep } from '../core/provider-error.js';
import {
  EXCHANGE_FIELDS,
  StepRunner,
  type OnStep,
  type VerificationTimeouts,
} from '../core/steps.js';
import { TEST_EMAIL_SUBJECT } from '../imap/send-test-email.js';
import {
  autodiscoverEwsUrl,
  summarise,
  type AutodiscoverDeps,
  type AutodiscoverSource,
} from './autodiscover.js';
import {
  chooseScheme,
  LoginAttempts,
  looksLikeExchangeOnline,
  parseAuthOffer,
  usernameForms,
  type AuthOffer,
  type EwsAuthScheme,
} from './ews-auth.js';
import {
  createEwsClient,
  describeBody,
  readSoapResponse,
  sendUnauthenticated,
  type EwsClient,
} from './ews-client.js';
import { classifyExchangeError, EwsCallError, ExchangeUrlError } from './ews-errors.js';
import {
  getFolderXml,
  resolveNames,
  sendEwsMessage,
  type ResolvedMailbox,
} from './ews-operations.js';
import { ewsUrlFor, hostOf, isBrowserPath, normalizeExchangeUrl } from './ews-url.js';
import { isExchangeOnlineHost } from './host-policy.js';
import { listFoldersToSync, type FoldersToSync } from './inbox-rule-folders.js';
import { responseMessages, type SoapDocument } from './soap-xml.js';
import {
  describeVersion,
  isExchangeOnlineVersion,
  isSupportedVersion,
  parseDottedVersion,
  type ServerVersion,
} from './server-version.js';

export interface ExchangeAccountInput {
  email: string;
  password: string;
  /** UPN (jane@corp.example) or DOMAIN\username; default: the email address, then its local part. */
  username?: string;
  /** The Exchange URL as typed or pasted: bare host, https URL, or a URL from the browser's address bar. */
  exchangeUrl?: string;
}

export interface ExchangeVerifyDeps extends AutodiscoverDeps {
  /** The EWS URL from the administrator's domain settings for this address's domain, when there is one. */
  domainSettingsExchangeUrl?: string;
  /** The account's BCC logging address: the test email goes there. Without it the test-email step is skipped. */
  testRecipient?: string;
  timeouts?: VerificationTimeouts;
}

export const EXCHANGE_STEPS = [
  'discovery',
  'tls',
  'login',
  'folders',
  'test-email',
] as const satisfies readonly ProviderStep[];

/** CONNECTION_TIMEOUT and friends point at the Exchange URL. */

export type ExchangeUrlSource = 'input' | 'domain-settings' | AutodiscoverSource;

export interface ExchangeVerification {
  /** The EWS endpoint to store and use for sync and sending. */
  ewsUrl: string;
  urlSource: ExchangeUrlSource;
  /** The vetted address that answered. */
  address: string;
  /** How to sign in again: the scheme and the user name form that worked (store both). */
  auth: { scheme: EwsAuthScheme; username: string; offered: string[] };
  server: { version: ServerVersion; product: string };
  /** The mailbox's primary SMTP address (From of sent mail). */
  smtpAddress: string;
  folders: FoldersToSync;
  testEmail: { to: string; from: string; subject: string } | undefined;
  /** What autodiscover tried, when it ran. */
  discoveryLog: string[];
}

export type ExchangeVerifyResult =
  { ok: true; value: ExchangeVerification } | { ok: false; error: ProviderError };

interface Target {
  url: URL;
  source: ExchangeUrlSource;
  log: string[];
}

interface Probe {
  scheme: EwsAuthScheme;
  offer: AuthOffer;
  address: string;
  headerVersion: ServerVersion | undefined;
}

interface Session {
  client: EwsClient;
  version: ServerVersion;
  smtpAddress: string;
}

/**
 * Checks an on-premises Exchange mailbox over EWS step by step, reporting each step live:
 * - discovery: the URL typed, else the domain settings' URL, else Inlet's own autodiscover;
 * - tls: an unauthenticated SOAP probe (GetFolder Inbox): proves the URL is EWS, not Outlook on the
 *   web, reads the offered sign-in methods and refuses Exchange Online before any password is sent;
 * - login: the same probe signed in (Basic over TLS, else NTLM; at most two user name forms), the
 *   server version from ServerVersionInfo (2010 SP2 or later), the mailbox's SMTP address (ResolveNames);
 * - folders: Inbox, Sent Items and the folders inbox rules file mail into;
 * - test-email: CreateItem SendAndSaveCopy to the BCC logging address (skipped without one).
 * Never throws.
 */
export async function verifyExchangeAccount(
  input: ExchangeAccountInput,
  deps: ExchangeVerifyDeps,
  onStep: OnStep = () => {},
): Promise<ExchangeVerifyResult> {
  const runner = new StepRunner({
    onStep,
    timeouts: deps.timeouts,
    steps: EXCHANGE_STEPS,
    fields: EXCHANGE_FIELDS,
    classify: classifyExchangeError,
  });
  try {
    const email = normalizeEmail(input.email);
    const attempts = new LoginAttempts(usernameForms(email, input.username));

    const tried: string[] = [];
    const target = await runner.run(
      'discovery',
      guarded('discovery', (signal) => discover(input, email, deps, attempts, signal, tried)),
      describeTarget,
      () => (tried.length ? `Autodiscover tried: ${summarise(tried)}` : undefined),
    );
    const probe = await runner.run(
      'tls',
      guarded('tls', (signal) => probeEndpoint(target.url, deps, signal)),
      (p) => describeProbe(target.url, p),
    );
    const session = await runner.run(
      'login',
      guarded('login', (signal) =>
        logIn(target.url, probe, email, input.password, attempts, deps, signal),
      ),
      (s) =>
        `Signed in as ${s.client.username} (${s.client.scheme === 'basic' ? 'Basic' : 'NTLM'}); ${describeVersion(s.version)}; mailbox ${s.smtpAddress}.`,
    );
    const folders = await runner.run(
      'folders',
      guarded('folders', (signal) =>
        listFoldersToSync(session.client, session.smtpAddress, signal),
      ),
      describeFolders,
    );

    let testEmail: ExchangeVerification['testEmail'];
    if (deps.testRecipient) {
      const to = deps.testRecipient;
      testEmail = await runner.run(
        'test-email',
        guarded('test-email', async (signal) => {
          const message = {
            from: session.smtpAddress,
            to,
            subject: TEST_EMAIL_SUBJECT,
            text:
              `Inlet sent this message to check that it can send email as ${session.smtpAddress} through Exchange.\n` +
              'It went to your CRM logging address only. No action is needed.\n',
            // RFC 3834: keeps vacation responders and the like from answering it.
            headers: { 'Auto-Submitted': 'auto-generated' },
          };
          await sendEwsMessage(session.client, message, signal);
          return { to, from: message.from, subject: message.subject };
        }),
        (t) => `Test email sent from ${t.from} to ${t.to}; a copy is in Sent Items.`,
      );
    }

    return {
      ok: true,
      value: {
        ewsUrl: target.url.href,
        urlSource: target.source,
        address: probe.address,
        auth: {
          scheme: session.client.scheme,
          username: session.client.username,
          offered: probe.offer.schemes,
        },
        server: { version: session.version, product: describeVersion(session.version) },
        smtpAddress: session.smtpAddress,
        folders,
        testEmail,
        discoveryLog: target.log,
      },
    };
  } catch (err) {
    return { ok: false, error: isProviderError(err) ? err : classifyExchangeError(err, 'login') };
  } finally {
    runner.finish();
  }
}

export const EXCHANGE_PROBE_STEPS = ['discovery', 'tls'] as const satisfies readonly ProviderStep[];

/**
 * The steps of verifyExchangeAccount that need no account, for an admin's "Test these settings": the
 * URL is checked as a user's would be (Outlook on the web refused with the EWS URL to use), then the
 * unauthenticated SOAP probe (TLS, certificate, EWS, sign-in methods). Never throws.
 */
export async function probeExchangeServer(
  exchangeUrl: string,
  deps: ExchangeVerifyDeps,
  onStep: OnStep = () => {},
): Promise<
  { ok: true; value: { ewsUrl: string; address: string } } | { ok: false; error: ProviderError }
> {
  const runner = new StepRunner({
    onStep,
    timeouts: deps.timeouts,
    steps: EXCHANGE_PROBE_STEPS,
    fields: EXCHANGE_FIELDS,
    classify: classifyExchangeError,
  });
  try {
    const target = await runner.run(
      'discovery',
      guarded('discovery', () => Promise.resolve(typedTarget(exchangeUrl, 'input'))),
      describeTarget,
    );
    const probe = await runner.run(
      'tls',
      guarded('tls', (signal) => probeEndpoint(target.url, deps, signal)),
      (p) => describeProbe(target.url, p),
    );
    return { ok: true, value: { ewsUrl: target.url.href, address: probe.address } };
  } catch (err) {
    return { ok: false, error: isProviderError(err) ? err : classifyExchangeError(err, 'tls') };
  } finally {
    runner.finish();
  }
}

async function discover(
  input: ExchangeAccountInput,
  email: string,
  deps: ExchangeVerifyDeps,
  attempts: LoginAttempts,
  signal: AbortSignal,
  tried: string[],
): Promise<Target> {
  if (input.exchangeUrl?.trim()) return typedTarget(input.exchangeUrl, 'input');
  if (deps.domainSettingsExchangeUrl?.trim())
    return typedTarget(deps.domainSettingsExchangeUrl, 'domain-settings');
  const found = await autodiscoverEwsUrl(
    { email, password: input.password },
    deps,
    attempts,
    signal,
    tried,
  );
  return { url: found.ewsUrl, source: found.source, log: found.log };
}

function typedTarget(raw: string, source: 'input' | 'domain-settings'): Target {
  const field = source === 'input' ? 'exchangeUrl' : null;
  const check = normalizeExchangeUrl(raw);
  if (!check.ok) {
    const where =
      source === 'domain-settings'
        ? 'The Exchange URL in your domain settings is not usable: '
        : '';
    throw new ExchangeUrlError(`${where}${check.reason}`, check.suggestedUrl, {
      step: 'discovery',
      field,
    });
  }
  const host = hostOf(check.url) ?? '';
  if (isExchangeOnlineHost(host)) {
    throw new ProviderError('USE_MICROSOFT_365', {
      step: 'discovery',
      detail: `${host} is Exchange Online. Inlet did not send your password.`,
    });
  }
  return { url: check.url, source, log: [] };
}

/** The unauthenticated probe: what the endpoint is and how it wants to be signed in to. */
async function probeEndpoint(
  url: URL,
  deps: ExchangeVerifyDeps,
  signal: AbortSignal,
): Promise<Probe> {
  const response = await sendUnauthenticated(
    url,
    getFolderXml([{ distinguished: 'inbox' }], 'IdOnly'),
    'Exchange2007_SP1',
    deps,
    signal,
  );
  const host = hostOf(url) ?? url.hostname;
  const suggestion = ewsUrlFor(host, url.port);
  const status = response.status;

  if (status >= 300 && status < 400) {
    const location = response.headers.location ?? '';
    let landing: URL | undefined;
    try {
      landing = new URL(location, url);
    } catch {
      landing = undefined;
    }
    const what =
      landing && isBrowserPath(landing.pathname)
        ? `${landing.href}, the Outlook on the web sign-in page`
        : landing?.href || 'another page';
    throw new ExchangeUrlError(
      `${url.href} redirects (HTTP ${status}) to ${what}, not to Exchange Web Services.`,
      suggestion,
      { step: 'tls' },
    );
  }

  const headerVersion = parseDottedVersion(response.headers['x-owa-version']);
  if (status === 401) {
    const offer = parseAuthOffer(response.challenges);
    if (looksLikeExchangeOnline(offer)) {
      throw new ProviderError('USE_MICROSOFT_365', {
        step: 'tls',
        detail: `${host} asks for a Microsoft 365 sign-in (OAuth) and offers no Windows sign-in, as Exchange Online does. Inlet did not send your password.`,
      });
    }
    if (headerVersion) checkVersion(headerVersion, 'tls', 'before signing in');
    const scheme = chooseScheme(offer);
    if (!scheme) {
      throw new ProviderError('EXCHANGE_AUTH_UNSUPPORTED', {
        step: 'tls',
        detail: offer.schemes.length
          ? `${host} offers only ${offer.schemes.join(', ')}${offer.negotiate ? ' (Kerberos)' : ''} for EWS; Inlet needs Basic or NTLM.`
          : `${host} asked for credentials without saying which sign-in methods it accepts.`,
      });
    }
    return { scheme, offer, address: response.address, headerVersion };
  }

  if (status === 404) {
    throw new ExchangeUrlError(
      `There is no EWS endpoint at ${url.href} (HTTP 404).`,
      url.href === suggestion ? undefined : suggestion,
      { step: 'tls' },
    );
  }
  if (status === 200 || status === 500) {
    // A SOAP answer without credentials (or a fault) is EWS; anything else at 200 is a web page.
    try {
      readSoapResponse('GetFolder', response);
      // Answered without asking for credentials: sign in with Basic anyway (preemptive).
      return {
        scheme: 'basic',
        offer: { schemes: [], basic: true, ntlm: false, negotiate: false },
        address: response.address,
        headerVersion,
      };
    } catch (err) {
      if (err instanceof EwsCallError && err.kind === 'not-soap') {
        throw new ExchangeUrlError(
          `${url.href} answered with ${describeBody(response)}.`,
          suggestion,
          { step: 'tls' },
        );
      }
      throw err;
    }
  }
  throw new ProviderError('EXCHANGE_CONNECTION_FAILED', {
    step: 'tls',
    detail: `${url.href} answered HTTP ${status} with ${describeBody(response)}.`,
  });
}

async function logIn(
  url: URL,
  probe: Probe,
  email: string,
  password: string,
  attempts: LoginAttempts,
  deps: ExchangeVerifyDeps,
  signal: AbortSignal,
): Promise<Session> {
  const { value } = await attempts.attempt<{ client: EwsClient; doc: SoapDocument }>(
    async (username) => {
      const client = createEwsClient(
        { url: url.href, scheme: probe.scheme, username, password },
        deps,
      );
      try {
        const doc = await client.call(
          'GetFolder',
          getFolderXml([{ distinguished: 'inbox' }], 'IdOnly'),
          'Exchange2007_SP1',
          signal,
        );
        return { rejected: false as const, value: { client, doc } };
      } catch (err) {
        if (err instanceof EwsCallError && err.kind === 'unauthorized')
          return { rejected: true as const };
        throw err;
      }
    },
    'login',
  );
  const { client, doc } = value;

  const version = doc.serverVersion ?? probe.headerVersion;
  if (!version) {
    throw new ProviderError('EXCHANGE_CONNECTION_FAILED', {
      step: 'login',
      detail: `${url.host} answered without a ServerVersionInfo header: it does not look like Exchange.`,
    });
  }
  checkVersion(version, 'login', 'after signing in');
  // The probe's per-folder answer: the mailbox itself may be unreachable (ErrorAccessDenied, ErrorMailboxMoveInProgress...).
  const probeAnswer = responseMessages(doc.payload)[0];
  if (probeAnswer?.responseClass === 'Error') {
    throw new EwsCallError(
      'response',
      'GetFolder',
      200,
      probeAnswer.responseCode,
      probeAnswer.messageText,
    );
  }

  const mailboxes = await resolveNames(client, email, signal);
  return { client, version, smtpAddress: pickSmtpAddress(email, mailboxes) };
}

function checkVersion(version: ServerVersion, step: ProviderStep, when: string): void {
  if (isExchangeOnlineVersion(version)) {
    throw new ProviderError('USE_MICROSOFT_365', {
      step,
      detail: `The server reports ${describeVersion(version)} ${when}.${when.startsWith('before') ? ' Inlet did not send your password.' : ''}`,
    });
  }
  if (!isSupportedVersion(version)) {
    throw new ProviderError('EXCHANGE_VERSION_UNSUPPORTED', {
      step,
      detail: `The server runs ${describeVersion(version)}; Inlet needs Exchange 2010 SP2 (14.2) or later.`,
    });
  }
}

/** The mailbox's SMTP address: an exact match for the address entered, else the only SMTP mailbox found. */
function pickSmtpAddress(email: string, mailboxes: ResolvedMailbox[]): string {
  const smtp = mailboxes.filter((m) => m.routingType?.toUpperCase() === 'SMTP' && m.emailAddress);
  const exact = smtp.find((m) => m.emailAddress!.toLowerCase() === email.toLowerCase());
  const chosen = exact ?? (smtp.length === 1 ? smtp[0] : undefined);
  if (chosen?.emailAddress) return chosen.emailAddress;
  const seen =
    mailboxes.length === 0
      ? 'no directory entry'
      : `${mailboxes.length} entries, ${smtp.length} with an SMTP address`;
  throw new ProviderError('EXCHANGE_NO_SMTP_ADDRESS', {
    step: 'login',
    detail: `Looking up ${email} in the Exchange directory found ${seen}.`,
  });
}

/** Re-homes the SSRF guard's refusals (catalogued for IMAP hosts) on the Exchange URL and this step. */
function guarded<T>(
  step: ProviderStep,
  work: (signal: AbortSignal) => Promise<T>,
): (signal: AbortSignal) => Promise<T> {
  return async (signal) => {
    try {
      return await work(signal);
    } catch (err) {
      if (
        isProviderError(err) &&
        (err.field === 'imapHost' || err.step === 'vet' || err.step === 'dns')
      ) {
        throw new ProviderError(err.code, {
          step,
          field: 'exchangeUrl',
          ...(err.detail ? { detail: err.detail } : {}),
          cause: err,
        });
      }
      throw err;
    }
  };
}

function normalizeEmail(raw: string): string {
  const email = raw.trim();
  const at = email.lastIndexOf('@');
  if (at <= 0 || at === email.length - 1 || /\s/.test(email)) {
    throw new ProviderError('EXCHANGE_NO_SMTP_ADDRESS', {
      step: 'input',
      detail: `"${raw}" is not an email address.`,
    });
  }
  return `${email.slice(0, at)}@${email.slice(at + 1).toLowerCase()}`;
}

function describeTarget(target: Target): string {
  const how =
    target.source === 'input'
      ? 'as entered'
      : target.source === 'domain-settings'
        ? "from your administrator's domain settings"
        : `found by autodiscover (${target.source.slice('autodiscover-'.length).toUpperCase()})`;
  return `${target.url.href}, ${how}.`;
}

function describeProbe(url: URL, probe: Probe): string {
  const offered = probe.offer.schemes.length
    ? `EWS offers ${probe.offer.schemes.join(', ')}`
    : 'EWS answered without asking for credentials';
  const v = probe.headerVersion;
  const version = v
    ? `; X-OWA-Version ${[v.major, v.minor, v.build, v.revision].filter((n) => n !== undefined).join('.')}`
    : '';
  return `${url.host} (${probe.address}) over TLS; ${offered}; signing in with ${probe.scheme === 'basic' ? 'Basic' : 'NTLM'}${version}.`;
}

function describeFolders(folders: FoldersToSync): string {
  const names = folders.ruleFolders.map((f) => f.displayName ?? f.id);
  let text = `Inbox and ${folders.sent.displayName ?? 'Sent Items'}`;
  text += names.length
    ? `, and ${names.length} folder${names.length === 1 ? '' : 's'} used by inbox rules: ${names.join(', ')}.`
    : '; no inbox rule files mail into other folders.';
  if (folders.unavailable.length)
    text += ` ${folders.unavailable.length} rule folder(s) could not be opened (${folders.unavailable.map((u) => u.responseCode).join(', ')}).`;
  if (!folders.rules.listed)
    text += ` Inbox rules could not be read (${folders.rules.reason}); only Inbox and Sent Items will sync.`;
  return text;
}
