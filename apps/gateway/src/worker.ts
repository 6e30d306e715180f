import { closeServices, createServices } from './bootstrap.js';
import { isPostgresUrl } from './db/database.js';
import { loadConfig } from './env.js';
import { createLogger } from './logger.js';
import { exitOnStartupError, onShutdown } from './process-lifecycle.js';
import { startSync } from './engine/start-sync.js';
import { stableWorkerId } from './engine/worker-id.js';
import { startWorkerHttp } from './worker-http.js';

/**
 * A sync worker (`npm run worker`): no HTTP, just sessions and sending for its share of the
 * connections, with events to the gateways through Redis. Run as many as needed; they balance.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  if (!config.redis)
    throw new Error('A sync worker sends its events to the gateways through Redis: set REDIS_URL.');
  if (!isPostgresUrl(config.databaseUrl))
    throw new Error(
      'Sync workers share the database with the gateways: set DATABASE_URL to a postgres:// URL.',
    );
  const services = await createServices(config, logger, 'worker');
  const http =
    config.workerPort !== undefined
      ? await startWorkerHttp(services, config.workerPort)
      : undefined;
  const sync = await startSync(services, {
    workerId: stableWorkerId(
      config.workerId,
      'worker',
      http ? Number(new URL(http.url).port) : undefined,
    ),
  });
  logger.info(
    { worker: sync.supervisor.worker.id, leaseSeconds: config.syncLeaseMs / 1000, http: http?.url },
    'sync worker started',
  );

  onShutdown(logger, async () => {
    await http?.close();
    await sync.stop();
    await closeServices(services);
  });
}

main().catch(exitOnStartupError);
