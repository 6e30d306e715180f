import { afterAll, beforeAll } from 'vitest';
import { startAll, stopAll, type Stoppable } from './start-all.js';

type Started<T> = { [K in keyof T]: Awaited<T[K]> };

/**
 * A test file's servers: started together in its beforeAll, stopped in its afterAll (vitest only, so
 * not exported from testing/index.ts). The object returned is filled in by beforeAll: read it in tests.
 */
export function serversForFile<T extends Record<string, Promise<Stoppable>>>(
  start: () => T,
): Started<T> {
  const started: Stoppable[] = [];
  const servers = {} as Started<T>;
  beforeAll(async () => {
    Object.assign(servers, await startAll(start(), started));
  }, 30_000);
  afterAll(() => stopAll(started), 30_000);
  return servers;
}
