import { ProviderError, REAUTH_CODES } from '@inlet/providers';
import type { GatewayServices } from '../gateway-services.js';
import type { ConnectionRow } from '../db/tables/connection.table.js';
import { Backoff } from './backoff.js';
import { recordCheckOutcome } from './connection-check.js';
import { recordHealth } from './connection-health.js';
import type { HostSlots } from './host-slots.js';
import type { LastSyncedWriter } from './last-synced-writer.js';
import type { SyncSession, SyncSessionFactory } from './sync-session.js';
import { findSyncableConnection } from '../mail/connections.js';
import { recordSyncFinished } from './webhooks/webhook-recorder.js';

export interface RunnerOptions {
  backoff: { baseMs: number; capMs: number; stableMs: number };
  hostSlots: HostSlots;
  /** Writes "last synced" for many connections at once (a busy mailbox syncs many times a second). */
  lastSynced: LastSyncedWriter;
  hostOf(connection: ConnectionRow): string;
  /**
   * The session count or progress changed (the supervisor writes them where every process reads);
   * `now`: written before the promise resolves, instead of with the next batch.
   */
  onReport?(connectionId: string, now?: boolean): Promise<void> | void;
  /** The connection waits for the user now (NEEDS_REAUTH, ERROR): the runner has stopped for good. */
  onParked?(runner: ConnectionRunner): void;
}

/**
 * Keeps one connection synced: starts its session, reconnects with capped backoff on retryable
 * failures, and stops for good on failures only the user can fix (NEEDS_REAUTH, ERROR).
 */
export class ConnectionRunner {
  private session: SyncSession | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private releaseSlot: (() => void) | undefined;
  private readonly backoff: Backoff;
  private readonly abort = new AbortController();
  private progressState: { folder: string; done: number; total: number } | null = null;
  private since: Date | undefined;
  /** Bumped on each (re)start so events from an old session are ignored. */
  private generation = 0;
  private startedFlag = false;
  /** The session has caught up once (a check of a running session asks it; a starting one is the check). */
  private sessionUpToDate = false;
  /** The last connection-health write: each waits for the one before (see health()). */
  private healthWrites: Promise<void> = Promise.resolve();
  /** A "Check now" in progress: the new messages synced since it began. */
  private check: { startedAt: string; newMessages: number } | undefined;
  /** When the supervisor got the lease: a heartbeat that began earlier cannot have renewed it yet. */
  readonly claimedAt = Date.now();

  constructor(
    private connection: ConnectionRow,
    private readonly services: GatewayServices,
    private readonly factory: SyncSessionFactory,
    private readonly options: RunnerOptions,
  ) {
    this.backoff = new Backoff(options.backoff);
  }

  get connectionsInUse(): number {
    return this.session?.connectionsInUse ?? 0;
  }

  get progress(): { folder: string; done: number; total: number } | null {
    return this.progressState;
  }

  get connectionId(): string {
    return this.connection.id;
  }

  /** Whose connection this is (events go to its owner). */
  get owner(): Pick<ConnectionRow, 'id' | 'user_id'> {
    return { id: this.connection.id, user_id: this.connection.user_id };
  }

  get started(): boolean {
    return this.startedFlag;
  }

  async start(since?: Date): Promise<void> {
    this.startedFlag = true;
    this.since = since;
    await this.run();
  }

