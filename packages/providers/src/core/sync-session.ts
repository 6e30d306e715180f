import type { ProviderError } from './provider-error.js';
import type { SyncStore } from './sync-store.js';

/** How far an initial or catch-up sync has got (counts when known). */
export interface SessionProgress {
  folder: string;
  done: number;
  total: number;
}

/** What a running provider session tells whoever runs it (the gateway's connection runner). */
export interface SyncSessionEvents {
  /** Initial or catch-up sync is running. */
  progress(progress: SessionProgress | null): void;
  /** Every folder is up to date and the session is listening for changes. */
  upToDate(): void;
  /** Classified failure; `retryable` decides retry (with backoff) vs asking the user. */
  failed(error: ProviderError): void;
  /** The server closed the session (kicked, restarted) without an error; the runner reconnects. */
  closed(): void;
  /** One folder stopped syncing while the rest goes on (renamed, renumbered too often, no access). */
  folderFailed(folder: string, error: ProviderError): void;
  /** Not a failure: the server refused an optional connection, so `folders` are polled on another one. */
  connectionShed?(event: { folders: string[]; error: ProviderError }): void;
}

/** One account's live sync: IMAP IDLE sessions, or EWS notifications. */
export interface SyncSession {
  readonly connectionsInUse: number;
  start(): Promise<void>;
  checkNow(): void;
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
