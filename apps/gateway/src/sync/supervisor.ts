import type { GatewayServices } from '../context.js';
import type { ConnectionRow } from '../db/tables/connection.table.js';
import { ConnectionRunner, type RunnerOptions } from './connection-runner.js';
import { HostSlots } from './host-slots.js';
import type { SyncControl } from './supervisor-api.js';
import type { SyncSessionFactory } from './sync-session.js';
import type { ProviderKind } from '@inlet/providers';

export interface SupervisorOptions {
  /** Session factories per provider; connections of other providers are not synced (yet). */
  factories: Partial<Record<ProviderKind, SyncSessionFactory>>;
  /** Delay between starting two connections at boot, so a restart does not hit every server at once. */
  staggerMs?: number;
  /** Accounts syncing against one mail host at the same time. */
  perHostLimit?: number;
  backoff?: RunnerOptions['backoff'];
  hostOf(connection: ConnectionRow): string;
}

/** Statuses that wait for the user: the supervisor does not start them at boot. */
const parked = ['DISABLED', 'NEEDS_REAUTH', 'ERROR'] as const;

/** Runs one session per active connection in this process (the embedded default). */
export class SyncSupervisor implements SyncControl {
  private readonly runners = new Map<string, ConnectionRunner>();
  private readonly hostSlots: HostSlots;
  private readonly runnerOptions: RunnerOptions;
  private stopped = false;
  private bootTimers: NodeJS.Timeout[] = [];

  constructor(
    private readonly services: GatewayServices,
    private readonly options: SupervisorOptions,
  ) {
    this.hostSlots = new HostSlots(options.perHostLimit ?? 50);
    this.runnerOptions = {
      backoff: options.backoff ?? { baseMs: 2_000, capMs: 5 * 60_000, stableMs: 2 * 60_000 },
      hostSlots: this.hostSlots,
      hostOf: options.hostOf,
    };
  }

  /** Starts every active connection, staggered. */
  async start(): Promise<void> {
    const providers = Object.keys(this.options.factories) as ProviderKind[];
    if (providers.length === 0) return;
    const rows = await this.services.db
      .selectFrom('connections')
      .select('id')
      .where('status', 'not in', [...parked])
      .where('provider', 'in', providers)
      .orderBy('created_at')
      .execute();
    const stagger = this.options.staggerMs ?? 250;
    rows.forEach((row, i) => {
      const timer = setTimeout(() => this.ensure(row.id), i * stagger);
      timer.unref?.();
      this.bootTimers.push(timer);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.bootTimers.forEach(clearTimeout);
    await Promise.all([...this.runners.values()].map((r) => r.stop()));
    this.runners.clear();
  }

  ensure(connectionId: string): void {
    if (this.stopped) return;
    const existing = this.runners.get(connectionId);
    if (existing) {
      // New credentials or settings: restart the session from the stored row.
      void existing.stop().then(() => this.launch(connectionId));
      this.runners.delete(connectionId);
      return;
    }
    this.launch(connectionId);
  }

  private launch(connectionId: string, since?: Date): void {
    if (this.stopped || this.runners.has(connectionId)) return;
    this.services.db
      .selectFrom('connections')
      .selectAll()
      .where('id', '=', connectionId)
      .executeTakeFirst()
      .then((row) => {
        const factory = row && this.options.factories[row.provider];
        if (!row || !factory || this.stopped || this.runners.has(connectionId)) return;
        const runner = new ConnectionRunner(row, this.services, factory, this.runnerOptions);
        this.runners.set(connectionId, runner);
        return runner.start(since);
      })
      .catch((err: unknown) => this.services.logger.error({ err, connectionId }, 'could not start sync'));
  }

  async remove(connectionId: string): Promise<void> {
    const runner = this.runners.get(connectionId);
    this.runners.delete(connectionId);
    await runner?.stop();
  }

  checkNow(connectionId: string): void {
    const runner = this.runners.get(connectionId);
    if (runner) runner.checkNow();
    else this.launch(connectionId); // parked (needs reauth, error): the user asked to try again
  }

  async resync(connectionId: string, from: Date): Promise<void> {
    await this.remove(connectionId);
    await this.services.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('folder_state').where('connection_id', '=', connectionId).execute();
      await trx.deleteFrom('messages').where('connection_id', '=', connectionId).execute();
      await trx.deleteFrom('quarantined_messages').where('connection_id', '=', connectionId).execute();
    });
    this.launch(connectionId, from);
  }

  connectionsInUse(connectionId: string): number {
    return this.runners.get(connectionId)?.connectionsInUse ?? 0;
  }

  progress(connectionId: string): { folder: string; done: number; total: number } | null {
    return this.runners.get(connectionId)?.progress ?? null;
  }
}
