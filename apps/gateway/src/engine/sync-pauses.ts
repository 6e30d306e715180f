import type { PubSub } from '../pubsub.js';

export interface SyncPauseNotice {
  reason: 'DATABASE_UNAVAILABLE';
  /** When the worker stopped the connection's session. */
  since: string;
  /** The worker that stopped it: its pause ends when it says so, or when another worker runs it. */
  workerId: string;
}

/**
 * The connections whose sessions a worker stopped because it could not reach the database, as told over
 * pub/sub (which needs no database): every process keeps the notices, so the API can say why a
 * connection stands still while its row still reads the status recorded before the outage.
 */
export class SyncPauses {
  private readonly paused = new Map<string, SyncPauseNotice>();
  private readonly listening = new AbortController();

  constructor(pubsub: PubSub) {
    void this.listen(pubsub);
  }

  private async listen(pubsub: PubSub): Promise<void> {
    for await (const event of pubsub.subscribe('syncPaused', { signal: this.listening.signal })) {
      for (const { connectionId } of event.connections) {
        if (event.until === undefined)
          this.paused.set(connectionId, {
            reason: event.reason,
            since: event.since,
            workerId: event.workerId,
          });
        else if (this.paused.get(connectionId)?.workerId === event.workerId)
          this.paused.delete(connectionId);
      }
    }
  }

  /** The pause a worker announced for this connection and has not ended yet. */
  get(connectionId: string): SyncPauseNotice | undefined {
    return this.paused.get(connectionId);
  }

  /** Another worker runs the connection now: the pause its former owner announced is over for it. */
  forget(connectionId: string): void {
    this.paused.delete(connectionId);
  }

  close(): void {
    this.listening.abort();
  }
}
