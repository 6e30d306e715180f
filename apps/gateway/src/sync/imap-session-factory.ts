import { ImapSyncSession, UidValidityGuard, type ImapSyncTiming, type UidValidityGuardOptions } from '@inlet/providers';
import type { GatewayServices } from '../context.js';
import { imapCredentials } from '../modules/connection/connection-credentials.js';
import { recordFolderError } from './folder-errors.js';
import { KyselySyncStore } from './kysely-sync-store.js';
import type { SyncSessionFactory } from './sync-session.js';

/** Builds IMAP sync sessions: secrets decrypted now, the host vetted now, state in the database. */
export function imapSessionFactory(services: GatewayServices, timing?: ImapSyncTiming, guardOptions?: UidValidityGuardOptions): SyncSessionFactory {
  // One guard per account for the life of this process: Dovecot ends a session whose folder was
  // renumbered, so a count kept per session would start over at every reconnect.
  const guards = new Map<string, UidValidityGuard>();
  return async (connection, { since, events }) => {
    let guard = guards.get(connection.id);
    if (!guard) guards.set(connection.id, (guard = new UidValidityGuard(guardOptions)));
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
      uidValidityGuard: guard,
      ...(since ? { since } : {}),
      ...(timing ? { timing } : {}),
    });
    session.on('status', (status) => (status.state === 'CONNECTED' ? events.upToDate() : events.progress(status.progress)));
    session.on('error', (error) => events.failed(error));
    session.on('folderError', ({ folder, error }) =>
      void recordFolderError(services, connection, folder, error).catch((err: unknown) => services.logger.error({ err, connectionId: connection.id }, 'could not record a folder error')),
    );
    session.on('connectionShed', ({ folders, servedBy, error }) =>
      services.logger.info({ connectionId: connection.id, folders, servedBy, code: error.code }, 'the server refused another connection; these folders are polled instead'),
    );
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
