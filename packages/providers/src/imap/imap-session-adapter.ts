import type { ProviderError } from '../core/provider-error.js';
import type { MailDeps } from '../core/provider-module.js';
import type { OpenSessionOptions, SyncSession } from '../core/sync-session.js';
import { ImapSyncSession, type ImapSyncSessionOptions, type ImapSyncTiming } from './imap-sync-session.js';
import { UidValidityGuard, type UidValidityGuardOptions } from './uid-validity-guard.js';

/** The IMAP endpoint and login of a session; the rest comes from the open-session options. */
export type ImapSessionLogin = Pick<ImapSyncSessionOptions, 'host' | 'port' | 'security' | 'username' | 'password' | 'accessToken' | 'folders'> & {
  pinned?: { pem: string; fingerprint: string } | null;
};

export interface ImapSessionTuning {
  timing?: ImapSyncTiming;
  uidValidity?: UidValidityGuardOptions;
}

/**
 * One UidValidityGuard per account for the life of the module: Dovecot ends a session whose folder was
 * renumbered, so a count kept per session would start over at every reconnect.
 */
export function guardsPerAccount(options: UidValidityGuardOptions = {}): (accountId: string) => UidValidityGuard {
  const guards = new Map<string, UidValidityGuard>();
  return (accountId) => {
    let guard = guards.get(accountId);
    if (!guard) guards.set(accountId, (guard = new UidValidityGuard(options)));
    return guard;
  };
}

/** An ImapSyncSession whose events are reported to the runner; `started` gates failures while starting. */
export interface AdaptedImapSession extends SyncSession {
  readonly session: ImapSyncSession;
}

/**
 * Builds an ImapSyncSession (the host vetted now, the connection made to the vetted address) and turns
 * its events into the SyncSession contract. While `reportFailures()` is false, failures are left to
 * whoever awaits start() (the OAuth kinds refresh the token once and try again).
 */
export async function openImapSession(
  login: ImapSessionLogin,
  deps: MailDeps,
  options: OpenSessionOptions,
  tuning: ImapSessionTuning & { guard: UidValidityGuard; reportFailures?: () => boolean; mapError?: (error: ProviderError) => ProviderError },
): Promise<AdaptedImapSession> {
  const vetted = await deps.vet(login.host, login.port);
  const { events } = options;
  const reportFailures = tuning.reportFailures ?? (() => true);
  const mapError = tuning.mapError ?? ((error: ProviderError) => error);
  let stopping = false;
  const session = new ImapSyncSession({
    host: login.host,
    address: vetted.address,
    port: login.port,
    security: login.security,
    username: login.username,
    ...(login.password !== undefined ? { password: login.password } : {}),
    ...(login.accessToken !== undefined ? { accessToken: login.accessToken } : {}),
    tls: { ...(deps.ca ? { ca: deps.ca } : {}), ...(login.pinned ? { pinned: login.pinned } : {}) },
    folders: login.folders,
    store: options.store,
    uidValidityGuard: tuning.guard,
    ...(options.initialWindowDays !== undefined ? { initialWindowDays: options.initialWindowDays } : {}),
    ...(options.since ? { since: options.since } : {}),
    ...(tuning.timing ? { timing: tuning.timing } : {}),
  });
  session.on('status', (status) => (status.state === 'CONNECTED' ? events.upToDate() : events.progress(status.progress)));
  session.on('error', (error) => {
    if (reportFailures()) events.failed(mapError(error));
  });
  session.on('folderError', ({ folder, error }) => events.folderFailed(folder, error));
  session.on('connectionShed', ({ folders, error }) => events.connectionShed?.({ folders, error }));
  // A close without an error that nobody asked for (the server went away quietly): reconnect.
  session.on('closed', ({ error }) => {
    if (!error && !stopping && reportFailures()) events.closed();
  });
  return {
    session,
    get connectionsInUse() {
      return session.connectionsInUse;
    },
    start: () => session.start(),
    checkNow: () => void session.checkNow(),
    stop: () => {
      stopping = true;
      return session.stop();
    },
  };
}
