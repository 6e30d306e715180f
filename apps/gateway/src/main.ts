import { closeServices, createServices, ensureFirstAdmin } from './bootstrap.js';
import { loadConfig } from './env.js';
import { createLogger } from './logger.js';
import { startSync, type RunningSync } from './engine/start-sync.js';
import { stableWorkerId } from './engine/worker-id.js';
import { createGateway } from './server.js';
import { exitOnStartupError, onShutdown } from './process-lifecycle.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const services = await createServices(config, logger);
  await ensureFirstAdmin(services);
  if (services.engine === 'POSTGRES' && !config.redis) {
    logger.warn(
      'PostgreSQL without REDIS_URL: run a single gateway; replicas and sync workers exchange events through Redis.',
    );
  }
  const gateway = await createGateway(services);
  const url = await gateway.listen();
  // After listen: the bound port makes the sync identity unique on this host (engine/worker-id.ts).
  const workerId = stableWorkerId(config.workerId, 'gateway', Number(new URL(url).port));
  const sync: RunningSync | undefined =
    config.syncMode === 'embedded' ? await startSync(services, { workerId }) : undefined;
  if (!sync)
    logger.info(
      'INLET_SYNC=off: this gateway does not sync or send; `npm run worker` processes do.',
    );
  logger.info(
    { url, console: `${url}/`, graphql: `${url}/graphql`, database: services.engine },
    `Inlet is running at ${url}`,
  );

  onShutdown(logger, async () => {
    await gateway.close();
    await sync?.stop();
    await closeServices(services);
  });
}

main().catch(exitOnStartupError);
