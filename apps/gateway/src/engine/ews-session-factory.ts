import { EwsSyncSession, type EwsAuthScheme, type EwsHttpDeps, type EwsSettings, type EwsSyncTiming } from '@inlet/providers';
import type { GatewayServices } from '../context.js';
import type { ConnectionRow } from '../db/tables/connection.table.js';
import type { ExchangeSettings } from '../modules/connection/connect-exchange.service.js';
import { adminHosts } from '../mail/domain-hosts.js';
import { findDomainSettings } from '../modules/domain-settings/domain-settings.service.js';
import { readSecret } from '../vault/secret-store.js';
import { recordFolderError } from './folder-errors.js';
import { KyselySyncStore } from './kysely-sync-store.js';
import type { SyncSessionFactory } from './sync-session.js';

export function parseExchangeSettings(json: string): ExchangeSettings {
  return JSON.parse(json) as ExchangeSettings;
}

/** The EWS host of an Exchange connection (host slots count accounts per mail host). */
export function exchangeHost(connection: Pick<ConnectionRow, 'settings_json'>): string {
  return new URL(parseExchangeSettings(connection.settings_json).ewsUrl).hostname.toLowerCase();
}

/** Everything EWS needs for an Exchange connection; the password decrypted just now, never cached. */
export async function exchangeCredentials(services: GatewayServices, connection: ConnectionRow): Promise<{ settings: ExchangeSettings; ews: EwsSettings; http: EwsHttpDeps }> {
  const settings = parseExchangeSettings(connection.settings_json);
  const password = await readSecret(services.db, services.vault, connection.id, 'password');
  if (password === undefined) throw new Error(`Connection ${connection.id} has no stored password`);
  // The SSRF guard lets a private EWS host through only when an admin's domain settings name it.
  const trusted = adminHosts(await findDomainSettings(services.db, connection.email.slice(connection.email.lastIndexOf('@') + 1)));
  return {
    settings,
    ews: { url: settings.ewsUrl, scheme: settings.authScheme as EwsAuthScheme, username: settings.username, password },
    http: { vet: (host) => services.mailNetwork.vet(host, trusted), ...(services.mailNetwork.ca ? { ca: services.mailNetwork.ca } : {}) },
  };
}

/** Builds EWS sync sessions: secret decrypted now, every request vetted, state in the database. */
export function ewsSessionFactory(services: GatewayServices, timing?: EwsSyncTiming): SyncSessionFactory {
  return async (connection, { events }) => {
    const { settings, ews, http } = await exchangeCredentials(services, connection);
    let stopping = false;
    const session = new EwsSyncSession({
      ews,
      mailbox: settings.smtpAddress,
      http,
      store: new KyselySyncStore(services, connection),
      ...(timing ? { timing } : {}),
    });
    session.on('status', (status) => (status.state === 'CONNECTED' ? events.upToDate() : events.progress(status.progress)));
    session.on('error', (error) => events.failed(error));
    session.on('folderError', ({ folder, error }) =>
      void recordFolderError(services, connection, folder, error).catch((err: unknown) => services.logger.error({ err, connectionId: connection.id }, 'could not record a folder error')),
    );
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
