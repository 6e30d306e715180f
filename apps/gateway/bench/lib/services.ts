import { closeServices, createServices } from '../../src/bootstrap.js';
import type { GatewayServices } from '../../src/gateway-services.js';
import { loadConfig } from '../../src/env.js';
import { createLogger } from '../../src/logger.js';
import { generateKeyEntry } from '../../src/vault/keyring.js';
import { createTestDatabase, type Engine } from '../../test/testkit/databases.js';

/**
 * Benchmarks run the gateway as production does: `npm run bench` starts with NODE_ENV=production (so
 * graphql-js, Express and Apollo take their production paths) and every bench gateway is configured so.
 */
export const PRODUCTION_ENV = { NODE_ENV: 'production' } as const;

export interface BenchServices {
  services: GatewayServices;
  close(): Promise<void>;
}

/** Gateway services (migrated database, vault, pubsub) without an HTTP server, on a fresh database. */
export async function openServices(
  engine: Engine,
  env: Record<string, string> = {},
): Promise<BenchServices> {
  const database = await createTestDatabase(engine);
  const config = loadConfig({
    DATABASE_URL: database.url,
    INLET_ENCRYPTION_KEYS: generateKeyEntry('bench1'),
    LOG_LEVEL: 'silent',
    ...PRODUCTION_ENV,
    ...env,
  });
  const services = await createServices(config, createLogger('silent'));
  return {
    services,
    async close() {
      await closeServices(services);
      await database.drop();
    },
  };
}

export {
  activeEnrollmentRow,
  imapSettings,
  insertBenchUser,
  insertImapConnection,
  insertSequence,
} from '../../test/testkit/seed.js';
