import type { z } from 'zod';
import type { OutgoingMessage } from './compose-message.js';
import type { HeldConnection } from './held-connection.js';
import type { ProviderError, ProviderStep } from './provider-error.js';
import type { ProviderKind } from './provider-kind.js';
import type { OnStep, VetHost } from './steps.js';
import type { OpenSessionOptions, SyncSession } from './sync-session.js';

/**
 * The contract every mail provider implements, shaped like Kysely's `Dialect`: a small interface plus
 * capability flags that the gateway and the console read as data. The gateway never branches on a
 * provider kind; it looks the module up in the registry (`registry.ts`) and calls it.
 */

/** Secrets a connection may store, encrypted by the gateway's vault. */
export type SecretName = 'password' | 'smtp_password' | 'oauth_tokens';

export type AuthKind = 'PASSWORD' | 'OAUTH';
export type PushKind = 'IMAP_IDLE' | 'EWS_STREAMING';

export interface ProviderCapabilities {
  /** How the user proves access: a password form, or a sign-in with the provider. */
  readonly auth: AuthKind;
  /** The steps of a connection check, in order (the console shows them before they run). */
  readonly steps: readonly ProviderStep[];
  /** How new mail is noticed. */
  readonly push: PushKind;
  /** The server keeps a copy of what is sent; otherwise the provider appends it to Sent itself. */
  readonly serverSavesSentCopy: boolean;
  /** Verified From addresses other than the mailbox's own (Gmail send-as, Microsoft 365 proxies). */
  readonly sendAsAliases: boolean;
}

/** What a provider needs from its host to reach the network: every socket is vetted. */
export interface MailDeps {
  /** Resolves a host and refuses private networks unless an admin trusts the host (the SSRF guard). */
  vet: VetHost;
  /** Extra trust anchors (PEM) on top of Node's roots. */
  ca?: string[];
}

/** A stored account: its parsed settings, and its secrets decrypted only when asked, never cached. */
export interface StoredAccount<Settings> {
  id: string;
  email: string;
  settings: Settings;
  /** Decrypts one stored secret now; undefined when it is not stored. */
  secret(name: SecretName): Promise<string | undefined>;
  /**
   * OAuth kinds: a usable access token, refreshed when it is about to expire or when `forceRefresh`
   * (the server refused it). `refreshed` says whether this one was just issued.
   */
  accessToken?(options?: {
    forceRefresh?: boolean;
  }): Promise<{ accessToken: string; refreshed: boolean }>;
}

/** What a successful check yields: the settings and secrets to save. A null secret is removed. */
export interface VerifiedAccount<Settings> {
  settings: Settings;
  secrets: Partial<Record<SecretName, string | null>>;
}

export type VerifyOutcome<Settings> =
  { ok: true; value: VerifiedAccount<Settings> } | { ok: false; error: ProviderError };

/** What a check may use beyond the network: hosts an admin trusts, and where the test email goes. */
export interface VerifyDeps extends MailDeps {
  /** Hosts named by an admin's domain settings (private addresses allowed, autodiscover may follow them). */
  approvedHosts: readonly string[];
  /** The Exchange URL an admin set for the domain, if any. */
  domainExchangeUrl?: string;
  /** The address the test email goes to (the BCC logging address, or the mailbox itself). */
  testRecipient: string;
}

/** A message handed to a provider to send, with the Message-ID the outbox keeps across retries. */
export type SendableMessage = OutgoingMessage & { messageId: string };

/** A recipient the server refused at RCPT while it accepted others; the email went to those others. */
export interface RefusedRecipient {
  address: string;
  /** The SMTP reply code (4xx: deferred, the server may take it later; 5xx: refused for good). */
  code: number;
  /** The server's reply, sanitised. */
  reply: string;
}

export interface SendOutcome {
  messageId: string;
  /** Recipients refused while others were accepted (absent or empty: every recipient was accepted). */
  refused?: RefusedRecipient[];
  /** Appending the copy to Sent failed after the server accepted the message (sent all the same). */
  sentCopyError?: unknown;
}

export interface ProviderModule<
  Settings = unknown,
  VerifyInput = unknown,
  Kind extends ProviderKind = ProviderKind,
> {
  readonly kind: Kind;
  readonly displayName: string;
  readonly capabilities: ProviderCapabilities;
  /** Parses the stored, non-secret settings (connections.settings_json); throws on a malformed row. */
  readonly settingsSchema: z.ZodType<Settings>;
  /** The secrets a connection of this kind stores. */
  readonly secretNames: readonly SecretName[];
  /** The mail host a connection talks to (host slots count accounts per host). */
  hostOf(settings: Settings): string;
  /** Checks an account step by step, reporting each step on `onStep`; never throws for a server's answer. */
  verify(input: VerifyInput, deps: VerifyDeps, onStep: OnStep): Promise<VerifyOutcome<Settings>>;
  /** Builds (does not start) the live sync session of a stored account. */
  openSession(
    account: StoredAccount<Settings>,
    deps: MailDeps,
    options: OpenSessionOptions,
  ): Promise<SyncSession>;
  /**
   * Sends one message through the account's own server; throws a classified ProviderError. With
   * `held`, the provider may send over the connection it kept there for this account and keep its
   * connection there for the caller's next send (providers without such a connection ignore it).
   */
  send(
    account: StoredAccount<Settings>,
    message: SendableMessage,
    deps: MailDeps,
    held?: HeldConnection,
  ): Promise<SendOutcome>;
}

/**
 * Any provider module, whatever its settings and input types (they are both read and written, so no
 * single type parameter covers them all). Each key's module must be of that kind.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export type AnyProviderModule<Kind extends ProviderKind = ProviderKind> = ProviderModule<
  any,
  any,
  Kind
>;
/* eslint-enable @typescript-eslint/no-explicit-any */
export type ProviderModules = { [K in ProviderKind]: AnyProviderModule<K> };
