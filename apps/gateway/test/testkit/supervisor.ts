import { createProviderRegistry } from '@inlet/providers';
import type { GatewayServices } from '../../src/gateway-services.js';
import { OutboxWorker } from '../../src/engine/outbox-worker.js';
import { SequenceScheduler } from '../../src/engine/sequences/scheduler.js';
import { SyncSupervisor, type SupervisorOptions } from '../../src/engine/supervisor.js';

/** A supervisor that starts and retries within seconds, where production spreads both over minutes. */
export function quickSupervisor(
  services: GatewayServices,
  options: SupervisorOptions,
): SyncSupervisor {
  return new SyncSupervisor(services, {
    staggerMs: 10,
    backoff: { baseMs: 200, capMs: 1000, stableMs: 60_000 },
    ...options,
  });
}

/** A supervisor for IMAP-synced connections (`kinds`) that IDLEs and reacts within a tenth of a second. */
export function quickImapSupervisor(
  services: GatewayServices,
  kinds: SupervisorOptions['kinds'] = ['IMAP'],
): SyncSupervisor {
  return quickSupervisor(services, {
    providers: createProviderRegistry({
      imap: { timing: { autoIdleDelayMs: 100, debounceMs: 50 } },
    }),
    kinds,
  });
}

/** A supervisor for Exchange connections that polls EWS every 200 ms. */
export function quickExchangeSupervisor(services: GatewayServices): SyncSupervisor {
  return quickSupervisor(services, {
    providers: createProviderRegistry({
      exchange: { timing: { pollIntervalMs: 200, requestTimeoutMs: 10_000 } },
    }),
    kinds: ['EXCHANGE'],
  });
}

/** The outbox and a sequence scheduler that work for `supervisor`'s worker, both on the test clock. */
export interface SequenceWorkers {
  outbox: OutboxWorker;
  /** Driven by `runOnce`: its own polling is an hour apart. */
  scheduler: SequenceScheduler;
  stop(): Promise<void>;
}

export async function startSequenceWorkers(
  services: GatewayServices,
  supervisor: SyncSupervisor,
  now: () => Date,
): Promise<SequenceWorkers> {
  const ownerId = supervisor.worker.id;
  const outbox = new OutboxWorker(services, { pollMs: 50, ownerId, now });
  await outbox.start();
  const scheduler = new SequenceScheduler(services, { ownerId, pollMs: 3_600_000, now });
  return {
    outbox,
    scheduler,
    async stop() {
      await scheduler.stop();
      await outbox.stop();
    },
  };
}
