import { UidValidityGuard, type ImapSyncSession, type UidValidityGuardOptions } from '@inlet/providers';
import type { GatewayServices } from '../context.js';
import type { ConnectionRow } from '../db/tables/connection.table.js';
import { recordFolderError } from './folder-errors.js';

/**
 * One UidValidityGuard per connection for the life of this process: Dovecot ends a session whose folder
 * was renumbered, so a count kept per session would start over at every reconnect.
 */
export function guardsPerConnection(options: UidValidityGuardOptions): (connectionId: string) => UidValidityGuard {
  const guards = new Map<string, UidValidityGuard>();
  return (connectionId) => {
    let guard = guards.get(connectionId);
    if (!guard) guards.set(connectionId, (guard = new UidValidityGuard(options)));
    return guard;
  };
}

/** Folder-level events of an IMAP session: a folder that stops syncing is recorded; a shed connection is logged. */
export function reportFolderEvents(services: GatewayServices, connection: ConnectionRow, session: ImapSyncSession): void {
  session.on('folderError', ({ folder, error }) =>
    void recordFolderError(services, connection, folder, error).catch((err: unknown) => services.logger.error({ err, connectionId: connection.id }, 'could not record a folder error')),
  );
  session.on('connectionShed', ({ folders, servedBy, error }) =>
    services.logger.info({ connectionId: connection.id, folders, servedBy, code: error.code }, 'the server refused another connection; these folders are polled instead'),
  );
}
