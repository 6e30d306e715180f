import type { Engine } from '../../test/testkit/databases.js';
import {
  openServices as openTestServices,
  type OpenedServices,
} from '../../test/testkit/services.js';

/**
 * Benchmarks run the gateway as production does: `npm run bench` starts with NODE_ENV=production (so
 * graphql-js, Express and Apollo take their production paths) and every bench gateway is configured so.
 */
export const PRODUCTION_ENV = { NODE_ENV: 'production' } as const;

export type BenchServices = OpenedServices;

/** Gateway services without an HTTP server on a fresh database, configured as production runs them. */
export function openServices(
  engine: Engine,
  env: Record<string, string> = {},
): Promise<BenchServices> {
  return openTestServices(engine, { ...PRODUCTION_ENV, ...env });
}

export {
  activeEnrollmentRow,
  imapSettings,
  insertBenchUser,
  insertImapConnection,
  insertSequence,
} from '../../test/testkit/seed.js';
