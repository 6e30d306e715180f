import type { SyncSession, SyncSessionEvents } from '@inlet/providers';
import type { ConnectionRow } from '../db/tables/connection.table.js';

export type { SyncSession } from '@inlet/providers';

/** What the runner hears from a session; folder-level events are handled by the session opener. */
export type RunnerEvents = Pick<
  SyncSessionEvents,
  'progress' | 'upToDate' | 'synced' | 'failed' | 'closed'
>;

export interface SyncSessionOptions {
  /** Re-read from this date on (initial window, or "Resync from date"). */
  since: Date | undefined;
  events: RunnerEvents;
}

/** Builds the session for a connection (engine/open-session.ts; tests may script one). */
export type SyncSessionFactory = (
  connection: ConnectionRow,
  options: SyncSessionOptions,
) => Promise<SyncSession>;
