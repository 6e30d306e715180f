import { formatTime } from './format-date';

/** Errors that mean the server could not be reached at all; their hints are advice for a first connection (the port, a firewall). */
const UNREACHABLE = new Set([
  'CONNECTION_REFUSED',
  'CONNECTION_TIMEOUT',
  'CONNECTION_LOST',
  'EXCHANGE_CONNECTION_FAILED',
]);

/** What the API tells about a RETRYING connection (nextRetryAt and retryAttempt are null otherwise). */
export interface RetryFacts {
  nextRetryAt: string | null;
  retryAttempt: number | null;
  lastSyncedAt: string | null;
}

/**
 * The next try of a retrying connection, in words, and whether it stands in for the error's hint: a
 * connection that synced before and now cannot reach its server has an outage, not a wrong port.
 */
export function retryNote(
  code: string,
  retry: RetryFacts | undefined,
): { text: string; replacesHint: boolean } | null {
  if (!retry?.nextRetryAt || retry.retryAttempt === null) return null;
  const next = `next try at ${formatTime(retry.nextRetryAt)} (attempt ${retry.retryAttempt})`;
  if (retry.lastSyncedAt && UNREACHABLE.has(code))
    return { text: `The server is not reachable; ${next}.`, replacesHint: true };
  return { text: `Inlet tries again by itself: ${next}.`, replacesHint: false };
}
