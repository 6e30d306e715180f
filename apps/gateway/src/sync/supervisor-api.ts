/** What the rest of the gateway may ask of the sync supervisor (embedded, or remote at scale). */
export interface SyncControl {
  /** Starts (or restarts with fresh settings) the session of a connection. */
  ensure(connectionId: string): void;
  /** Stops and forgets a connection's session (after disconnect). */
  remove(connectionId: string): Promise<void>;
  /** Syncs now; a connection waiting to retry retries now. */
  checkNow(connectionId: string): void;
  /** Forgets folder state and re-reads from `from` on. */
  resync(connectionId: string, from: Date): Promise<void>;
  connectionsInUse(connectionId: string): number;
  progress(connectionId: string): { folder: string; done: number; total: number } | null;
}

/** Until a supervisor runs (tests, tools), nothing syncs and nothing is in use. */
export const idleSyncControl: SyncControl = {
  ensure: () => undefined,
  remove: async () => undefined,
  checkNow: () => undefined,
  resync: async () => undefined,
  connectionsInUse: () => 0,
  progress: () => null,
};
