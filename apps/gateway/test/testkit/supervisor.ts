import type { GatewayServices } from '../../src/gateway-services.js';
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
