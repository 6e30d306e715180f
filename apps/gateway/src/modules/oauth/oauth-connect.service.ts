import { createHash, randomUUID } from 'node:crypto';
import {
  isProviderError,
  parseEmailAddress,
  ProviderError,
  providerFor,
  type VerifiedAccount,
} from '@inlet/providers';
import {
  authorizationUrl,
  callbackError,
  checkIdentity,
  createPkce,
  exchangeCode,
  fetchIdentity,
  listSendAsAddresses,
  missingScopes,
  randomUrlToken,
  type OAuthConnectInput,
  type OAuthProviderDefinition,
} from '@inlet/providers/oauth';
import type { ResolversTypes } from '../../__generated__/resolvers-types.js';
import type { GatewayServices } from '../../gateway-services.js';
import type { ConnectionRow } from '../../db/tables/connection.table.js';
import type { OAuthAttemptRow, OAuthProviderId } from '../../db/tables/oauth.table.js';
import { validationFailed } from '../../validation.js';
import type { SecretLocation } from '../../vault/vault.js';
import type { ViewerModel } from '../identity/viewer.js';
import { oauthHttp, oauthRedirectUrl, resolveOAuthApp } from '../../mail/oauth-apps.js';
import { saveVerified, verifyDepsFor } from '../connection/connect-pipeline.js';
import { commonRefusal, refused } from '../connection/connect-refusals.js';
import { outcomeWords } from '../../outcomes.js';

type StartResult = ResolversTypes['StartOAuthConnectResult'];

/** A sign-in link works this long, once. */
export const OAUTH_ATTEMPT_TTL_MS = 10 * 60_000;

/** What a failed attempt records and the console shows. */
export interface OAuthFailure {
  code: string;
  message: string;
  hint: string;
  detail: string | null;
}

export function stateHash(state: string): string {
  return createHash('sha256').update(state, 'utf8').digest('hex');
}

function verifierLocation(attemptId: string): SecretLocation {
  return { table: 'oauth_attempts', column: 'code_verifier', rowId: attemptId };
}

/**
 * Starts a sign-in: refuses what must never reach the provider (view-only seat, address already connected,
 * app not configured), then stores a single-use attempt bound to the viewer (state stored hashed, the PKCE
 * verifier encrypted, a nonce, a short TTL) and returns the provider's authorization URL.
 */
export async function startOAuthConnect(
  services: GatewayServices,
  viewer: ViewerModel,
  provider: OAuthProviderId,
  rawEmail: string,
  reconnect?: ConnectionRow,
): Promise<StartResult> {
  const checked = parseEmailAddress(rawEmail);
  if (!checked.ok) return validationFailed([{ field: 'email', message: checked.message }]);
  const email = checked.address;
  const refusal = await commonRefusal(services, viewer, email, Boolean(reconnect));
  if (refusal) return refusal;
  const app = await resolveOAuthApp(services, provider);
  if (!app.credentials) {
    return refused('OAUTH_NOT_CONFIGURED', { displayName: app.definition.displayName });
  }

  const id = randomUUID();
  const state = randomUrlToken();
  const nonce = randomUrlToken();
  const pkce = createPkce();
  const redirectUri = oauthRedirectUrl(services);
  const now = new Date();
  const expiresAt = new Date(now.getTime() + OAUTH_ATTEMPT_TTL_MS).toISOString();
  await services.db
    .insertInto('oauth_attempts')
    .values({
      id,
      state_hash: stateHash(state),
      user_id: viewer.user.id,
      provider,
      email,
      connection_id: reconnect?.id ?? null,
      reconnect: reconnect ? 1 : 0,
      code_verifier: services.vault.encrypt(pkce.verifier, verifierLocation(id)),
      nonce,
      redirect_uri: redirectUri,
      status: 'PENDING',
      error_json: null,
      created_at: now.toISOString(),
      expires_at: expiresAt,
      used_at: null,
    })
    .execute();
  // Attempts nobody finished are of no use after their TTL.
  await services.db
    .deleteFrom('oauth_attempts')
    .where('status', '=', 'PENDING')
    .where('expires_at', '<', new Date(now.getTime() - 24 * 3600_000).toISOString())
    .execute();
  const url = authorizationUrl(app.definition, {
    clientId: app.credentials.clientId,
    redirectUri,
    state,
    nonce,
    codeChallenge: pkce.challenge,
    loginHint: email,
  });
  return { __typename: 'OAuthConnectStarted', authorizationUrl: url, attemptId: id, expiresAt };
}

