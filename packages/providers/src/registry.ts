import type { AnyProviderModule, ProviderModules } from './core/provider-module.js';
import type { ProviderKind } from './core/provider-kind.js';
import { exchangeProvider } from './exchange/exchange-provider.js';
import type { EwsSyncTiming } from './exchange/ews-sync-session.js';
import { gmailProvider } from './gmail/gmail-provider.js';
import type { ImapSessionTuning } from './imap/imap-session-adapter.js';
import { imapProvider } from './imap/imap-provider.js';
import { microsoftProvider } from './microsoft/microsoft-provider.js';

export interface ProviderRegistryOptions {
  /** IMAP-based kinds (IMAP, Gmail, Microsoft 365): session timing and the UIDVALIDITY guard. */
  imap?: ImapSessionTuning;
  exchange?: { timing?: EwsSyncTiming };
}

/**
 * Every provider kind, one module each. `satisfies` makes a kind without a module (or a module that
 * lacks verify, openSession or send) a compile error rather than a connection that never syncs.
 */
export function createProviderRegistry(options: ProviderRegistryOptions = {}) {
  return {
    IMAP: imapProvider(options.imap),
    EXCHANGE: exchangeProvider(options.exchange),
    GMAIL: gmailProvider(options.imap),
    MICROSOFT_365: microsoftProvider(options.imap),
  } satisfies ProviderModules;
}

export type ProviderRegistry = ReturnType<typeof createProviderRegistry>;

/** The module of a stored connection's kind, typed loosely: its settings are parsed by its own schema. */
export function providerFor(registry: ProviderRegistry, kind: ProviderKind): AnyProviderModule {
  return registry[kind];
}
