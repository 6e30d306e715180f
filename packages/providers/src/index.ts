export * from './core/hostname.js';
export { parseEmailAddress } from './core/email-address.js';
export type { EmailAddressCheck } from './core/email-address.js';
export * from './core/provider-error.js';
export type { ProviderKind } from './core/provider-kind.js';
export type {
  AnyProviderModule,
  AuthKind,
  MailDeps,
  ProviderCapabilities,
  ProviderModule,
  ProviderModules,
  PushKind,
  SecretName,
  SendableMessage,
  SendOutcome,
  RefusedRecipient,
  StoredAccount,
  VerifiedAccount,
  VerifyDeps,
  VerifyOutcome,
} from './core/provider-module.js';
export type { OpenSessionOptions, SessionProgress, SyncSession, SyncSessionEvents } from './core/sync-session.js';
export { createProviderRegistry, providerFor } from './registry.js';
export type { ProviderRegistry, ProviderRegistryOptions } from './registry.js';
export { imapSettingsSchema } from './imap/imap-settings.js';
export type { Endpoint, ImapConnectInput, ImapSettings, PinnedCertificate } from './imap/imap-settings.js';
export { exchangeSettingsSchema } from './exchange/exchange-settings.js';
export type { ExchangeConnectInput, ExchangeSettings } from './exchange/exchange-settings.js';
export { oauthSettingsSchema } from './oauth/oauth-settings.js';
export type { OAuthConnectInput, OAuthConnectionSettings } from './oauth/oauth-settings.js';
export { connectOptionsFor, createResolverLookup, resolveAndVet, systemLookup } from './transport/vet-address.js';
export type { AllowPrivate, LookupAddress, LookupFn, VetOptions, VettedAddress } from './transport/vet-address.js';
export { createHostAllowList } from './transport/host-allow-list.js';
export { classifyAddress, parseIpAddress } from './transport/address-class.js';
export type { AddressClass } from './transport/address-class.js';
export { createHttpsFetcher, FetchTextError } from './transport/fetch-text.js';
export type { FetchText, FetchTextErrorCode, FetchTextOptions, FetchTextResult, HttpsFetcherOptions } from './transport/fetch-text.js';
export { detectProvider } from './detection/detect-provider.js';
export { DEFAULT_ISPDB_BASE_URL } from './detection/autoconfig.js';
export type {
  DetectedProvider,
  DetectedServer,
  DetectionDeps,
  DetectionResult,
  DetectionSource,
  DomainSettingsAnswer,
  MailDnsResolver,
  TransportSecurity,
} from './detection/types.js';
export { imapConnectRefusal } from './detection/connect-policy.js';
export type { ImapConnectRefusal } from './detection/connect-policy.js';
export { verifyImapAccount, IMAP_STEPS } from './imap/verify-imap-account.js';
export type { ImapAccountInput, ImapVerification, ImapVerifyDeps, ImapVerifyResult } from './imap/verify-imap-account.js';
export type { OnStep, StepReport, StepStatus, VerificationTimeouts, VetHost } from './core/steps.js';
export { EXCHANGE_FIELDS } from './core/steps.js';
export { normalizeFingerprint, pinnedTlsOptions, verifiedTlsOptions } from './transport/tls-trust.js';
export type { CertificateInfo, MailSecurity, TlsTrust } from './transport/tls-trust.js';
export { findInbox, findSentFolder, SENT_FOLDER_NAMES } from './imap/find-sent-folder.js';
export type { FolderEntry, SentFolder } from './imap/find-sent-folder.js';
export { classifyImapError } from './imap/classify-imap-error.js';
export { verifySmtpAccount, SMTP_STEPS } from './imap/verify-smtp-account.js';
export type { SmtpVerification, SmtpVerifyResult } from './imap/verify-smtp-account.js';
export type { SmtpAccountInput, SmtpDeps } from './imap/smtp-transport.js';
export { sendTestEmail, TEST_EMAIL_STEPS, TEST_EMAIL_SUBJECT } from './imap/send-test-email.js';
export type { TestEmailInput, TestEmailResult, TestEmailSent } from './imap/send-test-email.js';
export { classifySmtpError } from './imap/classify-smtp-error.js';
export { composeMessage, newMessageId } from './core/compose-message.js';
export type { ComposedMessage, MailAddress, OutgoingMessage } from './core/compose-message.js';
export { classifySendError, sendMessage } from './imap/send-message.js';
export type { SentMessage } from './imap/send-message.js';
export { appendToSent } from './imap/append-to-sent.js';
export type { ImapAppendAccount } from './imap/append-to-sent.js';
export { syncFolder, DEFAULT_BATCH_SIZE, DEFAULT_INITIAL_WINDOW_DAYS, DEFAULT_MAX_FLAG_SCAN } from './imap/imap-folder-sync.js';
export type { FolderSyncOptions, FolderSyncProgress, FolderSyncSummary, SyncStrategy } from './imap/imap-folder-sync.js';
export { ImapSyncSession, MAX_SYNC_CONNECTIONS } from './imap/imap-sync-session.js';
export type {
  ImapSyncSessionEvents,
  ImapSyncSessionOptions,
  ImapSyncTiming,
  SyncConnectionInfo,
  SyncConnectionRole,
  SyncProgress,
  SyncSessionState,
  SyncStatus,
} from './imap/imap-sync-session.js';
export type { Address, FlagUpdate, FolderState, KnownMessage, QuarantinedMessage, SyncBatch, SyncedMessage, SyncStore } from './core/sync-store.js';
export { classifySyncError } from './imap/classify-sync-error.js';
export { UidValidityGuard } from './imap/uid-validity-guard.js';
export type { UidValidityGuardOptions } from './imap/uid-validity-guard.js';
export { verifyExchangeAccount, EXCHANGE_STEPS } from './exchange/verify-exchange-account.js';
export type { ExchangeAccountInput, ExchangeUrlSource, ExchangeVerification, ExchangeVerifyDeps, ExchangeVerifyResult } from './exchange/verify-exchange-account.js';
export { autodiscoverEwsUrl, MAX_REDIRECT_HOPS } from './exchange/autodiscover.js';
export type { AutodiscoverDeps, AutodiscoverFormat, AutodiscoverResult, AutodiscoverSource } from './exchange/autodiscover.js';
export { normalizeExchangeUrl, ewsUrlFor, EWS_PATH } from './exchange/ews-url.js';
export type { ExchangeUrlCheck } from './exchange/ews-url.js';
export { classifyHost, isExchangeOnlineHost, isExchangeOnlineAddress } from './exchange/host-policy.js';
export type { HostPolicy, HostTrust } from './exchange/host-policy.js';
export { ExchangeUrlError, EwsCallError, suggestedExchangeUrl, classifyExchangeError } from './exchange/ews-errors.js';
export { LoginAttempts, usernameForms, parseAuthOffer, chooseScheme, EXCHANGE_AUTH_HINT } from './exchange/ews-auth.js';
export type { AuthOffer, EwsAuthScheme } from './exchange/ews-auth.js';
export { createEwsClient } from './exchange/ews-client.js';
export type { EwsClient, EwsSettings } from './exchange/ews-client.js';
export type { EwsHttpDeps } from './exchange/ews-http.js';
export { listFoldersToSync, ruleTargets } from './exchange/inbox-rule-folders.js';
export { EwsSyncSession, itemUid, toSyncedMessage } from './exchange/ews-sync-session.js';
export type { EwsFolderSyncSummary, EwsSyncedFolder, EwsSyncSessionEvents, EwsSyncSessionOptions, EwsSyncTiming } from './exchange/ews-sync-session.js';
export { getItems, syncFolderItems, MAX_SYNC_CHANGES } from './exchange/ews-sync-operations.js';
export type { EwsItemChange, EwsItemMetadata, EwsMailbox, GetItemResult, SyncFolderItemsPage } from './exchange/ews-sync-operations.js';
export type { FoldersToSync, RuleFolder } from './exchange/inbox-rule-folders.js';
export { getFolders, getInboxRules, resolveNames, sendEwsMessage } from './exchange/ews-operations.js';
export type { EwsFolder, EwsOutgoingMessage, EwsRecipient, FolderRef, InboxRule, ResolvedMailbox } from './exchange/ews-operations.js';
export { describeVersion, isSupportedVersion, isExchangeOnlineVersion, MINIMUM_VERSION } from './exchange/server-version.js';
export type { ServerVersion } from './exchange/server-version.js';
export {
  authorizationUrl,
  callbackError,
  checkIdentity,
  createOAuthHttp,
  createPkce,
  decodeJwtClaims,
  exchangeCode,
  fetchIdentity,
  findOAuthMailboxFolders,
  googleOAuthProvider,
  GOOGLE_SCOPES,
  listSendAsAddresses,
  microsoftOAuthProvider,
  MICROSOFT_SCOPES,
  missingScopes,
  oauthProvider,
  pkceChallenge,
  randomUrlToken,
  refreshTokens,
} from './oauth/index.js';
export type {
  AuthorizationRequest,
  IdentitySource,
  MicrosoftOptions,
  OAuthImapAccount,
  OAuthClientCredentials,
  OAuthHttp,
  OAuthHttpOptions,
  OAuthHttpRequest,
  OAuthHttpResponse,
  OAuthIdentity,
  OAuthMailEndpoint,
  OAuthProviderDefinition,
  OAuthProviderId,
  OAuthProviderOverrides,
  OAuthTokens,
  Pkce,
  SendAsAddress,
  TokenExchange,
} from './oauth/index.js';
