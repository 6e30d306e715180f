import { closeServices, createServices } from '../../src/bootstrap.js';
import type { GatewayServices } from '../../src/gateway-services.js';
import { loadConfig } from '../../src/env.js';
import { createLogger } from '../../src/logger.js';
import { generateKeyEntry } from '../../src/vault/keyring.js';
import { createTestDatabase, type Engine } from './databases.js';

export interface OpenedServices {
  services: GatewayServices;
  /** Closes the services and drops their database. */
  close(): Promise<void>;
}

/** Gateway services (migrated database, vault, pubsub) without an HTTP server, on a fresh database. */
export async function openServices(
  engine: Engine,
  env: Record<string, string> = {},
): Promise<OpenedServices> {
  const database = await createTestDatabase(engine);
  const config = loadConfig({
    DATABASE_URL: database.url,
    INLET_ENCRYPTION_KEYS: generateKeyEntry('test1'),
    LOG_LEVEL: 'silent',
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
