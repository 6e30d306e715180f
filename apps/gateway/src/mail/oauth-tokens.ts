import { ProviderError } from '@inlet/providers';
import { oauthSettingsSchema, refreshTokens, type OAuthTokens } from '@inlet/providers/oauth';
import type { GatewayServices } from '../gateway-services.js';
import type { ConnectionRow } from '../db/tables/connection.table.js';
import { readSecret, storeSecret } from '../vault/secret-store.js';
import { oauthHttp, resolveOAuthApp } from './oauth-apps.js';

/** Access tokens are refreshed when they have less than this left, so no login uses an expiring one. */
export const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;

// One refresh at a time per connection in this process (sync and the outbox may ask at once; Microsoft
// rotates refresh tokens, so two concurrent refreshes would invalidate each other).
const inFlight = new Map<string, Promise<unknown>>();

async function serialized<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = inFlight.get(key) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(fn);
  inFlight.set(key, next);
  try {
    return await next;
  } finally {
    if (inFlight.get(key) === next) inFlight.delete(key);
  }
}

export async function readTokens(
  services: Pick<GatewayServices, 'db' | 'vault'>,
  connectionId: string,
): Promise<OAuthTokens> {
  const stored = await readSecret(services.db, services.vault, connectionId, 'oauth_tokens');
  if (!stored)
    throw new ProviderError('OAUTH_REAUTH_REQUIRED', {
      detail: 'No OAuth tokens are stored for this connection.',
    });
  return JSON.parse(stored) as OAuthTokens;
}

/**
 * A usable access token for a Gmail / Microsoft 365 connection, decrypted just now. Refreshed (and the
 * new tokens stored encrypted) when it expires within REFRESH_BEFORE_EXPIRY_MS, or when `forceRefresh`
 * (the server refused it). Refresh failures are classified: OAUTH_REAUTH_REQUIRED (the refresh token was
 * revoked or expired; not retryable) or OAUTH_PROVIDER_UNAVAILABLE (network, 5xx; retryable).
 */
export async function oauthAccessToken(
  services: Pick<GatewayServices, 'db' | 'vault' | 'config' | 'mailNetwork'>,
  connection: Pick<ConnectionRow, 'id' | 'settings_json'>,
  options: { forceRefresh?: boolean } = {},
): Promise<{ accessToken: string; refreshed: boolean }> {
  return serialized(connection.id, async () => {
    const tokens = await readTokens(services, connection.id);
    if (!options.forceRefresh && tokens.expiresAt - Date.now() > REFRESH_BEFORE_EXPIRY_MS)
      return { accessToken: tokens.accessToken, refreshed: false };
    const settings = oauthSettingsSchema.parse(JSON.parse(connection.settings_json));
    const app = await resolveOAuthApp(services, settings.oauthProvider);
    if (!app.credentials) {
      throw new ProviderError('OAUTH_SIGN_IN_FAILED', {
        detail: `The ${app.definition.displayName} OAuth app is no longer configured in Inlet; ask your administrator.`,
      });
    }
    const fresh = await refreshTokens(app.definition, app.credentials, tokens, oauthHttp(services));
    await storeSecret(
      services.db,
      services.vault,
      connection.id,
      'oauth_tokens',
      JSON.stringify(fresh),
    );
    return { accessToken: fresh.accessToken, refreshed: true };
  });
}
