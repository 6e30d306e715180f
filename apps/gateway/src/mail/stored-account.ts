import type { AnyProviderModule, MailDeps, StoredAccount } from '@inlet/providers';
import type { ConnectionRow } from '../db/tables/connection.table.js';
import type { GatewayServices } from '../gateway-services.js';
import { readSecret } from '../vault/secret-store.js';
import { adminHosts, findDomainSettings } from './domain-hosts.js';
import { oauthAccessToken } from './oauth-tokens.js';

type Services = Pick<GatewayServices, 'db' | 'vault' | 'config' | 'mailNetwork'>;

/** The part of an address after the last @. */
export function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1);
}

/**
 * Network access for one mailbox's traffic: the SSRF guard lets a private host through only when an
 * admin's domain settings for the mailbox's domain name it with that port (or the operator's allow-list
 * does).
 */
export async function mailDepsFor(
  services: Pick<GatewayServices, 'db' | 'mailNetwork'>,
  email: string,
): Promise<MailDeps & { trustedHosts: string[] }> {
  const servers = adminHosts(await findDomainSettings(services.db, domainOf(email)));
  return {
    // Names the admin configured (Exchange sends credentials to these); the guard also checks the port.
    trustedHosts: [...new Set(servers.map((s) => s.host))],
    vet: (host, port) => services.mailNetwork.vet(host, port, servers),
    ...(services.mailNetwork.ca ? { ca: services.mailNetwork.ca } : {}),
  };
}

/** A connection's settings, parsed by its provider's schema (a malformed row fails here, loudly). */
export function connectionSettings<Settings>(
  module: { settingsSchema: { parse(value: unknown): Settings } },
  row: Pick<ConnectionRow, 'settings_json'>,
): Settings {
  return module.settingsSchema.parse(JSON.parse(row.settings_json));
}

/** A stored connection as its provider sees it: settings parsed, secrets decrypted only when asked. */
export function storedAccount(
  services: Services,
  module: AnyProviderModule,
  row: ConnectionRow,
): StoredAccount<unknown> {
  return {
    id: row.id,
    email: row.email,
    settings: connectionSettings(module, row),
    secret: (name) => readSecret(services.db, services.vault, row.id, name),
    ...(module.capabilities.auth === 'OAUTH'
      ? {
          accessToken: (options?: { forceRefresh?: boolean }) =>
            oauthAccessToken(services, row, options),
        }
      : {}),
  };
}
