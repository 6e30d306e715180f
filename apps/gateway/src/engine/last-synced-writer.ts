import type { GatewayServices } from '../gateway-services.js';
import type { ConnectionRow } from '../db/tables/connection.table.js';

/** Connections per UPDATE: 3 parameters each, well below SQLite's cap. */
const CHUNK = 300;

/**
 * "Last synced" of every connection a worker runs, written together. Runners note each folder sync and
 * each IDLE confirmation; within `flushMs` of the first note one UPDATE per few hundred connections
 * writes each one's latest time (CASE id WHEN ... THEN ...), and subscribers are told. An idle worker
 * confirms all its accounts within the same poll tick: one statement instead of one per connection.
 * Each connection keeps its own time; the column lags the truth by at most `flushMs`.
 */
export class LastSyncedWriter {
  private readonly pending = new Map<string, { at: string; userId: string }>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly services: Pick<GatewayServices, 'db' | 'pubsub' | 'logger'>,
    private readonly flushMs = 5_000,
  ) {}

  note(connection: Pick<ConnectionRow, 'id' | 'user_id'>, at: string): void {
    this.pending.set(connection.id, { at, userId: connection.user_id });
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush(), this.flushMs);
    this.timer.unref?.();
  }

  /** A stopped runner's note is dropped (its connection may be gone or owned elsewhere now). */
  forget(connectionId: string): void {
    this.pending.delete(connectionId);
  }

  /** Writes what is noted now (and waits for a write in progress). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flushing;
    const batch = [...this.pending];
    this.pending.clear();
    if (batch.length === 0) return;
    this.flushing = this.write(batch);
    await this.flushing;
    this.flushing = undefined;
  }

  private async write(batch: [string, { at: string; userId: string }][]): Promise<void> {
    try {
      for (let i = 0; i < batch.length; i += CHUNK) {
        const part = batch.slice(i, i + CHUNK);
        await this.services.db
          .updateTable('connections')
          .set((eb) => {
            let when = eb.case('id').when(part[0]![0]).then(part[0]![1].at);
            for (const [id, { at }] of part.slice(1)) when = when.when(id).then(at);
            return { last_synced_at: when.else(eb.ref('last_synced_at')).end() };
          })
          .where(
            'id',
            'in',
            part.map(([id]) => id),
          )
          .execute();
      }
      for (const [connectionId, { userId }] of batch)
        this.services.pubsub.publish('connectionChanged', { connectionId, userId });
    } catch (err) {
      this.services.logger.error(
        { err, connections: batch.length },
        'could not record the last sync time',
      );
    }
  }
}
