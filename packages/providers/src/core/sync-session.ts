import type { ProviderError } from './provider-error.js';
import type { SyncStore } from './sync-store.js';

/** How far an initial or catch-up sync has got (counts when known). */
export interface SessionProgress {
  folder: string;
  done: number;
  total: number;
}

/** SYNCING until every folder is caught up (and while one is rebuilt), then CONNECTED. */
export type SessionState = 'SYNCING' | 'CONNECTED';

/** What a running provider session tells whoever runs it (the gateway's connection runner). */
export interface SyncSessionEvents {
  /** Initial or catch-up sync is running. */
  progress(progress: SessionProgress | null): void;
  /** Every folder is up to date and the session is listening for changes. */
  upToDate(): void;
  /**
   * A folder sync finished (with changes or none): the account was current with its server just now.
   * `newMessages`: messages it stored that were new (a folder read again from scratch counts none).
   */
  synced(report?: { newMessages: number }): void;
  /** Classified failure; `retryable` decides retry (with backoff) vs asking the user. */
  failed(error: ProviderError): void;
  /** The server closed the session (kicked, restarted) without an error; the runner reconnects. */
  closed(): void;
  /** One folder stopped syncing while the rest goes on (renamed, renumbered too often, no access). */
  folderFailed(folder: string, error: ProviderError): void;
  /** Not a failure: the server refused an optional connection, so `folders` are polled on another one. */
  connectionShed?(event: { folders: string[]; error: ProviderError }): void;
}

/** What a provider session says after syncing a folder: IMAP counts `fetched`, EWS `created`. */
export interface FolderSyncCounts {
  rebuilt: boolean;
  fetched?: number;
  created?: number;
}

/** One account's live sync: IMAP IDLE sessions, or EWS notifications. */
export interface SyncSession {
  readonly connectionsInUse: number;
  start(): Promise<void>;
  /** Syncs every folder now; resolves when done (failures are reported through the events). */
  checkNow(): Promise<void> | void;
  stop(): Promise<void>;
}

export interface OpenSessionOptions {
  /** Re-read from this date on ("Resync from date"); otherwise the initial window or the stored state. */
  since?: Date | undefined;
  events: SyncSessionEvents;
  /** Where synced state and messages are kept (the gateway's database). */
  store: SyncStore;
  /** Days of mail the first sync reads. */
  initialWindowDays?: number;
}

/** A provider's own session object (ImapSyncSession, EwsSyncSession): its controls and the events the runner hears about. */
export interface ProviderSession {
  readonly connectionsInUse: number;
  start(): Promise<void>;
  checkNow(): Promise<void>;
  stop(): Promise<void>;
  on(
    event: 'status',
    listener: (status: { state: SessionState; progress: SessionProgress | null }) => void,
  ): unknown;
  on(event: 'synced', listener: (summary: FolderSyncCounts) => void): unknown;
  on(event: 'error', listener: (error: ProviderError) => void): unknown;
  on(
    event: 'folderError',
    listener: (event: { folder: string; error: ProviderError }) => void,
  ): unknown;
  on(event: 'closed', listener: (event: { error: ProviderError | null }) => void): unknown;
}

export interface ReportOptions {
  /** While false, failures are left to whoever awaits start() (the OAuth kinds refresh the token once and try again). */
  reportFailures?: () => boolean;
  mapError?: (error: ProviderError) => ProviderError;
}

/** Turns a provider's session object into the SyncSession the runner drives, its events into `events`. */
export function reportSession(
  session: ProviderSession,
  events: SyncSessionEvents,
  options: ReportOptions = {},
): SyncSession {
  const reportFailures = options.reportFailures ?? (() => true);
  const mapError = options.mapError ?? ((error: ProviderError) => error);
  let stopping = false;
  session.on('status', (status) =>
    status.state === 'CONNECTED' ? events.upToDate() : events.progress(status.progress),
  );
  session.on('synced', (summary) =>
    events.synced({
      newMessages: summary.rebuilt ? 0 : (summary.fetched ?? summary.created ?? 0),
    }),
  );
  session.on('error', (error) => {
    if (reportFailures()) events.failed(mapError(error));
  });
  session.on('folderError', ({ folder, error }) => events.folderFailed(folder, error));
  // A close without an error that nobody asked for (the server went away quietly): reconnect.
  session.on('closed', ({ error }) => {
    if (!error && !stopping && reportFailures()) events.closed();
  });
  return {
    get connectionsInUse() {
      return session.connectionsInUse;
    },
    start: () => session.start(),
    checkNow: () => session.checkNow(),
    stop: () => {
      stopping = true;
      return session.stop();
    },
  };
}
