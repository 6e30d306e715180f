/** What the apps use of detection/ (imported as @inlet/providers/detection). */
export { DEFAULT_ISPDB_BASE_URL } from './autoconfig.js';
export { imapConnectRefusal } from './connect-policy.js';
export { detectProvider } from './detect-provider.js';
export type { DomainSettingsAnswer, MailDnsResolver } from './types.js';
