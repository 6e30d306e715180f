import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../core/compose-message.js';
import {
  isProviderError,
  type ProviderError,
  type ProviderErrorCode,
} from '../core/provider-error.js';
import type {
  MailDeps,
  ProviderModule,
  SendableMessage,
  StoredAccount,
  VerifiedAccount,
  VerifyDeps,
  VerifyOutcome,
} from '../core/provider-module.js';
import type { ProviderKind } from '../core/provider-kind.js';
import type { StepReport } from '../core/steps.js';
import type { SyncSession, SyncSessionEvents } from '../core/sync-session.js';
import { loopbackVet } from './loopback-vet.js';
import { MemoryStore, waitFor } from './sync-test-support.js';

/** A message the peer puts into the mailbox's inbox, as another sender would. */
export interface ContractMessage {
  subject: string;
  /** With angle brackets. */
  messageId: string;
  from: string;
  to: string;
}

/** The peer's servers, started: what the suite needs to verify, sync and send against them. */
export interface StartedContractPeer<Settings, Input> {
  /** A verify input that passes (the account the rest of the suite uses). */
  validInput: Input;
  /** The mailbox address of `validInput` (the From of sent mail). */
  email: string;
  verifyDeps: VerifyDeps;
  /** Network access for sessions and sends (loopback allowed for the test hosts, the test CAs). */
  mailDeps: MailDeps;
  /** What hostOf must return for the verified settings. */
  host: string;
  /** The account as the gateway would load it after saving `verified` (see memoryAccount). */
  storedAccount(verified: VerifiedAccount<Settings>): StoredAccount<Settings>;
  /** Puts a new message into INBOX (IMAP APPEND, the EWS test server's mailbox). */
  deliverToInbox(message: ContractMessage): Promise<void>;
  /** A recipient the outgoing server accepts. */
  recipient: string;
  /** Kinds with `sendAsAliases`: a From address the account may use besides its own. */
  alias?: string;
  /** Sender and recipients of the message with this Message-ID that the outgoing server accepted; undefined before it arrives. */
  accepted(messageId: string): Promise<{ from: string; to: string[] } | undefined>;
  /** Copies of the message with this Message-ID in the Sent folder now. */
  sentCopies(messageId: string): Promise<number>;
  /**
   * Whether this peer's server files a copy of what it sends, as the real server of a kind with
   * `serverSavesSentCopy` does (the EWS test server does; a plain SMTP test server does not).
   */
  serverKeepsSentCopies: boolean;
  /** Every secret handed out so far (passwords, wrong passwords, access and refresh tokens): none may show in an error. */
  secrets(): string[];
  stop(): Promise<void>;
}

/**
 * A verify input that must fail with `code`. These run after every other case, in the order given:
 * put failed logins last, since Dovecot delays every later login from the same address.
 */
export interface FailingVerifyCase<Settings, Input> {
  /** What is wrong, for the test name ("a wrong password"). */
  name: string;
  code: ProviderErrorCode;
  input(peer: StartedContractPeer<Settings, Input>): Input;
  /** Changes to the peer's verify deps (a guard that refuses the host, another test recipient). */
  deps?(peer: StartedContractPeer<Settings, Input>): Partial<VerifyDeps>;
}

/** The guard refuses the host before any socket opens: a case every kind declares. */
export function hostNotAllowedCase<Settings, Input>(): FailingVerifyCase<Settings, Input> {
  return {
    name: 'a host the SSRF guard refuses',
    code: 'HOST_NOT_ALLOWED',
    input: (p) => p.validInput,
    deps: () => ({ vet: loopbackVet(['localhost'], { trusted: false }) }),
  };
}

/** The password is wrong: the provider's own sign-in refuses it. Put it last (see FailingVerifyCase). */
export function wrongPasswordCase<Settings, Input extends { password: string }>(
  wrong: string,
): FailingVerifyCase<Settings, Input> {
  return {
    name: 'a wrong password',
    code: 'AUTHENTICATION_FAILED',
    input: (p) => ({ ...p.validInput, password: wrong }),
  };
}

/** The IMAP server's port has nothing listening (`port()`: read when the case runs, after start). */
export function closedImapPortCase<Settings, Input extends { imap: { port: number } }>(
  port: () => number,
): FailingVerifyCase<Settings, Input> {
  return {
    name: 'a port nothing listens on',
    code: 'CONNECTION_REFUSED',
    input: (p) => ({ ...p.validInput, imap: { ...p.validInput.imap, port: port() } }),
  };
}