  /**
   * Syncs now and records how it went (lastCheck): a connection waiting to retry retries at once, and a
   * session still starting is the check itself (it ends when the session is up to date or fails).
   */
  checkNow(): void {
    this.beginCheck();
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
      void this.run();
    } else if (this.session && this.sessionUpToDate) {
      const session = this.session;
      void Promise.resolve(session.checkNow()).then(() => {
        // A failure meanwhile ended the check with its error (and replaced the session).
        if (this.session === session) void this.endCheck();
      });
    }
  }

  /** A check begins (before start() when the supervisor wakes a parked connection for it). */
  beginCheck(): void {
    this.check ??= { startedAt: new Date().toISOString(), newMessages: 0 };
  }

  private async endCheck(error?: ProviderError): Promise<void> {
    const check = this.check;
    if (!check || this.abort.signal.aborted) return;
    this.check = undefined;
    await recordCheckOutcome(
      this.services,
      this.connection,
      error
        ? { startedAt: check.startedAt, error }
        : { startedAt: check.startedAt, newMessages: check.newMessages },
    ).catch((err: unknown) =>
      this.services.logger.error(
        { err, connectionId: this.connection.id },
        'could not record the outcome of a check',
      ),
    );
  }

  async stop(): Promise<void> {
    this.abort.abort(new Error('runner stopped'));
    this.generation += 1;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.options.lastSynced.forget(this.connection.id);
    await this.closeSession();
  }

  private async closeSession(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    this.sessionUpToDate = false;
    await session?.stop().catch(() => undefined);
    this.releaseSlot?.();
    this.releaseSlot = undefined;
    if (session) void this.options.onReport?.(this.connection.id);
  }

  private async run(): Promise<void> {
    if (this.abort.signal.aborted) return;
    const generation = ++this.generation;
    const current = () => generation === this.generation && !this.abort.signal.aborted;
    await this.closeSession();
    try {
      // Gone, or its owner was deactivated: nothing to run (deactivation shows it DISABLED).
      const row = await findSyncableConnection(this.services.db, this.connection.id);
      if (!row || !current()) return;
      this.connection = row;
      this.releaseSlot = await this.options.hostSlots.acquire(
        this.options.hostOf(row),
        this.abort.signal,
      );
      if (!current()) return this.releaseSlot();
      // A parked connection the user asked to retry shows CONNECTING; otherwise keep the status (a retry
      // loop stays RETRYING rather than flapping through CONNECTING in the history).
      if (row.status === 'NEEDS_REAUTH' || row.status === 'ERROR' || row.status === 'DISABLED')
        await this.health('CONNECTING');
      this.session = await this.factory(row, {
        since: this.since,
        events: {
          progress: (p) => {
            if (!current()) return;
            this.progressState = p;
            void this.options.onReport?.(row.id);
            if (p) {
              const progress = { connectionId: row.id, userId: row.user_id, ...p };
              this.services.pubsub.publish('syncProgress', progress);
              void recordSyncFinished(this.services.db, progress).catch((err: unknown) =>
                this.services.logger.error({ err }, 'could not record a SYNC_FINISHED webhook'),
              );
            }
            // A session announces SYNCING before it has even connected; only real progress (counts from a
            // connected server) may replace RETRYING, or a down server would flap RETRYING <-> SYNCING.
            if (p && this.connection.status !== 'SYNCING') void this.health('SYNCING');
          },
          upToDate: () => {
            if (!current()) return;
            // The host slot bounds concurrent connects and initial syncs (the herd after a restart or an
            // outage), not how many accounts stay connected: an idle session gives it back.
            this.releaseSlot?.();
            this.releaseSlot = undefined;
            this.sessionUpToDate = true;
            this.progressState = null;
            this.since = undefined;
            this.backoff.connected();
            // The report first: whoever sees CONNECTED also sees the connections the session holds.
            const syncedAt = new Date().toISOString();
            void Promise.resolve(this.options.onReport?.(row.id, true)).then(async () => {
              if (!current()) return;
              await this.health('CONNECTED', undefined, { lastSyncedAt: syncedAt });
              await this.endCheck();
            });
          },
          synced: (report) => {
            if (!current()) return;
            this.noteSynced();
            if (this.check) this.check.newMessages += report?.newMessages ?? 0;
          },
          failed: (error) => {
            if (current()) void this.onFailure(error);
          },
          closed: () => {
            if (current())
              void this.onFailure(
                new ProviderError('CONNECTION_TIMEOUT', {
                  step: 'sync',
                  detail: 'The server closed the connection.',
                }),
              );
          },
        },
      });
      if (!current()) return void this.closeSession();
      await this.session.start();
    } catch (err) {
      if (!current()) return;
      await this.onFailure(
        err instanceof ProviderError
          ? err
          : new ProviderError('CONNECTION_TIMEOUT', { step: 'sync', cause: err }),
      );
    }
  }

  /** A folder synced (or its IDLE was confirmed): "last synced" moves with it, written with other connections'. */
  private noteSynced(): void {
    this.options.lastSynced.note(this.connection, new Date().toISOString());
  }

  private async onFailure(error: ProviderError): Promise<void> {
    this.generation += 1; // ignore anything the failed session still emits
    await this.closeSession();
    if (this.abort.signal.aborted) return;
    if (!error.retryable) {
      // Only the user can fix these: never loop on a wrong password (it can lock the account).
      const status = REAUTH_CODES.has(error.code) ? 'NEEDS_REAUTH' : 'ERROR';
      await this.health(status, error);
      await this.endCheck(error);
      // Not if the supervisor replaced this runner meanwhile (new credentials): the new one is not parked.
      if (!this.abort.signal.aborted) this.options.onParked?.(this);
      return;
    }
    const delay = this.backoff.next();
    await this.health('RETRYING', error, {
      retry: { at: new Date(Date.now() + delay).toISOString(), attempt: this.backoff.failures },
    });
    await this.endCheck(error);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.run();
    }, delay);
    this.retryTimer.unref?.();
  }

  private async health(
    status: ConnectionRow['status'],
    error?: ProviderError,
    extra: Parameters<typeof recordHealth>[4] = {},
  ): Promise<void> {
    this.connection = { ...this.connection, status };
    const connection = this.connection;
    // One write after another, in the order the session reported: a session's progress (SYNCING) and
    // its upToDate (CONNECTED) can come in the same tick, and on PostgreSQL two concurrent writes may
    // commit in either order, leaving a connected account shown as syncing.
    const write = this.healthWrites.then(() =>
      recordHealth(this.services, connection, status, error, extra).catch((err: unknown) =>
        this.services.logger.error(
          { err, connectionId: connection.id },
          'could not record connection health',
        ),
      ),
    );
    this.healthWrites = write;
    await write;
  }
}
