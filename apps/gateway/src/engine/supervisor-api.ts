import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { PubSub } from '../pubsub.js';
import { readLeaseReport } from './sync-leases.js';

/**
 * What the rest of the gateway asks of sync, wherever the sessions run (this process or a worker):
 * commands are published, and the owner's reports are read from its lease.
 */
export class SyncControl {
  constructor(private readonly services: { db: Kysely<Database>; pubsub: PubSub }) {}

  /** Starts the session of a connection, or restarts it with fresh credentials and settings. */
  ensure(connectionId: string): void {
    this.services.pubsub.publish('syncCommand', { action: 'ensure', connectionId });
  }

  /** Stops the session (before a disconnect deletes the connection; its lease goes with the row). */
  remove(connectionId: string): void {
    this.services.pubsub.publish('syncCommand', { action: 'remove', connectionId });
  }

  /** Syncs now; a connection waiting to retry, or waiting for the user, tries again now. */
  checkNow(connectionId: string): void {
    this.services.pubsub.publish('syncCommand', { action: 'checkNow', connectionId });
  }

  /** Forgets folder state and re-reads from `from` on. */
  resync(connectionId: string, from: Date): void {
    this.services.pubsub.publish('syncCommand', {
      action: 'resync',
      connectionId,
      from: from.toISOString(),
    });
  }

  async connectionsInUse(connectionId: string): Promise<number> {
    return (await readLeaseReport(this.services.db, connectionId))?.sessionsInUse ?? 0;
  }

  async progress(
    connectionId: string,
  ): Promise<{ folder: string; done: number; total: number } | null> {
    return (await readLeaseReport(this.services.db, connectionId))?.progress ?? null;
  }
}
