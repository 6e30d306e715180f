import type {
  AnyProviderModule,
  SecretName,
  StoredAccount,
  VerifiedAccount,
} from '../core/provider-module.js';
import { ProviderError } from '../core/provider-error.js';
import type { OAuthTokens } from '../oauth/oauth-client.js';

/** Refreshed this long before expiry, as the gateway does. */
const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;

export interface MemoryAccountOptions {
  id?: string;
  email: string;
  /** OAuth kinds: new tokens for the stored ones (the provider's token endpoint). */
  refresh?: (tokens: OAuthTokens) => Promise<OAuthTokens>;
}

/**
 * A verified account as the gateway loads it after saving it, kept in memory: the settings go through
 * JSON and the module's schema (as connections.settings_json does), the secrets are the verified ones,
 * and OAuth kinds get an access token that is refreshed when it is about to expire or when asked to.
 */
export function memoryAccount<Settings>(
  module: AnyProviderModule,
  verified: VerifiedAccount<Settings>,
  options: MemoryAccountOptions,
): StoredAccount<Settings> {
  const secrets = new Map<SecretName, string>();
  for (const [name, value] of Object.entries(verified.secrets) as Array<
    [SecretName, string | null | undefined]
  >) {
    if (typeof value === 'string') secrets.set(name, value);
  }
  const settings = module.settingsSchema.parse(
    JSON.parse(JSON.stringify(verified.settings)),
  ) as Settings;
  const account: StoredAccount<Settings> = {
    id: options.id ?? `memory-${options.email}`,
    email: options.email,
    settings,
    secret: async (name) => secrets.get(name),
  };
  if (module.capabilities.auth !== 'OAUTH') return account;
  return {
    ...account,
    async accessToken(request = {}) {
      const stored = secrets.get('oauth_tokens');
      if (!stored)
        throw new ProviderError('OAUTH_REAUTH_REQUIRED', {
          detail: 'No OAuth tokens are stored for this connection.',
        });
      const tokens = JSON.parse(stored) as OAuthTokens;
      if (!request.forceRefresh && tokens.expiresAt - Date.now() > REFRESH_BEFORE_EXPIRY_MS)
        return { accessToken: tokens.accessToken, refreshed: false };
      if (!options.refresh)
        throw new ProviderError('OAUTH_REAUTH_REQUIRED', {
          detail: 'This test account cannot refresh its tokens.',
        });
      const fresh = await options.refresh(tokens);
      secrets.set('oauth_tokens', JSON.stringify(fresh));
      return { accessToken: fresh.accessToken, refreshed: true };
    },
  };
}

/** The same account with one secret replaced (a password changed on the server since it was saved). */
export function withSecret<Settings>(
  account: StoredAccount<Settings>,
  name: SecretName,
  value: string,
): StoredAccount<Settings> {
  return { ...account, secret: async (asked) => (asked === name ? value : account.secret(asked)) };
}
