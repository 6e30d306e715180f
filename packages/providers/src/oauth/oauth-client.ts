import { ProviderError } from '../core/provider-error.js';
import type { OAuthHttp, OAuthHttpResponse } from './oauth-http.js';
import type { OAuthProviderDefinition } from './oauth-providers.js';

/** The OAuth app (client) registered with the provider; the secret comes from the vault or the environment. */
export interface OAuthClientCredentials {
  clientId: string;
  clientSecret: string;
}

/** Tokens as Inlet stores them (encrypted, as one secret). */
export interface OAuthTokens {
  accessToken: string;
  /** Missing when the provider issued none (the connection then needs a reconnect when the access token expires). */
  refreshToken: string | null;
  /** When the access token expires (ms epoch). */
  expiresAt: number;
  /** Granted scopes, space-separated, as the provider reported them. */
  scope: string;
  tokenType: string;
}

export interface TokenExchange {
  tokens: OAuthTokens;
  /** The id_token's claims when one came with the answer (read, not re-verified: it came straight from the token endpoint over TLS). */
  idTokenClaims: Record<string, unknown> | null;
}

export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  state: string;
  codeChallenge: string;
  nonce: string;
  /** Prefills the sign-in page with the address being connected. */
  loginHint?: string;
}

/** The authorization URL the browser is sent to: authorization code flow with PKCE (S256). */
export function authorizationUrl(def: OAuthProviderDefinition, req: AuthorizationRequest): string {
  const url = new URL(def.authorizationUrl);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: req.clientId,
    redirect_uri: req.redirectUri,
    scope: def.scopes.join(' '),
    state: req.state,
    nonce: req.nonce,
    code_challenge: req.codeChallenge,
    code_challenge_method: 'S256',
    ...def.extraAuthorizationParams,
    ...(req.loginHint ? { login_hint: req.loginHint } : {}),
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}

/**
 * The error a provider redirected back with (RFC 6749 §4.1.2.1), classified: the user said no,
 * Google Advanced Protection or an admin policy refused the app, anything else is a failed sign-in.
 */
export function callbackError(
  def: OAuthProviderDefinition,
  error: string,
  description?: string,
): ProviderError {
  const detail = description
    ? `${def.displayName} said: ${description.slice(0, 300)}`
    : `${def.displayName} answered ${error}.`;
  switch (error) {
    case 'access_denied':
    case 'consent_required':
      return new ProviderError('OAUTH_CONSENT_DENIED', { detail });
    case 'policy_enforced':
      return new ProviderError('OAUTH_ADVANCED_PROTECTION', { detail });
    case 'admin_policy_enforced':
      return new ProviderError('OAUTH_BLOCKED_BY_ADMIN', { detail });
    case 'temporarily_unavailable':
    case 'server_error':
      return new ProviderError('OAUTH_PROVIDER_UNAVAILABLE', { detail });
    default:
      return new ProviderError('OAUTH_SIGN_IN_FAILED', { detail });
  }
}

/** Exchanges the authorization code (with the PKCE verifier) for tokens. */
export async function exchangeCode(
  def: OAuthProviderDefinition,
  client: OAuthClientCredentials,
  input: { code: string; codeVerifier: string; redirectUri: string },
  http: OAuthHttp,
): Promise<TokenExchange> {
  return tokenRequest(
    def,
    client,
    {
      grant_type: 'authorization_code',
      code: input.code,
      code_verifier: input.codeVerifier,
      redirect_uri: input.redirectUri,
    },
    http,
    null,
  );
}

/**
 * Gets a new access token with the refresh token. A refused refresh token (invalid_grant: revoked,
 * expired, password changed) is OAUTH_REAUTH_REQUIRED, not retryable; an unreachable provider or a 5xx
 * is OAUTH_PROVIDER_UNAVAILABLE, retryable, never an authentication failure. A provider that does not
 * rotate refresh tokens keeps the old one.
 */
export async function refreshTokens(
  def: OAuthProviderDefinition,
  client: OAuthClientCredentials,
  current: OAuthTokens,
  http: OAuthHttp,
): Promise<OAuthTokens> {
  if (!current.refreshToken)
    throw new ProviderError('OAUTH_REAUTH_REQUIRED', {
      detail: `${def.displayName} issued no refresh token, and the access token expired.`,
    });
  const body: Record<string, string> = {
    grant_type: 'refresh_token',
    refresh_token: current.refreshToken,
  };
  // Microsoft wants the scopes again (those granted, so a refresh never asks for more); Google ignores them.
  if (def.id === 'MICROSOFT') body.scope = current.scope || def.scopes.join(' ');
  const { tokens } = await tokenRequest(def, client, body, http, current);
  return tokens;
}

