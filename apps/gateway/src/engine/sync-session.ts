import type { ProviderError } from '@inlet/providers';
import type { ConnectionRow } from '../db/tables/connection.table.js';

/** What a running provider session tells its runner. */
export interface SyncSessionEvents {
  /** Initial or catch-up sync is running (with counts when known). */
  progress(progress: { folder: string; done: number; total: number } | null): void;
  /** Every folder is up to date and the session is listening for changes. */
  upToDate(): void;
  /** Classified failure; `retryable` decides retry (with backoff) vs asking the user. */
  failed(error: ProviderError): void;
  /** The server closed the session (kicked, restarted); the runner reconnects. */
  closed(): void;
}

/** One account's live sync: IMAP IDLE sessions, or EWS notifications. */
export interface SyncSession {
  readonly connectionsInUse: number;
  start(): Promise<void>;
  checkNow(): void;
  stop(): Promise<void>;
}

export interface SyncSessionOptions {
  /** Re-read from this date on (initial window, or "Resync from date"). */
  since: Date | undefined;
  events: SyncSessionEvents;
}

/** Builds the session for a connection: decrypts its secrets just in time and vets its hosts. */
export type SyncSessionFactory = (connection: ConnectionRow, options: SyncSessionOptions) => Promise<SyncSession>;
