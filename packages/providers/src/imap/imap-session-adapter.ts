import type { MailDeps } from '../core/provider-module.js';
import {
  reportSession,
  type OpenSessionOptions,
  type ReportOptions,
  type SyncSession,
} from '../core/sync-session.js';
import {
  ImapSyncSession,
  type ImapSyncSessionOptions,
  type ImapSyncTiming,
} from './imap-sync-session.js';
import { UidValidityGuard, type UidValidityGuardOptions } from './uid-validity-guard.js';
import { UnreadableMessageGuard } from './unreadable-message-guard.js';

/** The IMAP endpoint and login of a session; the rest comes from the open-session options. */
export type ImapSessionLogin = Pick<
  ImapSyncSessionOptions,
  'host' | 'port' | 'security' | 'username' | 'password' | 'accessToken' | 'folders'
> & {
  pinned?: { pem: string; fingerprint: string } | null;
  allowLegacyTls?: boolean;
};

export interface ImapSessionTuning {
  timing?: ImapSyncTiming;
  uidValidity?: UidValidityGuardOptions;
}

/** What an account's sessions count together: each of these ends the session it happens in. */
export interface AccountGuards {
  uidValidity: UidValidityGuard;
  unreadableMessages: UnreadableMessageGuard;
}

/**
 * One set of guards per account for the life of the module: Dovecot ends a session whose folder was
 * renumbered, and one whose FETCH reaches a message file it cannot read, so a count kept per session
 * would start over at every reconnect.
 */
export function guardsPerAccount(
  options: UidValidityGuardOptions = {},
): (accountId: string) => AccountGuards {
  const guards = new Map<string, AccountGuards>();
  return (accountId) => {
    let guard = guards.get(accountId);
    if (!guard)
      guards.set(
        accountId,
        (guard = {
          uidValidity: new UidValidityGuard(options),
          unreadableMessages: new UnreadableMessageGuard(),
        }),
      );
    return guard;
  };
}

/** An ImapSyncSession whose events are reported to the runner (reportSession), with the session itself. */
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
  tuning: ImapSessionTuning & ReportOptions & { guards: AccountGuards },
): Promise<AdaptedImapSession> {
  const vetted = await deps.vet(login.host, login.port);
  const session = new ImapSyncSession({
    host: login.host,
    address: vetted.address,
    port: login.port,
    security: login.security,
    username: login.username,
    ...(login.password !== undefined ? { password: login.password } : {}),
    ...(login.accessToken !== undefined ? { accessToken: login.accessToken } : {}),
    tls: {
      ...(deps.ca ? { ca: deps.ca } : {}),
      ...(login.pinned ? { pinned: login.pinned } : {}),
      ...(login.allowLegacyTls ? { allowLegacyTls: true } : {}),
    },
    folders: login.folders,
    store: options.store,
    uidValidityGuard: tuning.guards.uidValidity,
    unreadableMessages: tuning.guards.unreadableMessages,
    ...(options.initialWindowDays !== undefined
      ? { initialWindowDays: options.initialWindowDays }
      : {}),
    ...(options.since ? { since: options.since } : {}),
    ...(tuning.timing ? { timing: tuning.timing } : {}),
  });
  const handle = reportSession(session, options.events, tuning);
  session.on('connectionShed', ({ folders, error }) =>
    options.events.connectionShed?.({ folders, error }),
  );
  return Object.assign(handle, { session });
}
