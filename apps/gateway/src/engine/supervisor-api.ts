import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { PubSub } from '../pubsub.js';
import { readLeaseOwner, readLeaseReport } from './sync-leases.js';
import { SyncPauses, type SyncPauseNotice } from './sync-pauses.js';

/**
 * What the rest of the gateway asks of sync, wherever the sessions run (this process or a worker):
 * commands are published, and the owner's reports are read from its lease.
 */
export class SyncControl {
  private readonly pauses: SyncPauses;

  constructor(private readonly services: { db: Kysely<Database>; pubsub: PubSub }) {
    this.pauses = new SyncPauses(services.pubsub);
  }

  /** Stops following pause notices (closeServices). */
  close(): void {
    this.pauses.close();
  }

  /**
   * Why the connection stands still, if a worker stopped it for want of the database: until that
   * worker says it is back, or another live worker runs the connection meanwhile.
   */
  async pause(connectionId: string): Promise<SyncPauseNotice | null> {
    const notice = this.pauses.get(connectionId);
    if (!notice) return null;
    const owner = await readLeaseOwner(this.services.db, connectionId);
    if (owner && owner !== notice.workerId) {
      this.pauses.forget(connectionId);
      return null;
    }
    return notice;
  }

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
