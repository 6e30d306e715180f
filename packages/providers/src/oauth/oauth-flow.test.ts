import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestCertificate,
  freePort,
  startOAuthTestProvider,
  type OAuthTestProvider,
} from '../testing/index.js';
import {
  authorizationUrl,
  callbackError,
  checkIdentity,
  exchangeCode,
  fetchIdentity,
  listSendAsAddresses,
  missingScopes,
  refreshTokens,
  type OAuthTokens,
} from './oauth-client.js';
import { createOAuthHttp } from './oauth-http.js';
import {
  googleOAuthProvider,
  microsoftOAuthProvider,
  type OAuthProviderDefinition,
} from './oauth-providers.js';
import { createPkce, pkceChallenge, randomUrlToken } from './pkce.js';

const REDIRECT = 'http://127.0.0.1:9/oauth/callback';

describe('PKCE', () => {
  it('derives the S256 challenge of RFC 7636 appendix B', () => {
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
    const pkce = createPkce();
    expect(pkce.verifier).toMatch(/^[\w-]{43}$/);
    expect(pkce.challenge).toBe(pkceChallenge(pkce.verifier));
  });
});

describe.each(['GOOGLE', 'MICROSOFT'] as const)(
  'OAuth against a local OpenID provider playing %s',
  (flavor) => {
    let op: OAuthTestProvider;
    let def: OAuthProviderDefinition;
    const http = () => createOAuthHttp({ allowPrivate: () => true, ca: op.ca });

    beforeAll(async () => {
      op = await startOAuthTestProvider({
        flavor,
        accounts: [
          { email: 'jane@oauth.test', aliases: ['sales@oauth.test'] },
          { email: 'joe@oauth.test' },
        ],
        redirectUris: [REDIRECT],
      });
      const endpoints = {
        authorizationUrl: op.authorizationUrl,
        tokenUrl: op.tokenUrl,
        userinfoUrl: op.userinfoUrl,
      };
      def =
        flavor === 'GOOGLE'
          ? googleOAuthProvider({ ...endpoints, sendAsUrl: op.sendAsUrl })
          : microsoftOAuthProvider({ ...endpoints, userinfoUrl: null });
    });
    afterAll(async () => op?.stop());

    async function signIn(as: string, scopes?: string[]) {
      const pkce = createPkce();
      const state = randomUrlToken();
      const nonce = randomUrlToken();
      const url = authorizationUrl(def, {
        clientId: op.clientId,
        redirectUri: REDIRECT,
        state,
        nonce,
        codeChallenge: pkce.challenge,
        loginHint: 'jane@oauth.test',
      });
      const back = new URL(await op.authorize(url, { as, ...(scopes ? { scopes } : {}) }));
      expect(back.searchParams.get('state')).toBe(state);
      const exchange = await exchangeCode(
        def,
        op,
        {
          code: back.searchParams.get('code')!,
          codeVerifier: pkce.verifier,
          redirectUri: REDIRECT,
        },
        http(),
      );
      return { exchange, nonce };
    }

    it('exchanges the code with PKCE, names the account, and refreshes', async () => {
      const { exchange, nonce } = await signIn('jane@oauth.test');
      expect(missingScopes(def, exchange.tokens.scope)).toEqual([]);
      expect(exchange.tokens.refreshToken).toBeTruthy();
      const identity = await fetchIdentity(def, exchange, { clientId: op.clientId, nonce }, http());
      expect(identity.email).toBe('jane@oauth.test');
      expect(checkIdentity(def, identity, 'JANE@oauth.test')).toBeNull();
      const refreshed = await refreshTokens(def, op, exchange.tokens, http());
      expect(refreshed.accessToken).not.toBe(exchange.tokens.accessToken);
      expect((await op.introspect(refreshed.accessToken)).active).toBe(true);
      const aliases = await listSendAsAddresses(def, refreshed.accessToken, http());
      expect(aliases.map((a) => a.email)).toEqual(
        flavor === 'GOOGLE' ? ['jane@oauth.test', 'sales@oauth.test'] : [],
      );
    });

    it('reports unticked scopes and the wrong account', async () => {
      const { exchange, nonce } = await signIn('joe@oauth.test', ['openid', 'email']);
      expect(missingScopes(def, exchange.tokens.scope).length).toBeGreaterThan(0);
      const identity = await fetchIdentity(def, exchange, { clientId: op.clientId, nonce }, http());
      const error = checkIdentity(def, identity, 'jane@oauth.test');
      expect(error?.code).toBe(
        flavor === 'MICROSOFT' ? 'OAUTH_SHARED_MAILBOX' : 'OAUTH_WRONG_ACCOUNT',
      );
      expect(error?.hint).toContain('You signed in as joe@oauth.test');
    });

    it('turns a revoked refresh token into OAUTH_REAUTH_REQUIRED', async () => {
      const { exchange } = await signIn('jane@oauth.test');
      await op.revokeAccount('jane@oauth.test');
      await expect(refreshTokens(def, op, exchange.tokens, http())).rejects.toMatchObject({
        code: 'OAUTH_REAUTH_REQUIRED',
        retryable: false,
      });
    });
  },
);