/** A send that must fail with `code`. */
export interface FailingSendCase<Settings, Input> {
  name: string;
  code: ProviderErrorCode;
  /** The account to send with (a wrong password, revoked tokens); default the verified account. */
  account?(
    verified: StoredAccount<Settings>,
    peer: StartedContractPeer<Settings, Input>,
  ): StoredAccount<Settings>;
  /** Changes to the message (a recipient the server refuses, a From the account may not use). */
  message?(peer: StartedContractPeer<Settings, Input>): Partial<OutgoingMessage>;
}

/** The real servers a provider kind talks to, and the ways its checks are expected to fail against them. */
export interface ProviderContractPeer<Settings, Input> {
  start(): Promise<StartedContractPeer<Settings, Input>>;
  verifyFailures: FailingVerifyCase<Settings, Input>[];
  sendFailures: FailingSendCase<Settings, Input>[];
}

export interface ProviderContractOptions<Settings, Input> {
  module: ProviderModule<Settings, Input, ProviderKind>;
  peer: ProviderContractPeer<Settings, Input>;
}

/** Upper bounds for a loaded machine (not timing assertions). */
const SYNC_WAIT_MS = 20_000;

/**
 * The one conformance suite of the ProviderModule contract (like Auth.js's adapter tests): declares
 * vitest blocks that verify, sync and send against the kind's real peer, the cases chosen by the
 * module's capabilities. Call it once per kind from a spec file.
 */
