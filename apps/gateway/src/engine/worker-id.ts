import { hostname } from 'node:os';

/**
 * A sync identity that survives a restart, so the restarted process takes its own leases back at once.
 * It must be unique among running processes: INLET_WORKER_ID when the operator sets one, otherwise the
 * host and the port this process has bound (no other process on the host can hold it). Without a bound
 * port there is nothing unique to build on: undefined, and the supervisor makes a new one.
 */
export function stableWorkerId(
  configured: string | undefined,
  role: 'gateway' | 'worker',
  boundPort: number | undefined,
): string | undefined {
  if (configured) return configured;
  return boundPort ? `${hostname()}:${role}:${boundPort}` : undefined;
}
