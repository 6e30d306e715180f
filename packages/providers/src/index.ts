/** The contract every provider implements, the registry, and the vocabulary shared with the gateway. Kind-specific pieces: @inlet/providers/<folder>. */
export { newMessageId } from './core/compose-message.js';
export type { OutgoingMessage } from './core/compose-message.js';
export { parseEmailAddress } from './core/email-address.js';
export { snippetOf } from './core/snippet.js';
export { HeldConnection } from './core/held-connection.js';
export { normalizeEmailDomain, normalizeServerHost } from './core/hostname.js';
export {
  ProviderError,
  REAUTH_CODES,
  isProviderError,
  providerErrors,
  providerSteps,
} from './core/provider-error.js';
export type {
  CertificateChange,
  ProviderErrorCode,
  ProviderField,
  ProviderStep,
} from './core/provider-error.js';
export type { ProviderKind } from './core/provider-kind.js';
export type {
  AnyProviderModule,
  AuthKind,
  MailDeps,
  PushKind,
  RefusedRecipient,
  SecretName,
  StoredAccount,
  VerifiedAccount,
} from './core/provider-module.js';
export type { OnStep, StepReport } from './core/steps.js';
export type { SyncSession, SyncSessionEvents } from './core/sync-session.js';
export type {
  FolderRole,
  FolderState,
  KnownMessage,
  SyncBatch,
  SyncStore,
} from './core/sync-store.js';
export { createProviderRegistry, providerFor } from './registry.js';
export type { ProviderRegistry } from './registry.js';
