import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { Kysely } from 'kysely';
import type { Database } from './db/schema.js';
import type { Logger } from './logger.js';
import type { PubSub } from './pubsub.js';

/** What a process that runs sync sessions reports about them. */
export interface SyncStats {
  sessions: number;
  serverConnections: number;
}

/**
 * Prometheus metrics at /metrics (gateway) and on INLET_WORKER_PORT (workers). Counts come from the
 * database at scrape time, so every replica reports the same totals; what only this process knows
 * (its sessions, its Redis link) is reported per process. Counts and states only: no addresses, no names.
 */
export class Metrics {
  readonly registry = new Registry();
  private syncStats: (() => SyncStats) | undefined;

  constructor(deps: {
    db: Kysely<Database>;
    pubsub: PubSub;
    logger: Logger;
    leaseMs: number;
    role: 'gateway' | 'worker';
  }) {
    const { db } = deps;
    const registry = this.registry;
    registry.setDefaultLabels({ role: deps.role });
    collectDefaultMetrics({ register: registry, prefix: 'inlet_' });
    const guarded = (name: string, collect: () => Promise<void>) => async () => {
      // A failed read leaves the gauge empty for this scrape rather than failing the whole page.
      await collect().catch((err: unknown) =>
        deps.logger.warn({ err, metric: name }, 'could not collect a metric'),
      );
    };

    const connections: Gauge = new Gauge({
      name: 'inlet_connections',
      help: 'Connected mailboxes by provider and status.',
      labelNames: ['provider', 'status'],
      registers: [registry],
      collect: guarded('inlet_connections', async () => {
        const rows = await db
          .selectFrom('connections')
          .select(['provider', 'status', (eb) => eb.fn.countAll<number>().as('n')])
          .groupBy(['provider', 'status'])
          .execute();
        connections.reset();
        for (const r of rows)
          connections.set({ provider: r.provider, status: r.status }, Number(r.n));
      }),
    });
    const folderErrors: Gauge = new Gauge({
      name: 'inlet_folders_not_syncing',
      help: 'Folders that do not sync (their connection may be fine), by error code.',
      labelNames: ['code'],
      registers: [registry],
      collect: guarded('inlet_folders_not_syncing', async () => {
        const rows = await db.selectFrom('folder_errors').select('error_json').execute();
        folderErrors.reset();
        const byCode = new Map<string, number>();
        for (const r of rows) {
          const code = (JSON.parse(r.error_json) as { code: string }).code;
          byCode.set(code, (byCode.get(code) ?? 0) + 1);
        }
        for (const [code, n] of byCode) folderErrors.set({ code }, n);
      }),
    });
    const outbox: Gauge = new Gauge({
      name: 'inlet_outbox_emails',
      help: 'One-to-one emails by outbox status.',
      labelNames: ['status'],
      registers: [registry],
      collect: guarded('inlet_outbox_emails', async () => {
        const rows = await db
          .selectFrom('outbox')
          .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
          .groupBy('status')
          .execute();
        outbox.reset();
        for (const r of rows) outbox.set({ status: r.status }, Number(r.n));
      }),
    });
    const workers: Gauge = new Gauge({
      name: 'inlet_sync_workers_live',
      help: 'Sync processes (workers and syncing gateways) that renewed their leases within the lease time.',
      registers: [registry],
      collect: guarded('inlet_sync_workers_live', async () => {
        const since = new Date(Date.now() - deps.leaseMs).toISOString();
        const row = await db
          .selectFrom('sync_workers')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('heartbeat_at', '>', since)
          .executeTakeFirstOrThrow();
        workers.set(Number(row.n));
      }),
    });
    const unowned: Gauge = new Gauge({
      name: 'inlet_sync_connections_unowned',
      help: 'Active connections no live worker holds a lease on (should drop to 0 within the lease time).',
      registers: [registry],
      collect: guarded('inlet_sync_connections_unowned', async () => {
        const now = new Date().toISOString();
        const row = await db
          .selectFrom('connections as c')
          .leftJoin('sync_leases as l', (join) =>
            join.onRef('l.connection_id', '=', 'c.id').on('l.expires_at', '>', now),
          )
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('c.status', 'not in', ['DISABLED', 'NEEDS_REAUTH', 'ERROR'])
          .where('l.connection_id', 'is', null)
          .executeTakeFirstOrThrow();
        unowned.set(Number(row.n));
      }),
    });
    const sessions: Gauge = new Gauge({
      name: 'inlet_sync_sessions',
      help: 'Sync sessions this process runs.',
      registers: [registry],
      collect: () => sessions.set(this.syncStats?.().sessions ?? 0),
    });
    const serverConnections: Gauge = new Gauge({
      name: 'inlet_sync_server_connections',
      help: 'Connections this process holds open to mail servers for sync (IMAP IDLE, EWS streams).',
      registers: [registry],
      collect: () => serverConnections.set(this.syncStats?.().serverConnections ?? 0),
    });
    const pubsubUp: Gauge = new Gauge({
      name: 'inlet_pubsub_connected',
      help: '1 when this process can publish and receive events (always 1 without Redis).',
      registers: [registry],
      collect: () => pubsubUp.set(deps.pubsub.connected() ? 1 : 0),
    });
  }

  /** The sync supervisor of this process, once it runs. */
  reportSync(stats: () => SyncStats): void {
    this.syncStats = stats;
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
