import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { ProviderKind, ProviderRegistry } from '@inlet/providers';
import type { GatewayServices } from '../gateway-services.js';
import type { ConnectionRow } from '../db/tables/connection.table.js';
import { ConnectionRunner, type RunnerOptions } from './connection-runner.js';
import { LastSyncedWriter } from './last-synced-writer.js';
import { HostSlots } from './host-slots.js';
import type { SyncCommand } from './sync-command.js';
import { recordSyncPause } from './connection-health.js';
import { connectionHost, sessionOpener } from './open-session.js';
import type { SyncSessionFactory } from './sync-session.js';
import { findConnection, findConnections } from '../mail/connections.js';
import {
  activeConnectionCount,
  claimLeases,
  liveWorkerCount,
  pruneWorkers,
  releaseAllLeases,
  releaseLeases,
  renewLeases,
  unregisterWorker,
  writeLeaseReport,
  type ClaimTarget,
  type WorkerIdentity,
} from './sync-leases.js';

export interface LeaseTiming {
  /** How long a lease lasts without renewal: a dead worker's connections move after at most this. Default 30 s. */
  ttlMs?: number;
  /** How often leases are renewed and the share of connections rebalanced. Default ttl / 3. */
  heartbeatMs?: number;
}

export interface SupervisorOptions {
  /** Provider modules; default: the process's registry (tests pass one with faster timing). */
  providers?: ProviderRegistry;
  /** Opens a connection's session; default: its provider module's (engine/open-session.ts). */
  openSession?: SyncSessionFactory;
  /**
   * A stable identity (see engine/worker-id.ts): a restarted process takes its predecessor's leases back
   * at once instead of waiting for them to expire. Default: a new one for this process.
   */
  workerId?: string;
  /** The kinds this supervisor syncs; default: every kind of the registry. */
  kinds?: ProviderKind[];
  /** Delay between starting two connections claimed together, so a restart does not hit every server at once. */
  staggerMs?: number;
  /** Accounts connecting and catching up against one mail host at the same time (per process). */
  perHostLimit?: number;
  backoff?: RunnerOptions['backoff'];
  lease?: LeaseTiming;
  /** The mail host of a connection (host slots); default: its provider module's. */
  hostOf?(connection: ConnectionRow): string;
}

/**
 * Runs the sessions of the connections this process owns. Ownership is a lease in the database, so
 * any number of processes (the gateway's own supervisor, `npm run worker` processes) share the
 * connections with exactly one owner each: every heartbeat renews this worker's leases, stops any
 * session whose lease was lost, and claims or gives back connections towards an equal share of the
 * live workers. Commands (ensure, check now, resync, remove) arrive over pub/sub; the owner acts, or,
 * for a connection nobody owns, whichever worker claims it first.
 */
export class SyncSupervisor {
  readonly worker: WorkerIdentity;
  private readonly runners = new Map<string, ConnectionRunner>();
  private readonly hostSlots: HostSlots;
  private readonly runnerOptions: RunnerOptions;
  private readonly lastSynced: LastSyncedWriter;
  private readonly ttlMs: number;
  private readonly heartbeatMs: number;
  private readonly commands = new AbortController();
  private readonly dirtyReports = new Set<string>();
  private stopped = false;
  private started = false;
  private heartbeat: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private lastRenewedAt = 0;
  /** Claims in flight (commands): their leases exist before their runners do. */
  private claiming = 0;
  private launchTimers = new Set<NodeJS.Timeout>();
  /** Sessions stopped because the database could not be reached (leases could not be renewed). */
  private paused: { since: Date; connections: Pick<ConnectionRow, 'id' | 'user_id'>[] } | undefined;
  private readonly openSession: SyncSessionFactory;
  private readonly kinds: ProviderKind[];

  constructor(
    private readonly services: GatewayServices,
    private readonly options: SupervisorOptions,
  ) {
    this.worker = {
      id: options.workerId ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
      host: hostname(),
      pid: process.pid,
      startedAt: Date.now(),
    };
    const providers = options.providers ?? services.providers;
    this.openSession = options.openSession ?? sessionOpener(services, providers);
    this.kinds = options.kinds ?? (Object.keys(providers) as ProviderKind[]);
    this.hostSlots = new HostSlots(options.perHostLimit ?? 50);
    this.lastSynced = new LastSyncedWriter(services);
    this.ttlMs = options.lease?.ttlMs ?? 30_000;
    this.heartbeatMs = options.lease?.heartbeatMs ?? Math.round(this.ttlMs / 3);
    this.runnerOptions = {
      backoff: options.backoff ?? { baseMs: 2_000, capMs: 5 * 60_000, stableMs: 2 * 60_000 },
      hostSlots: this.hostSlots,
      lastSynced: this.lastSynced,
      hostOf: options.hostOf ?? ((row) => connectionHost(providers, row)),
      onReport: (connectionId, now) => this.reportChanged(connectionId, now),
      onParked: (runner) => void this.park(runner),
    };
  }