export function runProviderContractTests<Settings, Input>({
  module,
  peer,
}: ProviderContractOptions<Settings, Input>): void {
  const { capabilities } = module;

  describe(
    `${module.displayName} (${module.kind}): the provider contract`,
    { timeout: 45_000 },
    () => {
      let started: StartedContractPeer<Settings, Input> | undefined;
      let verification: ReturnType<typeof verify<Settings, Input>> | undefined;
      const sessions: SyncSession[] = [];
      const p = () => {
        if (!started) throw new Error('the contract peer did not start');
        return started;
      };

      beforeAll(async () => {
        started = await peer.start();
      }, 120_000);

      afterAll(async () => {
        await Promise.allSettled(sessions.map((s) => s.stop()));
        await started?.stop();
      }, 60_000);

      /** The valid account, verified once: its check is a case, and what it saved is what the later cases load. */
      const verifyValid = () => (verification ??= verify(module, p().validInput, p().verifyDeps));
      const account = async () => {
        const { outcome } = await verifyValid();
        if (!outcome.ok)
          throw new Error(
            `the valid account did not verify: ${outcome.error.code} ${outcome.error.detail ?? ''}`,
          );
        return p().storedAccount(outcome.value);
      };

      it('declares its steps once each, and the secrets it stores', () => {
        expect(capabilities.steps.length).toBeGreaterThan(0);
        expect(new Set(capabilities.steps).size).toBe(capabilities.steps.length);
        expect(module.secretNames.length).toBeGreaterThan(0);
      });

      it('verify passes every declared step in order and returns settings its schema parses, free of secrets', async () => {
        const { outcome, reports } = await verifyValid();
        expect(
          outcome.ok,
          outcome.ok ? '' : `${outcome.error.code}: ${outcome.error.detail ?? ''}`,
        ).toBe(true);
        if (!outcome.ok) return;
        expect(reports.map((r) => `${r.step}:${r.status}`)).toEqual(
          capabilities.steps.flatMap((step) => [`${step}:running`, `${step}:passed`]),
        );
        // Stored as JSON and parsed by the schema when loaded.
        expect(
          module.settingsSchema.parse(JSON.parse(JSON.stringify(outcome.value.settings))),
        ).toEqual(outcome.value.settings);
        for (const name of Object.keys(outcome.value.secrets))
          expect(module.secretNames).toContain(name);
        // Settings are stored unencrypted and shown to admins; step details are shown to the user.
        expectNoSecrets('the verified settings', outcome.value.settings, p().secrets());
        expectNoSecrets('the step reports', reports, p().secrets());
      });

      it('hostOf names the server the account talks to', async () => {
        expect(module.hostOf((await account()).settings)).toBe(p().host);
      });

      it(`a session reaches up to date, gets new mail pushed (${capabilities.push}) into the store, and stops with no connection left`, async () => {
        const store = new MemoryStore();
        const log = eventLog();
        const session = await module.openSession(await account(), p().mailDeps, {
          events: log.events,
          store,
          initialWindowDays: 30,
        });
        sessions.push(session);
        await session.start();
        await waitFor(() => log.upToDate > 0, SYNC_WAIT_MS, 'upToDate');
        expect(session.connectionsInUse).toBeGreaterThan(0);

        const message = contractMessage('Pushed', { from: 'sender@contract.test', to: p().email });
        await p().deliverToInbox(message);
        // No checkNow(): the server's push alone brings it.
        await waitFor(
          () => storedIds(store).includes(message.messageId),
          SYNC_WAIT_MS,
          `${message.messageId} in the store`,
        );

        await session.stop();
        expect(session.connectionsInUse).toBe(0);
        expect(log.failed.map((e) => `${e.code}: ${e.detail ?? ''}`)).toEqual([]);
        expect(log.closed).toBe(0);
      });

      const sentCopy = capabilities.serverSavesSentCopy
        ? 'leaves the Sent copy to the server'
        : 'appends the copy to Sent';
      it(`send delivers through the account's own server with the outbox's Message-ID and ${sentCopy}`, async () => {
        const message = sendable(p(), 'Sent');
        const outcome = await module.send(await account(), message, p().mailDeps);
        expect(outcome.messageId).toBe(message.messageId);
        expect(outcome.sentCopyError).toBeUndefined();
        const envelope = await waitFor(
          () => p().accepted(message.messageId),
          SYNC_WAIT_MS,
          `${message.messageId} at the server`,
        );
        expect(envelope.from.toLowerCase()).toBe(p().email.toLowerCase());
        expect(envelope.to.map((r) => r.toLowerCase())).toContain(p().recipient.toLowerCase());
        // Exactly one copy either way: a module that appends where the server files one makes duplicates.
        const copies = !capabilities.serverSavesSentCopy || p().serverKeepsSentCopies ? 1 : 0;
        expect(await p().sentCopies(message.messageId)).toBe(copies);
      });

      if (capabilities.auth === 'OAUTH') {
        it('send refreshes an access token the server refuses, once, and goes through', async () => {
          const verifiedAccount = await account();
          let refreshes = 0;
          const stale: StoredAccount<Settings> = {
            ...verifiedAccount,
            async accessToken(request) {
              if (!request?.forceRefresh)
                return { accessToken: `stale-${randomBytes(8).toString('hex')}`, refreshed: false };
              refreshes += 1;
              return verifiedAccount.accessToken!(request);
            },
          };
          const message = sendable(p(), 'Refreshed');
          await module.send(stale, message, p().mailDeps);
          expect(refreshes).toBe(1);
          await waitFor(
            () => p().accepted(message.messageId),
            SYNC_WAIT_MS,
            `${message.messageId} at the server`,
          );
        });
      }

      if (capabilities.sendAsAliases) {
        it('send goes out from an alias the account may use', async () => {
          const alias = p().alias;
          expect(alias, 'a peer of a kind with sendAsAliases names an alias').toBeDefined();
          const message = { ...sendable(p(), 'Alias'), from: { address: alias!, name: 'Sales' } };
          await module.send(await account(), message, p().mailDeps);
          const envelope = await waitFor(
            () => p().accepted(message.messageId),
            SYNC_WAIT_MS,
            `${message.messageId} at the server`,
          );
          expect(envelope.from.toLowerCase()).toBe(alias!.toLowerCase());
        });
      }

      for (const failure of peer.sendFailures) {
        it(`send fails with ${failure.code} for ${failure.name}, without secrets in the error`, async () => {
          const verifiedAccount = await account();
          const sender = failure.account ? failure.account(verifiedAccount, p()) : verifiedAccount;
          const error = await module
            .send(sender, { ...sendable(p(), 'Failing'), ...failure.message?.(p()) }, p().mailDeps)
            .then(
              () => undefined,
              (err: unknown) => err,
            );
          expectClassified(error, failure.code);
          expectNoSecrets('the send error', error, p().secrets());
        });
      }

      // Last: a failed login makes Dovecot delay later logins from this address.
      for (const failure of peer.verifyFailures) {
        it(`verify fails with ${failure.code} for ${failure.name}, at a declared step, without secrets`, async () => {
          const { outcome, reports } = await verify(module, failure.input(p()), {
            ...p().verifyDeps,
            ...failure.deps?.(p()),
          });
          expect(outcome.ok).toBe(false);
          if (outcome.ok) return;
          expectClassified(outcome.error, failure.code);
          expect(capabilities.steps).toContain(outcome.error.step);
          expect(reports.filter((r) => r.status === 'failed').map((r) => r.step)).toEqual([
            outcome.error.step,
          ]);
          expectNoSecrets('the verify error', outcome.error, p().secrets());
          expectNoSecrets('the step reports', reports, p().secrets());
        });
      }
    },
  );
}

