export {
  startEwsTestServer,
  TEST_EXCHANGE_ACCOUNT,
  TEST_NTLM_IDENTITY,
} from './ews-test-server.js';
export type {
  EwsFaultSpec,
  EwsOperation,
  EwsRecordedRequest,
  EwsSentMessage,
  EwsTestAccount,
  EwsTestAutodiscover,
  EwsTestFolder,
  EwsTestItem,
  EwsTestRedirect,
  EwsTestRule,
  EwsTestServer,
  EwsTestServerOptions,
} from './ews-test-server.js';
export { createEwsTestCertificate } from './ews-test-certificate.js';
export { nonDeliveryReport, type ReportedRecipient } from './ews-test-reports.js';
export type { EwsTestCertificate } from './ews-test-certificate.js';
export { EXCHANGE_PROFILES } from './exchange-profiles.js';
export type { ExchangeProfile, ExchangeProfileName } from './exchange-profiles.js';
export { EWS_MESSAGES } from './ews-responses.js';
export { ExchangeTestNetwork } from './exchange-test-network.js';
export type { ExchangeTestDeps } from './exchange-test-network.js';
