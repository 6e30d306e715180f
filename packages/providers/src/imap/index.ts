/** What the apps use of imap/ (imported as @inlet/providers/imap). */
export type { ImapConnectInput, ImapSettings } from './imap-settings.js';
export { ImapSyncSession } from './imap-sync-session.js';
export type { UidValidityGuardOptions } from './uid-validity-guard.js';