  /** Registers this worker, listens for commands and claims its share of the active connections. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    void this.listen();
    // Leases under this identity belong to a predecessor that died without giving them back (kill -9):
    // free them now, with the progress it last reported, so this process claims them in its first tick.
    await releaseAllLeases(this.services.db, this.worker.id);
    await this.tick();
    this.heartbeat = setInterval(() => void this.tick(), this.heartbeatMs);
    this.heartbeat.unref?.();
  }

  /** Stops every session, then gives the leases back so other workers take over at once. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.commands.abort();
    clearInterval(this.heartbeat);
    this.launchTimers.forEach(clearTimeout);
    await this.ticking;
    await Promise.all([...this.runners.values()].map((r) => r.stop()));
    await this.lastSynced.flush();
    this.runners.clear();
    if (this.started)
      await unregisterWorker(this.services.db, this.worker.id).catch((err: unknown) =>
        this.services.logger.warn({ err }, 'could not release sync leases'),
      );
  }

  /** True when this process runs the connection's session. */
  owns(connectionId: string): boolean {
    return this.runners.has(connectionId);
  }

  /** Starts the session, or restarts it with the stored (new) credentials and settings. */
  ensure(connectionId: string): Promise<void> {
    return this.handle({ action: 'ensure', connectionId });
  }

  /** Syncs now; a connection waiting to retry, or parked waiting for the user, tries again now. */
  checkNow(connectionId: string): Promise<void> {
    return this.handle({ action: 'checkNow', connectionId });
  }

  /** Forgets folder state and messages, then reads again from `from`. */
  resync(connectionId: string, from: Date): Promise<void> {
    return this.handle({ action: 'resync', connectionId, from: from.toISOString() });
  }

  /** Stops the session and gives up the connection (disconnect). */
  remove(connectionId: string): Promise<void> {
    return this.handle({ action: 'remove', connectionId });
  }

  /** Sessions this process runs and the server connections they hold (for metrics). */
  stats(): { sessions: number; serverConnections: number } {
    let serverConnections = 0;
    for (const runner of this.runners.values()) serverConnections += runner.connectionsInUse;
    return { sessions: this.runners.size, serverConnections };
  }

  connectionsInUse(connectionId: string): number {
    return this.runners.get(connectionId)?.connectionsInUse ?? 0;
  }

  progress(connectionId: string): { folder: string; done: number; total: number } | null {
    return this.runners.get(connectionId)?.progress ?? null;
  }

  private async listen(): Promise<void> {
    try {
      for await (const command of this.services.pubsub.subscribe('syncCommand', {
        signal: this.commands.signal,
      }))
        void this.handle(command);
    } catch (err) {
      if (!this.stopped) this.services.logger.error({ err }, 'sync commands stopped arriving');
    }
  }

  private async handle(command: SyncCommand): Promise<void> {
    if (this.stopped) return;
    const { connectionId } = command;
    try {
      if (command.action === 'remove') {
        const runner = this.runners.get(connectionId);
        if (!runner) return;
        this.runners.delete(connectionId);
        await runner.stop();
        await releaseLeases(this.services.db, this.worker.id, [connectionId]);
        return;
      }
      if (!this.runners.has(connectionId)) {
        // Nobody runs it (new, parked, or its owner died): the first worker to claim it acts.
        const claimed = await this.claim({ connectionId });
        if (claimed.length === 0) return;
      }
      if (command.action === 'checkNow' && this.runners.get(connectionId)?.started)
        return this.runners.get(connectionId)!.checkNow();
      // A parked (or unowned) connection starts for the check: its start is the check.
      if (command.action === 'checkNow') this.runners.get(connectionId)?.beginCheck();
      if (command.action === 'resync')
        return await this.restart(connectionId, new Date(command.from));
      await this.restart(connectionId);
    } catch (err) {
      this.services.logger.error(
        { err, connectionId, action: command.action },
        'could not carry out a sync command',
      );
    }
  }

