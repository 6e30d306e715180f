import type { GatewayServices } from '../../gateway-services.js';
import { gatewayError } from '../../errors.js';

/**
 * Sync commands travel over the event service (Redis at scale). While it is unreachable a command would
 * only run once it is back, so it is refused now, saying why, rather than answered with a silent success.
 */
export function requireSyncReachable(services: Pick<GatewayServices, 'pubsub'>): void {
  if (!services.pubsub.connected()) throw gatewayError('SERVICE_UNAVAILABLE');
}
