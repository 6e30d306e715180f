/** What the apps use of imap/ (imported as @inlet/providers/imap). */
export type { ImapConnectInput, ImapSettings } from './imap-settings.js';
export { ImapSyncSession } from './imap-sync-session.js';
/** What sync fetches per message: the benches' bare-fetch limit fetches the same. */
export { describeMessage, METADATA_QUERY } from './message-metadata.js';
/** The process's shared body reader (the initial-sync A/B bench holds it open across runs). */
export { acquireBodyReader } from './body-reader-pool.js';
export { chunk, toSequenceSet } from './uid-set.js';
export type { UidValidityGuardOptions } from './uid-validity-guard.js';
export { probeImapServer } from './verify-imap-account.js';
export type { ImapServerInput } from './verify-imap-account.js';
export { probeSmtpServer } from './verify-smtp-account.js';
export type { SmtpServerInput } from './verify-smtp-account.js';
