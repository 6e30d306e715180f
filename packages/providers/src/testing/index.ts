export {};
export { startDovecot } from './start-dovecot.js';
export type {
  DovecotOAuth2Options,
  DovecotOptions,
  DovecotServer,
  DovecotUser,
} from './start-dovecot.js';
export { testMailboxClient, withTestMailbox } from './test-mailbox.js';
export type { TestMailboxAccount, TestMailboxServer } from './test-mailbox.js';
export { startSmtpServer } from './start-smtp-server.js';
export type {
  ReceivedSmtpMessage,
  SmtpReply,
  SmtpTestServer,
  SmtpTestServerOptions,
  SmtpTestUser,
} from './start-smtp-server.js';
export {
  COURIER_GREETING_PLAIN,
  COURIER_GREETING_TLS,
  startCourierResponder,
  startImapResponder,
  startLegacyTlsResponder,
  startLoginDisabledResponder,
  startNoStarttlsResponder,
  startPlaintextResponder,
  startThrottlingResponder,
} from './imap-responder.js';
export type { ImapResponder, ImapResponderOptions, ReceivedCommand } from './imap-responder.js';
export { startBlackhole, unusedPort } from './tcp-fixtures.js';
export type { Blackhole } from './tcp-fixtures.js';
export { createTestCertificate, WRONG_CERTIFICATE_NAME } from './test-certificates.js';
export type { TestCertificate, TestCertificateKind } from './test-certificates.js';
export { freePort, waitForPort } from './free-port.js';
export { startDnsTestServer } from './dns-test-server.js';
export type { DnsTestServer, TestZone } from './dns-test-server.js';
export { processesTitled, signalIfAlive } from './processes.js';
export { startAll, stopAll } from './start-all.js';
export type { Stoppable } from './start-all.js';
export * from './ews/index.js';
export { startOAuthTestProvider } from './oauth-test-provider.js';
export type {
  ConsentChoice,
  OAuthTestAccount,
  OAuthTestProvider,
  OAuthTestProviderOptions,
} from './oauth-test-provider.js';
export { runProviderContractTests } from './provider-contract.js';
export type {
  ContractMessage,
  FailingSendCase,
  FailingVerifyCase,
  ProviderContractOptions,
  ProviderContractPeer,
  StartedContractPeer,
} from './provider-contract.js';
export { memoryAccount, withSecret } from './memory-account.js';
export type { MemoryAccountOptions } from './memory-account.js';
export { loopbackLookup, loopbackVet } from './loopback-vet.js';
export { startLegacyStarttlsProxy, startLegacyTlsProxy } from './legacy-tls-proxy.js';
export type { LegacyTlsProxy } from './legacy-tls-proxy.js';
export { startPostfix } from './start-postfix.js';
export { startSubmissionServer, submissionServerKinds } from './submission-server.js';
export type {
  SubmissionServer,
  SubmissionServerKind,
  SubmittedMessage,
} from './submission-server.js';
export type { PostfixServer, PostfixUser } from './start-postfix.js';