  /** Claims leases and creates (not yet started) runners for them, so `owns` is true at once. */
  private async claim(target: ClaimTarget): Promise<string[]> {
    this.claiming += 1;
    try {
      return await this.claimRunners(target);
    } finally {
      this.claiming -= 1;
    }
  }

  private async claimRunners(target: ClaimTarget): Promise<string[]> {
    const ids = await claimLeases(this.services.db, this.worker.id, this.ttlMs, target);
    if (this.stopped) {
      await releaseLeases(this.services.db, this.worker.id, ids);
      return [];
    }
    const rows = await findConnections(this.services.db, ids);
    for (const row of rows) {
      if (!this.kinds.includes(row.provider) || this.runners.has(row.id)) continue;
      this.runners.set(
        row.id,
        new ConnectionRunner(row, this.services, this.openSession, this.runnerOptions),
      );
    }
    return rows.filter((row) => this.runners.has(row.id)).map((row) => row.id);
  }

  /** (Re)starts an owned connection's session; with `resyncFrom`, after forgetting what was synced. */
  private async restart(connectionId: string, resyncFrom?: Date): Promise<void> {
    const existing = this.runners.get(connectionId);
    if (!existing) return;
    let runner = existing;
    if (existing.started) {
      await existing.stop();
      const row = await findConnection(this.services.db, connectionId);
      if (!row || !this.kinds.includes(row.provider) || this.runners.get(connectionId) !== existing)
        return;
      runner = new ConnectionRunner(row, this.services, this.openSession, this.runnerOptions);
      this.runners.set(connectionId, runner);
    }
    if (resyncFrom) {
      await this.services.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('folder_state').where('connection_id', '=', connectionId).execute();
        await trx.deleteFrom('folder_errors').where('connection_id', '=', connectionId).execute();
        await trx.deleteFrom('messages').where('connection_id', '=', connectionId).execute();
        await trx
          .deleteFrom('quarantined_messages')
          .where('connection_id', '=', connectionId)
          .execute();
        await trx
          .updateTable('connections')
          .set({ resync_from: resyncFrom.toISOString() })
          .where('id', '=', connectionId)
          .execute();
      });
      this.services.pubsub.publish('connectionChanged', {
        connectionId,
        userId: runner.owner.user_id,
      });
    }
    if (this.stopped || this.runners.get(connectionId) !== runner) return;
    await runner.start(resyncFrom);
  }

  /** Renew, fence, rebalance, report. Never overlaps itself. */
  private tick(): Promise<void> {
    if (this.ticking || this.stopped) return this.ticking ?? Promise.resolve();
    this.ticking = this.heartbeatOnce()
      .catch((err: unknown) => {
        this.services.logger.error({ err, worker: this.worker.id }, 'sync lease heartbeat failed');
        // Cannot renew: stop before the leases expire and another worker starts the same mailboxes.
        if (Date.now() - this.lastRenewedAt > this.ttlMs * 0.8) void this.dropAll();
      })
      .finally(() => {
        this.ticking = undefined;
      });
    return this.ticking;
  }

  private async heartbeatOnce(): Promise<void> {
    const { db } = this.services;
    const renewStartedAt = Date.now();
    const held = new Set(await renewLeases(db, this.worker, this.ttlMs));
    this.lastRenewedAt = renewStartedAt;
    await this.recordPause();
    // Fencing: a session whose lease is gone (taken over, or its connection deleted) stops now.
    for (const [id, runner] of this.runners) {
      if (held.has(id) || runner.claimedAt >= renewStartedAt) continue;
      this.runners.delete(id);
      this.services.logger.warn(
        { connectionId: id, worker: this.worker.id },
        'lost the lease on a connection; stopping its session',
      );
      void runner.stop();
    }
    // Leases without a session (dropped while the database was unreachable) go back to the pool.
    const idle = [...held].filter((id) => !this.runners.has(id));
    if (idle.length > 0 && this.claiming === 0) await releaseLeases(db, this.worker.id, idle);
    const [active, workers] = await Promise.all([
      activeConnectionCount(db, this.kinds),
      liveWorkerCount(db, this.ttlMs),
    ]);
    const share = Math.ceil(active / workers);
    if (this.runners.size < share) {
      const claimed = await this.claim({ limit: share - this.runners.size, providers: this.kinds });
      this.launchStaggered(claimed);
    } else if (this.runners.size > share) {
      await this.shed(this.runners.size - share);
    }
    await this.flushReports();
    await pruneWorkers(db, this.ttlMs * 10);
  }

  private launchStaggered(ids: string[]): void {
    const stagger = this.options.staggerMs ?? 250;
    ids.forEach((id, i) => {
      const timer = setTimeout(() => {
        this.launchTimers.delete(timer);
        const runner = this.runners.get(id);
        if (runner && !runner.started && !this.stopped) void runner.start();
      }, i * stagger);
      timer.unref?.();
      this.launchTimers.add(timer);
    });
  }

  /** Gives back connections above this worker's share (a worker joined): stop first, then release. */
  private async shed(count: number): Promise<void> {
    const ids = [...this.runners.keys()].slice(-count);
    const runners = ids.map((id) => this.runners.get(id)!);
    ids.forEach((id) => this.runners.delete(id));
    await Promise.all(runners.map((r) => r.stop()));
    await releaseLeases(this.services.db, this.worker.id, ids);
    this.services.logger.info(
      { worker: this.worker.id, count },
      'gave connections back to rebalance across workers',
    );
  }

  /** A connection waiting for the user is not anyone's until the user acts (Check now claims it again). */
  private async park(runner: ConnectionRunner): Promise<void> {
    const connectionId = runner.connectionId;
    if (this.runners.get(connectionId) !== runner) return;
    this.runners.delete(connectionId);
    await releaseLeases(this.services.db, this.worker.id, [connectionId]).catch((err: unknown) =>
      this.services.logger.warn(
        { err, connectionId },
        'could not release the lease of a parked connection',
      ),
    );
  }

  private async dropAll(): Promise<void> {
    const runners = [...this.runners.values()];
    this.runners.clear();
    if (runners.length > 0 && !this.paused) {
      this.paused = { since: new Date(), connections: runners.map((r) => r.owner) };
      this.announcePause(this.paused);
    }
    await Promise.all(runners.map((r) => r.stop()));
  }

  /**
   * Tells every process over pub/sub (no database needed) that these connections stand still for want
   * of the database (`until` unset), or no longer do; subscribers re-read them where they can.
   */
  private announcePause(paused: NonNullable<typeof this.paused>, until?: Date): void {
    const connections = paused.connections.map((c) => ({ connectionId: c.id, userId: c.user_id }));
    this.services.pubsub.publish('syncPaused', {
      workerId: this.worker.id,
      reason: 'DATABASE_UNAVAILABLE',
      since: paused.since.toISOString(),
      ...(until ? { until: until.toISOString() } : {}),
      connections,
    });
    if (!until)
      for (const event of connections) this.services.pubsub.publish('connectionChanged', event);
  }

  /** Once the database answers again, each connection dropped meanwhile says in its history why it stood still. */
  private async recordPause(): Promise<void> {
    const paused = this.paused;
    if (!paused) return;
    this.paused = undefined;
    const until = new Date();
    this.announcePause(paused, until);
    await recordSyncPause(this.services, paused.connections, paused.since, until);
  }

  /** Session count and progress go to the lease row, where health views in any process read them. */
  private async reportChanged(connectionId: string, now = false): Promise<void> {
    if (now) {
      const runner = this.runners.get(connectionId);
      const report = runner && {
        sessionsInUse: runner.connectionsInUse,
        progress: runner.progress,
      };
      if (report)
        await writeLeaseReport(this.services.db, this.worker.id, connectionId, report).catch(
          (err: unknown) => this.services.logger.warn({ err }, 'could not write a sync report'),
        );
      return;
    }
    const first = this.dirtyReports.size === 0;
    this.dirtyReports.add(connectionId);
    if (!first) return;
    const timer = setTimeout(
      () =>
        void this.flushReports().catch((err: unknown) =>
          this.services.logger.warn({ err }, 'could not write sync reports'),
        ),
      200,
    );
    timer.unref?.();
  }

  private async flushReports(): Promise<void> {
    const ids = [...this.dirtyReports];
    this.dirtyReports.clear();
    for (const id of ids) {
      const runner = this.runners.get(id);
      if (runner)
        await writeLeaseReport(this.services.db, this.worker.id, id, {
          sessionsInUse: runner.connectionsInUse,
          progress: runner.progress,
        });
    }
  }
}
