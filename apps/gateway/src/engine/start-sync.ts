import type { GatewayServices } from '../context.js';
import { parseImapSettings } from '../modules/connection/connection-settings.js';
import { OutboxWorker } from './outbox-worker.js';
import { ewsSessionFactory, exchangeHost } from './ews-session-factory.js';
import { imapSessionFactory } from './imap-session-factory.js';
import { oauthSessionFactory } from './oauth-session-factory.js';
import { SyncSupervisor } from './supervisor.js';

export interface RunningSync {
  supervisor: SyncSupervisor;
  outbox: OutboxWorker;
  stop(): Promise<void>;
}

/**
 * Syncing and sending in this process: a supervisor that claims its share of the connections and an
 * outbox worker for the connections it owns. The gateway runs this itself (INLET_SYNC=embedded); at
 * scale, `npm run worker` processes do.
 */
export async function startSync(services: GatewayServices): Promise<RunningSync> {
  const supervisor = new SyncSupervisor(services, {
    factories: {
      IMAP: imapSessionFactory(services),
      GMAIL: oauthSessionFactory(services),
      MICROSOFT_365: oauthSessionFactory(services),
      EXCHANGE: ewsSessionFactory(services),
    },
    // Exchange connections store the EWS URL; every other provider an IMAP host.
    hostOf: (connection) => (connection.provider === 'EXCHANGE' ? exchangeHost(connection) : parseImapSettings(connection.settings_json).imap.host),
    lease: { ttlMs: services.config.syncLeaseMs },
  });
  services.metrics.reportSync(() => supervisor.stats());
  const outbox = new OutboxWorker(services, { ownerId: supervisor.worker.id });
  await outbox.start();
  await supervisor.start();
  return {
    supervisor,
    outbox,
    async stop() {
      await outbox.stop();
      await supervisor.stop();
    },
  };
}
