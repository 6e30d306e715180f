import { ProviderError } from '../core/provider-error.js';
import { withTimeout } from '../transport/with-timeout.js';

/** A DNS query bounded by `timeoutMs`; a timeout rejects with CONNECTION_TIMEOUT at step dns. */
export function boundedQuery<T>(
  query: () => Promise<T>,
  name: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<T> {
  return withTimeout(
    query(),
    timeoutMs,
    () =>
      new ProviderError('CONNECTION_TIMEOUT', {
        step: 'dns',
        detail: `No DNS answer for ${name} within ${timeoutMs} ms.`,
      }),
    signal,
  );
}

/** True for "the name or record does not exist", as opposed to a failed lookup. */
export function isNoRecords(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null && 'code' in err ? err.code : undefined;
  return code === 'ENOTFOUND' || code === 'ENODATA';
}
