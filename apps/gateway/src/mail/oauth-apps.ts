import {
  createOAuthHttp,
  oauthProvider,
  type OAuthClientCredentials,
  type OAuthHttp,
  type OAuthProviderDefinition,
  type OAuthProviderOverrides,
} from '@inlet/providers/oauth';
import type { ProviderKind } from '@inlet/providers';
import type { GatewayServices } from '../gateway-services.js';
import type { OAuthAppRow, OAuthProviderId } from '../db/tables/oauth.table.js';
import type { SecretLocation } from '../vault/vault.js';

export const OAUTH_PROVIDERS: readonly OAuthProviderId[] = ['GOOGLE', 'MICROSOFT'];

/** The OAuth app a provider kind signs in through, if it uses one. */
export const OAUTH_APP_OF_KIND: Partial<Record<ProviderKind, OAuthProviderId>> = {
  GMAIL: 'GOOGLE',
  MICROSOFT_365: 'MICROSOFT',
};

/** Endpoint and server overrides a super admin saved (sovereign clouds, test servers). */
export interface StoredEndpoints {
  authorizationUrl?: string;
  tokenUrl?: string;
  userinfoUrl?: string;
  sendAsUrl?: string;
  imapHost?: string;
  imapPort?: number;
  smtpHost?: string;
  smtpPort?: number;
}

export interface ResolvedOAuthApp {
  definition: OAuthProviderDefinition;
  credentials: OAuthClientCredentials | null;
  source: 'SETTINGS' | 'ENVIRONMENT' | 'NONE';
  row: OAuthAppRow | undefined;
}

export function clientSecretLocation(provider: OAuthProviderId): SecretLocation {
  return { table: 'oauth_apps', column: 'client_secret', rowId: provider };
}

/** The redirect URL to register with Google and Microsoft: this gateway's /oauth/callback. */
export function oauthRedirectUrl(services: Pick<GatewayServices, 'config'>): string {
  const { publicUrl, host, port } = services.config;
  const base =
    publicUrl ?? `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${port}`;
  return `${base.replace(/\/+$/, '')}/oauth/callback`;
}

function overridesFrom(endpoints: StoredEndpoints | null): OAuthProviderOverrides {
  if (!endpoints) return {};
  return {
    ...(endpoints.authorizationUrl ? { authorizationUrl: endpoints.authorizationUrl } : {}),
    ...(endpoints.tokenUrl ? { tokenUrl: endpoints.tokenUrl } : {}),
    ...(endpoints.userinfoUrl ? { userinfoUrl: endpoints.userinfoUrl } : {}),
    ...(endpoints.sendAsUrl ? { sendAsUrl: endpoints.sendAsUrl } : {}),
    imap: {
      ...(endpoints.imapHost ? { host: endpoints.imapHost } : {}),
      ...(endpoints.imapPort ? { port: endpoints.imapPort } : {}),
    },
    smtp: {
      ...(endpoints.smtpHost ? { host: endpoints.smtpHost } : {}),
      ...(endpoints.smtpPort
        ? {
            port: endpoints.smtpPort,
            security: endpoints.smtpPort === 465 ? 'SSL_TLS' : 'STARTTLS',
          }
        : {}),
    },
  };
}

/** The app for a provider: a super admin's saved settings first, else the environment, else none. */
export async function resolveOAuthApp(
  services: Pick<GatewayServices, 'db' | 'vault' | 'config'>,
  provider: OAuthProviderId,
): Promise<ResolvedOAuthApp> {
  const row = await services.db
    .selectFrom('oauth_apps')
    .selectAll()
    .where('provider', '=', provider)
    .executeTakeFirst();
  const tenant = services.config.oauth.microsoftTenant;
  if (row) {
    const definition = oauthProvider(provider, {
      tenant,
      ...overridesFrom(
        row.endpoints_json ? (JSON.parse(row.endpoints_json) as StoredEndpoints) : null,
      ),
    });
    const clientSecret = services.vault.decrypt(row.client_secret, clientSecretLocation(provider));
    return {
      definition,
      credentials: { clientId: row.client_id, clientSecret },
      source: 'SETTINGS',
      row,
    };
  }
  const env =
    provider === 'GOOGLE' ? services.config.oauth.google : services.config.oauth.microsoft;
  return {
    definition: oauthProvider(provider, { tenant }),
    credentials: env ?? null,
    source: env ? 'ENVIRONMENT' : 'NONE',
    row: undefined,
  };
}

/** HTTPS to OAuth endpoints through the SSRF guard, with the gateway's trusted CAs. */
export function oauthHttp(services: Pick<GatewayServices, 'mailNetwork'>): OAuthHttp {
  const { operatorAllows, lookup, ca } = services.mailNetwork;
  return createOAuthHttp({ allowPrivate: operatorAllows, lookup, ...(ca ? { ca } : {}) });
}
