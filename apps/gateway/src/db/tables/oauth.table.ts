import type { Selectable } from 'kysely';

export type OAuthProviderId = 'GOOGLE' | 'MICROSOFT';

/** An OAuth app (client) saved by a super admin; the secret is a vault envelope bound to (oauth_apps, client_secret, provider). */
export interface OAuthAppTable {
  provider: OAuthProviderId;
  client_id: string;
  client_secret: string;
  /** JSON of endpoint and mail server overrides, or null for the provider's defaults. */
  endpoints_json: string | null;
  updated_at: string;
  updated_by: string | null;
}
export type OAuthAppRow = Selectable<OAuthAppTable>;

export type OAuthAttemptStatus = 'PENDING' | 'CONNECTED' | 'FAILED';

/**
 * One sign-in round trip. The state sent to the provider is stored only as its SHA-256 (state_hash); the
 * PKCE verifier is a vault envelope bound to (oauth_attempts, code_verifier, id). Single use: used_at.
 */
export interface OAuthAttemptTable {
  id: string;
  state_hash: string;
  user_id: string;
  provider: OAuthProviderId;
  email: string;
  /** Reconnect: the connection whose tokens are replaced. After success: the connection made. */
  connection_id: string | null;
  reconnect: number;
  code_verifier: string;
  nonce: string;
  redirect_uri: string;
  status: OAuthAttemptStatus;
  /** JSON {code, message, hint, detail} when FAILED. */
  error_json: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}
export type OAuthAttemptRow = Selectable<OAuthAttemptTable>;