describe('token endpoint failures', () => {
  const tokens: OAuthTokens = {
    accessToken: 'a',
    refreshToken: 'r',
    expiresAt: 0,
    scope: '',
    tokenType: 'Bearer',
  };
  const creds = { clientId: 'c', clientSecret: 's' };

  it('classifies a 5xx and an unreachable endpoint as retryable, never as an authentication failure', async () => {
    const cert = await createTestCertificate('trusted');
    const server = createServer({ key: cert.key, cert: cert.cert }, (_req, res) =>
      res
        .writeHead(503, { 'content-type': 'application/json' })
        .end('{"error":"temporarily_unavailable"}'),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const http = createOAuthHttp({ allowPrivate: () => true, ca: cert.ca });
    try {
      const down = googleOAuthProvider({
        tokenUrl: `https://localhost:${(server.address() as AddressInfo).port}/token`,
      });
      await expect(refreshTokens(down, creds, tokens, http)).rejects.toMatchObject({
        code: 'OAUTH_PROVIDER_UNAVAILABLE',
        retryable: true,
      });
      const unreachable = googleOAuthProvider({
        tokenUrl: `https://localhost:${await freePort()}/token`,
      });
      await expect(refreshTokens(unreachable, creds, tokens, http)).rejects.toMatchObject({
        code: 'OAUTH_PROVIDER_UNAVAILABLE',
        retryable: true,
      });
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('refuses loopback token endpoints unless allowed (SSRF guard)', async () => {
    const http = createOAuthHttp({ allowPrivate: () => false });
    await expect(
      refreshTokens(
        googleOAuthProvider({ tokenUrl: 'https://127.0.0.1:1/token' }),
        creds,
        tokens,
        http,
      ),
    ).rejects.toMatchObject({ code: 'OAUTH_SIGN_IN_FAILED', retryable: false });
    await expect(http({ url: 'http://example.com/token', method: 'POST' })).rejects.toThrow(
      /https/,
    );
  });

  it('maps the errors a provider redirects back with', () => {
    const g = googleOAuthProvider();
    expect(callbackError(g, 'access_denied').code).toBe('OAUTH_CONSENT_DENIED');
    expect(callbackError(g, 'policy_enforced').code).toBe('OAUTH_ADVANCED_PROTECTION');
    expect(callbackError(g, 'admin_policy_enforced').code).toBe('OAUTH_BLOCKED_BY_ADMIN');
    expect(callbackError(g, 'server_error').retryable).toBe(true);
    expect(callbackError(g, 'invalid_request').code).toBe('OAUTH_SIGN_IN_FAILED');
  });

  it('builds Microsoft endpoints for a tenant and a sovereign cloud', () => {
    const m = microsoftOAuthProvider({
      tenant: 'contoso.com',
      authority: 'https://login.microsoftonline.us/',
    });
    expect(m.tokenUrl).toBe('https://login.microsoftonline.us/contoso.com/oauth2/v2.0/token');
    expect(m.imap).toEqual({ host: 'outlook.office365.com', port: 993, security: 'SSL_TLS' });
    expect(m.smtp).toEqual({ host: 'smtp.office365.com', port: 587, security: 'STARTTLS' });
    expect(googleOAuthProvider().scopes.join(' ')).toBe('https://mail.google.com/ openid email');
  });
});