/** Where the browser goes after the callback: back to the console. */
export interface CallbackOutcome {
  location: string;
}

function consoleUrl(services: GatewayServices, path: string): string {
  return services.config.publicUrl
    ? `${services.config.publicUrl.replace(/\/+$/, '')}${path}`
    : path;
}

function failureOf(error: ProviderError | OAuthFailure): OAuthFailure {
  return isProviderError(error)
    ? { code: error.code, message: error.message, hint: error.hint, detail: error.detail ?? null }
    : error;
}

/**
 * The provider's redirect back: checks the state (known, not expired, not used, issued to this signed-in
 * user) and consumes it, exchanges the code with the PKCE verifier, checks the granted scopes and that the
 * signed-in address is the one entered, checks IMAP with XOAUTH2 (and finds Sent), then saves (or, for a
 * reconnect, updates) the connection with its tokens encrypted and hands it to sync.
 */
export async function completeOAuthCallback(
  services: GatewayServices,
  viewer: ViewerModel | null,
  query: Record<string, unknown>,
): Promise<CallbackOutcome> {
  const stateError = () => ({
    location: consoleUrl(services, `/my-email/connect?oauthError=OAUTH_STATE_INVALID`),
  });
  const state = typeof query.state === 'string' ? query.state : '';
  if (!state) return stateError();
  const attempt = await services.db
    .selectFrom('oauth_attempts')
    .selectAll()
    .where('state_hash', '=', stateHash(state))
    .executeTakeFirst();
  // Bound to the user who started it: another browser (or nobody signed in) cannot finish it.
  if (!attempt || !viewer || viewer.user.id !== attempt.user_id) return stateError();
  const now = new Date().toISOString();
  const consumed = await services.db
    .updateTable('oauth_attempts')
    .set({ used_at: now })
    .where('id', '=', attempt.id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (Number(consumed.numUpdatedRows) !== 1) return stateError();

  const fail = async (error: ProviderError | OAuthFailure): Promise<CallbackOutcome> => {
    const failure = failureOf(error);
    await services.db
      .updateTable('oauth_attempts')
      .set({ status: 'FAILED', error_json: JSON.stringify(failure) })
      .where('id', '=', attempt.id)
      .execute();
    services.logger.info(
      { attemptId: attempt.id, code: failure.code },
      'OAuth connection attempt failed',
    );
    return {
      location: consoleUrl(
        services,
        `/my-email/connect?oauthError=${encodeURIComponent(failure.code)}&attempt=${attempt.id}`,
      ),
    };
  };

  try {
    const app = await resolveOAuthApp(services, attempt.provider);
    if (!app.credentials)
      return await fail(
        new ProviderError('OAUTH_SIGN_IN_FAILED', {
          detail: `The ${app.definition.displayName} OAuth app is not configured.`,
        }),
      );
    const def = app.definition;
    if (typeof query.error === 'string')
      return await fail(
        callbackError(
          def,
          query.error,
          typeof query.error_description === 'string' ? query.error_description : undefined,
        ),
      );
    if (typeof query.code !== 'string' || query.code === '')
      return await fail(
        new ProviderError('OAUTH_SIGN_IN_FAILED', {
          detail: `${def.displayName} sent no authorization code.`,
        }),
      );

    const http = oauthHttp(services);
    const codeVerifier = services.vault.decrypt(
      attempt.code_verifier,
      verifierLocation(attempt.id),
    );
    const exchange = await exchangeCode(
      def,
      app.credentials,
      { code: query.code, codeVerifier, redirectUri: attempt.redirect_uri },
      http,
    );
    const identity = await fetchIdentity(
      def,
      exchange,
      { clientId: app.credentials.clientId, nonce: attempt.nonce },
      http,
    );
    const wrongAccount = checkIdentity(def, identity, attempt.email);
    if (wrongAccount) return await fail(wrongAccount);
    const missing = missingScopes(def, exchange.tokens.scope);
    if (missing.length > 0)
      return await fail(
        new ProviderError('OAUTH_SCOPES_MISSING', {
          detail: `Not granted: ${missing.join(', ')}.`,
        }),
      );
    if (!exchange.tokens.refreshToken) {
      return await fail(
        new ProviderError('OAUTH_SIGN_IN_FAILED', {
          detail: `${def.displayName} issued no refresh token, so Inlet could not stay connected.`,
        }),
      );
    }

    const aliases = await listSendAsAddresses(def, exchange.tokens.accessToken, http).then(
      (list) => list.map((a) => a.email).filter((a) => a !== attempt.email),
      (err: unknown) => {
        services.logger.warn({ err, attemptId: attempt.id }, 'could not read send-as addresses');
        return [] as string[];
      },
    );
    // The provider module proves the token opens the mailbox (IMAP with XOAUTH2) and finds Inbox and Sent.
    const module = providerFor(services.providers, def.connectionProvider);
    const input: OAuthConnectInput = {
      email: attempt.email,
      oauthProvider: attempt.provider,
      tokens: exchange.tokens,
      imap: def.imap,
      smtp: def.smtp,
      aliases,
    };
    const verified = await module.verify(
      input,
      await verifyDepsFor(services, viewer, attempt.email),
      () => {},
    );
    if (!verified.ok) return await fail(verified.error);
    const saved = await saveConnection(services, viewer, attempt, def, verified.value);
    if ('code' in saved) return await fail(saved);
    await services.db
      .updateTable('oauth_attempts')
      .set({ status: 'CONNECTED', connection_id: saved.id })
      .where('id', '=', attempt.id)
      .execute();
    return { location: consoleUrl(services, `/my-email?connected=${saved.id}`) };
  } catch (err) {
    if (isProviderError(err)) return fail(err);
    services.logger.error({ err, attemptId: attempt.id }, 'OAuth callback failed unexpectedly');
    return fail(new ProviderError('OAUTH_SIGN_IN_FAILED', { cause: err }));
  }
}

async function saveConnection(
  services: GatewayServices,
  viewer: ViewerModel,
  attempt: OAuthAttemptRow,
  def: OAuthProviderDefinition,
  verified: VerifiedAccount<object>,
): Promise<ConnectionRow | OAuthFailure> {
  let reconnect: ConnectionRow | undefined;
  if (attempt.reconnect && attempt.connection_id) {
    reconnect = await services.db
      .selectFrom('connections')
      .selectAll()
      .where('id', '=', attempt.connection_id)
      .where('user_id', '=', viewer.user.id)
      .executeTakeFirst();
    if (!reconnect)
      return {
        code: 'NOT_FOUND',
        ...outcomeWords('NOT_FOUND', { what: 'The connection to reconnect' }),
        detail: null,
      };
  }
  const message = reconnect
    ? `Reconnected with ${def.displayName}`
    : `Connected with ${def.displayName}`;
  const saved = await saveVerified(
    services,
    viewer,
    def.connectionProvider,
    attempt.email,
    verified,
    reconnect,
    message,
  );
  return saved.__typename === 'Connection'
    ? saved
    : { code: saved.code, message: saved.message, hint: saved.hint, detail: null };
}
