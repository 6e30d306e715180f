import type { Selectable } from 'kysely';

/** A process that syncs connections: the gateway's own supervisor or a `npm run worker` process. */
export interface SyncWorkerTable {
  id: string;
  host: string;
  pid: number;
  started_at: string;
  /** Renewed every heartbeat; a worker silent for longer than the lease time counts as gone. */
  heartbeat_at: string;
}

/** Which worker runs a connection's session, until when, and what it reports about it. */
export interface SyncLeaseTable {
  connection_id: string;
  worker_id: string;
  expires_at: string;
  /** Server connections the session holds (for the health view), written by the owner. */
  sessions_in_use: number;
  /** JSON {folder, done, total} while a sync is running, else null. */
  progress_json: string | null;
}
export type SyncLeaseRow = Selectable<SyncLeaseTable>;