async function tokenRequest(
  def: OAuthProviderDefinition,
  client: OAuthClientCredentials,
  params: Record<string, string>,
  http: OAuthHttp,
  previous: OAuthTokens | null,
): Promise<TokenExchange> {
  const body = new URLSearchParams({
    ...params,
    client_id: client.clientId,
    client_secret: client.clientSecret,
  }).toString();
  const response = await send(def, http, {
    url: def.tokenUrl,
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  const json = parseJson(response);
  if (response.status !== 200 || typeof json?.access_token !== 'string')
    throw tokenError(def, response, json, previous !== null);
  const expiresIn = Number(json.expires_in);
  const tokens: OAuthTokens = {
    accessToken: json.access_token,
    refreshToken:
      typeof json.refresh_token === 'string'
        ? json.refresh_token
        : (previous?.refreshToken ?? null),
    expiresAt: Date.now() + (Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 3600) * 1000,
    // RFC 6749 §5.1: no scope means the scopes asked for.
    scope: typeof json.scope === 'string' ? json.scope : (previous?.scope ?? def.scopes.join(' ')),
    tokenType: typeof json.token_type === 'string' ? json.token_type : 'Bearer',
  };
  return {
    tokens,
    idTokenClaims: typeof json.id_token === 'string' ? decodeJwtClaims(json.id_token) : null,
  };
}

/** Classifies a token endpoint answer from its status and RFC 6749 §5.2 error code, never its text. */
function tokenError(
  def: OAuthProviderDefinition,
  response: OAuthHttpResponse,
  json: Record<string, unknown> | null,
  refreshing: boolean,
): ProviderError {
  const code = typeof json?.error === 'string' ? json.error : undefined;
  const description =
    typeof json?.error_description === 'string' ? json.error_description.slice(0, 300) : undefined;
  const detail = `${def.displayName} answered HTTP ${response.status}${code ? ` ${code}` : ''}${description ? `: ${description}` : ''}.`;
  if (
    response.status >= 500 ||
    response.status === 429 ||
    code === 'temporarily_unavailable' ||
    code === 'server_error'
  ) {
    return new ProviderError('OAUTH_PROVIDER_UNAVAILABLE', { detail });
  }
  if (code === 'invalid_grant')
    return new ProviderError(refreshing ? 'OAUTH_REAUTH_REQUIRED' : 'OAUTH_SIGN_IN_FAILED', {
      detail,
    });
  if (code === 'access_denied' || code === 'consent_required' || code === 'interaction_required') {
    return new ProviderError(refreshing ? 'OAUTH_REAUTH_REQUIRED' : 'OAUTH_CONSENT_DENIED', {
      detail,
    });
  }
  if (code === 'invalid_scope') return new ProviderError('OAUTH_SCOPES_MISSING', { detail });
  // invalid_client, unauthorized_client, unsupported_grant_type, a 200 without a token: the app settings are wrong.
  return new ProviderError('OAUTH_SIGN_IN_FAILED', { detail });
}

async function send(
  def: OAuthProviderDefinition,
  http: OAuthHttp,
  req: Parameters<OAuthHttp>[0],
): Promise<OAuthHttpResponse> {
  try {
    return await http(req);
  } catch (err) {
    if (err instanceof ProviderError && err.code === 'HOST_NOT_ALLOWED') {
      // The SSRF guard refused the endpoint: an admin setting to fix, not a transient failure.
      return Promise.reject(
        new ProviderError('OAUTH_SIGN_IN_FAILED', {
          detail: `${def.displayName}: ${err.message}${err.detail ? ` ${err.detail}` : ''}`,
          cause: err,
        }),
      );
    }
    const code =
      typeof (err as { code?: unknown })?.code === 'string'
        ? (err as { code: string }).code
        : undefined;
    throw new ProviderError('OAUTH_PROVIDER_UNAVAILABLE', {
      detail: `${new URL(req.url).host} could not be reached${code ? ` (${code})` : ''}.`,
      cause: err,
    });
  }
}

function parseJson(response: OAuthHttpResponse): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(response.body);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** The payload of a JWT, unverified (only for tokens received directly from the token endpoint). */
export function decodeJwtClaims(jwt: string): Record<string, unknown> | null {
  const payload = jwt.split('.')[1];
  if (!payload) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Whether every required scope was granted (Microsoft may list its scopes without the resource prefix). */
export function missingScopes(def: OAuthProviderDefinition, granted: string): string[] {
  const have = new Set(
    granted
      .split(/\s+/)
      .filter(Boolean)
      .map((s) => s.toLowerCase()),
  );
  return def.requiredScopes.filter((scope) => {
    const s = scope.toLowerCase();
    return !have.has(s) && !have.has(s.slice(s.lastIndexOf('/') + 1));
  });
}

export interface OAuthIdentity {
  /** The address the user signed in as (lower-cased). */
  email: string;
  /** Other names the account answers to (Microsoft preferred_username / upn), lower-cased. */
  otherNames: string[];
}

/**
 * Who signed in: the id_token's email (or Microsoft's preferred_username) when the provider's identity
 * comes from there and it matches the nonce and client, else the userinfo endpoint with the access token.
 */
export async function fetchIdentity(
  def: OAuthProviderDefinition,
  exchange: TokenExchange,
  expected: { clientId: string; nonce: string },
  http: OAuthHttp,
): Promise<OAuthIdentity> {
  const claims = exchange.idTokenClaims;
  if (claims) {
    const audience = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (
      !audience.includes(expected.clientId) ||
      (claims.nonce !== undefined && claims.nonce !== expected.nonce)
    ) {
      throw new ProviderError('OAUTH_SIGN_IN_FAILED', {
        detail: `${def.displayName} returned an ID token for another sign-in.`,
      });
    }
  }
  const fromIdToken = claims ? identityFrom(claims) : null;
  if (fromIdToken && (def.identitySource === 'id_token' || !def.userinfoUrl)) return fromIdToken;
  if (def.userinfoUrl) {
    const response = await send(def, http, {
      url: def.userinfoUrl,
      method: 'GET',
      headers: { authorization: `Bearer ${exchange.tokens.accessToken}` },
    });
    const json = parseJson(response);
    if (response.status >= 500)
      throw new ProviderError('OAUTH_PROVIDER_UNAVAILABLE', {
        detail: `${def.displayName} userinfo answered HTTP ${response.status}.`,
      });
    const identity = response.status === 200 && json ? identityFrom(json) : null;
    if (identity) return identity;
  }
  if (fromIdToken) return fromIdToken;
  throw new ProviderError('OAUTH_SCOPES_MISSING', {
    detail: `${def.displayName} did not say which address you signed in with (the email permission is needed).`,
  });
}

function identityFrom(claims: Record<string, unknown>): OAuthIdentity | null {
  const names = ['email', 'preferred_username', 'upn', 'unique_name']
    .map((k) => claims[k])
    .filter((v): v is string => typeof v === 'string' && v.includes('@'))
    .map((v) => v.trim().toLowerCase());
  const [email, ...others] = [...new Set(names)];
  return email ? { email, otherNames: others } : null;
}

/**
 * The signed-in identity must be the address being connected. A Microsoft sign-in as another user of
 * the same domain is most often an attempt to connect a shared mailbox (it has no sign-in of its own).
 */
export function checkIdentity(
  def: OAuthProviderDefinition,
  identity: OAuthIdentity,
  expectedEmail: string,
): ProviderError | null {
  const expected = expectedEmail.trim().toLowerCase();
  if (identity.email === expected || identity.otherNames.includes(expected)) return null;
  const domainOf = (e: string) => e.slice(e.lastIndexOf('@') + 1);
  if (def.id === 'MICROSOFT' && domainOf(identity.email) === domainOf(expected)) {
    return new ProviderError('OAUTH_SHARED_MAILBOX', {
      detail: `You signed in as ${identity.email}, not as ${expected}.`,
      hint: `You signed in as ${identity.email}. If ${expected} is a shared mailbox, Inlet cannot connect it: shared mailboxes have no sign-in of their own. If it is your own mailbox, connect again and sign in as ${expected}.`,
    });
  }
  return new ProviderError('OAUTH_WRONG_ACCOUNT', {
    detail: `You signed in as ${identity.email}, not as ${expected}.`,
    hint: `You signed in as ${identity.email}. To connect ${expected}, connect again and sign in as ${expected} (choose "Use another account"), or connect ${identity.email} instead.`,
  });
}

export interface SendAsAddress {
  email: string;
  displayName: string | null;
  isPrimary: boolean;
}

/**
 * Gmail send-as aliases (GET users/me/settings/sendAs, covered by the full-mail scope). Only verified
 * aliases (verificationStatus accepted, or the primary address) are returned.
 */
export async function listSendAsAddresses(
  def: OAuthProviderDefinition,
  accessToken: string,
  http: OAuthHttp,
): Promise<SendAsAddress[]> {
  if (!def.sendAsUrl) return [];
  const response = await send(def, http, {
    url: def.sendAsUrl,
    method: 'GET',
    headers: { authorization: `Bearer ${accessToken}` },
  });
  if (response.status === 401)
    throw new ProviderError('OAUTH_REAUTH_REQUIRED', {
      detail: `${def.displayName} refused the access token for send-as addresses.`,
    });
  if (response.status >= 500)
    throw new ProviderError('OAUTH_PROVIDER_UNAVAILABLE', {
      detail: `${def.displayName} answered HTTP ${response.status}.`,
    });
  const json = parseJson(response);
  const list = Array.isArray(json?.sendAs) ? (json.sendAs as Record<string, unknown>[]) : [];
  return list
    .filter(
      (a) =>
        typeof a.sendAsEmail === 'string' &&
        (a.isPrimary === true || a.verificationStatus === 'accepted'),
    )
    .map((a) => ({
      email: String(a.sendAsEmail).toLowerCase(),
      displayName: typeof a.displayName === 'string' && a.displayName ? a.displayName : null,
      isPrimary: a.isPrimary === true,
    }));
}
