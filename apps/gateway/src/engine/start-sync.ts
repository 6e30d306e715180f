import type { GatewayServices } from '../gateway-services.js';
import { OutboxWorker } from './outbox-worker.js';
import { SequenceScheduler } from './sequences/scheduler.js';
import { WebhookWorker } from './webhooks/webhook-worker.js';
import { SyncSupervisor } from './supervisor.js';

export interface RunningSync {
  supervisor: SyncSupervisor;
  outbox: OutboxWorker;
  webhooks: WebhookWorker;
  sequences: SequenceScheduler;
  stop(): Promise<void>;
}

/**
 * Syncing and sending in this process: a supervisor that claims its share of the connections and an
 * outbox worker and a sequence scheduler for the connections it owns. The gateway runs this itself (INLET_SYNC=embedded); at
 * scale, `npm run worker` processes do.
 */
export async function startSync(
  services: GatewayServices,
  options: { workerId?: string | undefined } = {},
): Promise<RunningSync> {
  const supervisor = new SyncSupervisor(services, {
    lease: { ttlMs: services.config.syncLeaseMs },
    ...(options.workerId ? { workerId: options.workerId } : {}),
  });
  services.metrics.reportSync(() => supervisor.stats());
  const outbox = new OutboxWorker(services, {
    ownerId: supervisor.worker.id,
    leaseMs: services.config.sendLeaseMs,
  });
  const sequences = new SequenceScheduler(services, { ownerId: supervisor.worker.id });
  await outbox.start();
  await sequences.start();
  const webhooks = new WebhookWorker(services, {
    workerId: supervisor.worker.id,
    ...services.config.webhooks,
  });
  webhooks.start();
  await supervisor.start();
  return {
    supervisor,
    outbox,
    webhooks,
    sequences,
    async stop() {
      await webhooks.stop();
      await sequences.stop();
      await outbox.stop();
      await supervisor.stop();
    },
  };
}