async function verify<Settings, Input>(
  module: ProviderModule<Settings, Input, ProviderKind>,
  input: Input,
  deps: VerifyDeps,
): Promise<{ outcome: VerifyOutcome<Settings>; reports: StepReport[] }> {
  const reports: StepReport[] = [];
  const outcome = await module.verify(input, deps, (report) => reports.push(report));
  return { outcome, reports };
}

function eventLog() {
  const log = {
    upToDate: 0,
    closed: 0,
    failed: [] as ProviderError[],
    events: undefined as unknown as SyncSessionEvents,
  };
  log.events = {
    progress: () => {},
    upToDate: () => void (log.upToDate += 1),
    synced: () => {},
    failed: (error) => void log.failed.push(error),
    closed: () => void (log.closed += 1),
    folderFailed: (_folder, error) => void log.failed.push(error),
  };
  return log;
}

function contractMessage(label: string, parties: { from: string; to: string }): ContractMessage {
  const id = randomBytes(6).toString('hex');
  return {
    subject: `Contract ${label} ${id}`,
    messageId: `<contract-${label.toLowerCase()}-${id}@inlet.test>`,
    ...parties,
  };
}

function sendable(peer: StartedContractPeer<unknown, unknown>, label: string): SendableMessage {
  const { subject, messageId } = contractMessage(label, { from: peer.email, to: peer.recipient });
  return {
    from: { address: peer.email, name: 'Contract Test' },
    to: [{ address: peer.recipient }],
    subject,
    text: 'Sent by the provider contract tests.',
    messageId,
  };
}

function storedIds(store: MemoryStore): string[] {
  return [...store.rows.keys()].flatMap((folder) =>
    store.messages(folder).map((m) => m.messageId ?? ''),
  );
}

function expectClassified(error: unknown, code: ProviderErrorCode): asserts error is ProviderError {
  expect(isProviderError(error), `expected a ProviderError ${code}, got ${String(error)}`).toBe(
    true,
  );
  const e = error as ProviderError;
  expect(e.code, e.detail).toBe(code);
  expect(e.message.trim()).not.toBe('');
  expect(e.hint.trim()).not.toBe('');
}

/** Fails when any text reachable from `value` (message, hint, detail, JSON, causes) contains a secret. */
function expectNoSecrets(what: string, value: unknown, secrets: readonly string[]): void {
  const texts = textsOf(value);
  for (const [index, secret] of secrets.entries()) {
    // The secret itself is not printed: say which one, and where.
    const where = texts.find((t) => t.text.includes(secret))?.path;
    expect(where, `${what} contains secret #${index} at ${where}`).toBeUndefined();
  }
}

function textsOf(root: unknown): Array<{ path: string; text: string }> {
  const found: Array<{ path: string; text: string }> = [];
  const seen = new WeakSet<object>();
  const visit = (value: unknown, path: string, depth: number): void => {
    if (typeof value === 'string') return void found.push({ path, text: value });
    if (value === null || typeof value !== 'object' || depth > 6 || seen.has(value)) return;
    seen.add(value);
    if (Buffer.isBuffer(value) || value instanceof Uint8Array) {
      if (value.length <= 65_536) found.push({ path, text: Buffer.from(value).toString('utf8') });
      return;
    }
    if (value instanceof Error) {
      visit(value.message, `${path}.message`, depth + 1);
      visit(value.cause, `${path}.cause`, depth + 1);
      try {
        found.push({ path: `JSON(${path})`, text: JSON.stringify(value) ?? '' });
      } catch {
        // circular: its parts are visited below
      }
    }
    for (const [key, child] of Object.entries(value)) visit(child, `${path}.${key}`, depth + 1);
  };
  visit(root, '$', 0);
  return found;
}
