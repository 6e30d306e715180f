/** Anything a test starts and must stop. */
export interface Stoppable {
  stop(): Promise<void>;
}

/**
 * Starts servers together for a test file's beforeAll. Every server that did start is pushed onto
 * `started` before a failure of another is rethrown, so afterAll (stopAll) can still stop it.
 */
export async function startAll<T extends Record<string, Promise<Stoppable>>>(
  servers: T,
  started: Stoppable[],
): Promise<{ [K in keyof T]: Awaited<T[K]> }> {
  const entries = Object.entries(servers);
  const results = await Promise.allSettled(entries.map(([, promise]) => promise));
  const byName: Record<string, Stoppable> = {};
  results.forEach((result, i) => {
    if (result.status === 'fulfilled') {
      started.push(result.value);
      byName[entries[i]![0]] = result.value;
    }
  });
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return byName as { [K in keyof T]: Awaited<T[K]> };
}

/** Stops everything startAll() started, whatever happens to each. */
export async function stopAll(started: Stoppable[]): Promise<void> {
  await Promise.allSettled(started.splice(0).map((server) => server.stop()));
}
