import { ImapSyncSession, type ImapSyncTiming, type UidValidityGuardOptions } from '@inlet/providers';
import type { GatewayServices } from '../context.js';
import { imapCredentials } from '../modules/connection/connection-credentials.js';
import { guardsPerConnection, reportFolderEvents } from './imap-session-events.js';
import { KyselySyncStore } from './kysely-sync-store.js';
import type { SyncSessionFactory } from './sync-session.js';

/** Builds IMAP sync sessions: secrets decrypted now, the host vetted now, state in the database. */
export function imapSessionFactory(services: GatewayServices, timing?: ImapSyncTiming, guardOptions?: UidValidityGuardOptions): SyncSessionFactory {
  const guardFor = guardsPerConnection({ maxRebuilds: services.config.uidValidityRebuildsPerHour, ...guardOptions });
  return async (connection, { since, events }) => {
    const credentials = await imapCredentials(services, connection);
    const { settings } = credentials;
    const vetted = await credentials.vet(settings.imap.host);
    let stopping = false;
    const session = new ImapSyncSession({
      host: settings.imap.host,
      address: vetted.address,
      port: settings.imap.port,
      security: settings.imap.security,
      username: settings.username,
      password: credentials.imap.password,
      tls: {
        ...(credentials.ca ? { ca: credentials.ca } : {}),
        ...(settings.pinnedCertificates.imap ? { pinned: settings.pinnedCertificates.imap } : {}),
      },
      folders: { inbox: settings.inboxPath, sent: settings.sentFolder },
      store: new KyselySyncStore(services, connection),
      initialWindowDays: services.config.syncWindowDays,
      uidValidityGuard: guardFor(connection.id),
      ...(since ? { since } : {}),
      ...(timing ? { timing } : {}),
    });
    session.on('status', (status) => (status.state === 'CONNECTED' ? events.upToDate() : events.progress(status.progress)));
    session.on('error', (error) => events.failed(error));
    reportFolderEvents(services, connection, session);
    // A close without an error that we did not ask for (the server went away quietly): reconnect.
    session.on('closed', ({ error }) => {
      if (!error && !stopping) events.closed();
    });
    return {
      get connectionsInUse() {
        return session.connectionsInUse;
      },
      start: () => session.start(),
      checkNow: () => void session.checkNow(),
      stop: () => {
        stopping = true;
        return session.stop();
      },
    };
  };
}
