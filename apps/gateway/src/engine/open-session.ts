import { providerFor, type ProviderRegistry, type SyncSession } from '@inlet/providers';
import type { ConnectionRow } from '../db/tables/connection.table.js';
import type { GatewayServices } from '../gateway-services.js';
import { connectionSettings, mailDepsFor, storedAccount } from '../mail/stored-account.js';
import { recordFolderError } from './folder-errors.js';
import { KyselySyncStore } from './kysely-sync-store.js';
import type { SyncSessionFactory } from './sync-session.js';

/**
 * The one session factory: the connection's provider module opens its session, with the settings
 * parsed by the module's schema, secrets decrypted just in time, every host vetted and state kept in
 * the database. Folder-level trouble is recorded for the health view; the runner handles the rest.
 */
export function sessionOpener(
  services: GatewayServices,
  registry: ProviderRegistry = services.providers,
): SyncSessionFactory {
  return async (row, { since, events }): Promise<SyncSession> => {
    const module = providerFor(registry, row.provider);
    const account = storedAccount(services, module, row);
    const deps = await mailDepsFor(services, row.email);
    return module.openSession(account, deps, {
      since,
      store: new KyselySyncStore(services, row),
      initialWindowDays: services.config.syncWindowDays,
      events: {
        ...events,
        folderFailed: (folder, error) =>
          void recordFolderError(services, row, folder, error).catch((err: unknown) =>
            services.logger.error({ err, connectionId: row.id }, 'could not record a folder error'),
          ),
        connectionShed: ({ folders, error }) =>
          services.logger.info(
            { connectionId: row.id, folders, code: error.code },
            'the server refused another connection; these folders are polled instead',
          ),
      },
    });
  };
}

/** The mail host a connection talks to, as its provider names it (host slots count accounts per host). */
export function connectionHost(
  registry: ProviderRegistry,
  row: Pick<ConnectionRow, 'provider' | 'settings_json'>,
): string {
  const module = providerFor(registry, row.provider);
  return module.hostOf(connectionSettings(module, row));
}
