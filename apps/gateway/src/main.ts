import { createServices, ensureFirstAdmin } from './bootstrap.js';
import { loadConfig } from './env.js';
import { createLogger } from './logger.js';
import { parseImapSettings } from './modules/connection/connection-settings.js';
import { OutboxWorker } from './send/outbox-worker.js';
import { ewsSessionFactory, exchangeHost } from './sync/ews-session-factory.js';
import { imapSessionFactory } from './sync/imap-session-factory.js';
import { oauthSessionFactory } from './sync/oauth-session-factory.js';
import { SyncSupervisor } from './sync/supervisor.js';
import { createGateway } from './server.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const services = await createServices(config, logger);
  await ensureFirstAdmin(services);
  const outbox = new OutboxWorker(services);
  services.outbox = outbox;
  await outbox.start();
  const supervisor = new SyncSupervisor(services, {
    factories: {
      IMAP: imapSessionFactory(services),
      GMAIL: oauthSessionFactory(services),
      MICROSOFT_365: oauthSessionFactory(services),
      EXCHANGE: ewsSessionFactory(services),
    },
    // Exchange connections store the EWS URL; every other provider an IMAP host.
    hostOf: (connection) => (connection.provider === 'EXCHANGE' ? exchangeHost(connection) : parseImapSettings(connection.settings_json).imap.host),
  });
  services.sync = supervisor;
  await supervisor.start();
  const gateway = await createGateway(services);
  const url = await gateway.listen();
  logger.info({ url, console: `${url}/`, graphql: `${url}/graphql`, database: services.engine }, `Inlet is running at ${url}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await gateway.close();
    await outbox.stop();
    await supervisor.stop();
    await services.db.destroy();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  // Start-up errors (bad configuration, unreadable allowlist, database down) are for the operator: say what, not a stack.
  console.error(`Inlet could not start: ${err instanceof Error ? err.message : String(err)}`);
  if (err instanceof Error && err.cause) console.error(`  cause: ${String((err.cause as Error).message ?? err.cause)}`);
  process.exit(1);
});
