import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { authorizationUrl, exchangeCode, type OAuthTokens } from '../oauth/oauth-client.js';
import { createOAuthHttp, type OAuthHttp } from '../oauth/oauth-http.js';
import {
  GOOGLE_SCOPES,
  MICROSOFT_SCOPES,
  oauthProvider,
  type OAuthProviderDefinition,
} from '../oauth/oauth-providers.js';
import { createPkce, randomUrlToken } from '../oauth/pkce.js';
import { loopbackLookup } from './loopback-vet.js';
import { createTestCertificate } from './test-certificates.js';

/** An account the test provider signs in. */
export interface OAuthTestAccount {
  email: string;
  /** Google: verified send-as aliases served by the sendAs API. */
  aliases?: string[];
  /** Google: the account is in the Advanced Protection Program (the app is refused with policy_enforced). */
  advancedProtection?: boolean;
}

export interface OAuthTestProviderOptions {
  /** GOOGLE: identity from userinfo, refresh tokens not rotated; MICROSOFT: identity in the id_token, rotated. */
  flavor: 'GOOGLE' | 'MICROSOFT';
  accounts: OAuthTestAccount[];
  /** Redirect URIs of the one registered client (the gateway's /oauth/callback). */
  redirectUris: string[];
  /** Access token lifetime (default 3600 s). */
  accessTokenTtlSeconds?: number;
}

/** What the test "browser" does on the consent page. */
export interface ConsentChoice {
  /** The account to sign in as. */
  as: string;
  /** Deny access (error=access_denied). */
  deny?: boolean;
  /** Grant only these of the requested scopes (the user unticks the others); default all. */
  scopes?: string[];
}

export interface OAuthTestProvider {
  flavor: 'GOOGLE' | 'MICROSOFT';
  issuer: string;
  /** PEM of the CA that signed the HTTPS certificate (localhost, 127.0.0.1). */
  ca: string;
  clientId: string;
  clientSecret: string;
  authorizationUrl: string;
  tokenUrl: string;
  userinfoUrl: string;
  /** Gmail-style send-as API (GOOGLE flavor). */
  sendAsUrl: string;
  /** Introspection over HTTPS. */
  introspectionUrl: string;
  /** The same introspection endpoint over plain HTTP on loopback, for Dovecot's oauth2 passdb. */
  introspectionHttpUrl: string;
  /**
   * Drives the sign-in and consent pages over HTTP with a cookie jar, as a browser would, starting at
   * an authorization URL. Resolves with the URL the provider redirects back to (not followed).
   */
  authorize(authorizationUrl: string, choice: ConsentChoice): Promise<string>;
  /** RFC 7662 introspection with the client's credentials. */
  introspect(token: string): Promise<{ active: boolean; sub?: string; scope?: string }>;
  /** Revokes every grant (so every access and refresh token) of an account, as "remove app access" does. */
  revokeAccount(email: string): Promise<void>;
  /** Google's or Microsoft's definition with this provider's endpoints (the IMAP/SMTP hosts stay the real ones). */
  definition: OAuthProviderDefinition;
  /** An OAuthHttp that reaches this provider (loopback allowed, its CA trusted). */
  http: OAuthHttp;
  /**
   * A finished sign-in of `email` (consent given, code exchanged with PKCE at the first redirect URI):
   * the tokens a connect flow hands to verify.
   */
  signIn(email: string): Promise<OAuthTokens>;
  /** Number of token requests per grant type so far. */
  tokenRequests: { authorization_code: number; refresh_token: number };
  stop(): Promise<void>;
}

interface ProviderLike {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  interactionDetails(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<{ uid: string; prompt: { name: string }; params: Record<string, unknown> }>;
  interactionFinished(
    req: IncomingMessage,
    res: ServerResponse,
    result: Record<string, unknown>,
    options?: { mergeWithLastSubmission?: boolean },
  ): Promise<void>;
  Grant: new (init: { accountId: string; clientId: string }) => {
    addOIDCScope(scope: string): void;
    rejectOIDCScope(scope: string): void;
    save(): Promise<string>;
  };
  AccessToken: {
    find(token: string): Promise<{ accountId: string; scopes: Set<string> } | undefined>;
    revokeByGrantId(grantId: string): Promise<void>;
  };
  on(event: string, listener: (...args: unknown[]) => void): void;
}

/**
 * A local OpenID provider (oidc-provider) on 127.0.0.1 that plays Google or Microsoft: authorization code
 * with PKCE, refresh tokens, userinfo, introspection and revocation, a consent page driven over HTTP,
 * and (Google) the Gmail sendAs API. One confidential client (client_secret_post).
 */
export async function startOAuthTestProvider(
  options: OAuthTestProviderOptions,
): Promise<OAuthTestProvider> {
  // Loaded lazily: it is a dev dependency and prints a (harmless) engine warning on Node 20.
  const moduleName = 'oidc-provider';
  const { default: Provider } = (await import(moduleName)) as {
    default: new (issuer: string, config: Record<string, unknown>) => ProviderLike;
  };
  const certificate = await createTestCertificate('trusted');
  const https = createHttpsServer({ key: certificate.key, cert: certificate.cert });
  const http = createHttpServer();
  const listen = (server: Server) =>
    new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
    );
  const [httpsPort, httpPort] = await Promise.all([listen(https), listen(http)]);
  const issuer = `https://localhost:${httpsPort}`;
  const clientId = `inlet-test-${options.flavor.toLowerCase()}`;
  const clientSecret = randomBytes(24).toString('base64url');
  const accounts = new Map(options.accounts.map((a) => [a.email.toLowerCase(), a]));
  const grantsByAccount = new Map<string, string[]>();
  const tokenRequests = { authorization_code: 0, refresh_token: 0 };
  const scopes = options.flavor === 'GOOGLE' ? [...GOOGLE_SCOPES] : [...MICROSOFT_SCOPES];

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    scopes: [...new Set(['openid', 'offline_access', 'email', ...scopes])],
    claims: { openid: ['sub'], email: ['email', 'email_verified', 'preferred_username'] },
    // Microsoft puts the address in the id_token; Google's comes from userinfo.
    conformIdTokenClaims: options.flavor === 'GOOGLE',
    findAccount: async (_ctx: unknown, sub: string) =>
      accounts.has(sub)
        ? {
            accountId: sub,
            claims: async () => ({
              sub,
              email: sub,
              email_verified: true,
              ...(options.flavor === 'MICROSOFT' ? { preferred_username: sub } : {}),
            }),
          }
        : undefined,
    features: {
      devInteractions: { enabled: false },
      introspection: { enabled: true },
      revocation: { enabled: true },
      userinfo: { enabled: true },
    },
    pkce: { required: () => true },
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(type: string): boolean }) =>
      client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: () => options.flavor === 'MICROSOFT',
    ttl: {
      AccessToken: options.accessTokenTtlSeconds ?? 3600,
      AuthorizationCode: 120,
      Interaction: 600,
      Session: 3600,
      Grant: 86400,
      RefreshToken: 86400,
    },
    interactions: {
      url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
    },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    extraParams: ['access_type', 'include_granted_scopes'],
    renderError: async (ctx: { type: string; body: unknown }, out: Record<string, unknown>) => {
      ctx.type = 'application/json';
      ctx.body = out;
    },
  });
  provider.on('grant.success', (ctx) => {
    const grantType = (ctx as { oidc?: { params?: { grant_type?: string } } }).oidc?.params
      ?.grant_type;
    if (grantType === 'authorization_code' || grantType === 'refresh_token')
      tokenRequests[grantType] += 1;
  });
  provider.on('grant.error', (ctx) => {
    const grantType = (ctx as { oidc?: { params?: { grant_type?: string } } }).oidc?.params
      ?.grant_type;
    if (grantType === 'authorization_code' || grantType === 'refresh_token')
      tokenRequests[grantType] += 1;
  });
  const oidc = provider.callback();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', issuer);
    if (url.pathname.startsWith('/interaction/') && req.method === 'POST')
      return finishInteraction(req, res);
    if (url.pathname === '/gmail/v1/users/me/settings/sendAs' && options.flavor === 'GOOGLE')
      return sendAs(req, res);
    return oidc(req, res);
  };

  async function finishInteraction(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = new URLSearchParams(await readBody(req));
    const details = await provider.interactionDetails(req, res);
    const email = (form.get('email') ?? '').toLowerCase();
    const account = accounts.get(email);
    let result: Record<string, unknown>;
    if (form.get('decision') === 'deny') {
      result = { error: 'access_denied', error_description: 'The user denied the request' };
    } else if (!account) {
      res
        .writeHead(400, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: 'unknown account' }));
      return;
    } else if (account.advancedProtection) {
      result = {
        error: 'policy_enforced',
        error_description: 'Access blocked: this app is not approved by Advanced Protection',
      };
    } else {
      const requested = String(details.params.scope ?? '')
        .split(' ')
        .filter(Boolean);
      const chosen = form.get('scopes');
      const granted =
        chosen === null
          ? requested
          : requested.filter((s) => s === 'openid' || chosen.split(' ').includes(s));
      const grant = new provider.Grant({ accountId: email, clientId });
      grant.addOIDCScope(granted.join(' '));
      const rejected = requested.filter((s) => !granted.includes(s));
      if (rejected.length > 0) grant.rejectOIDCScope(rejected.join(' '));
      const grantId = await grant.save();
      grantsByAccount.set(email, [...(grantsByAccount.get(email) ?? []), grantId]);
      result = { login: { accountId: email }, consent: { grantId } };
    }
    await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
  }

  async function sendAs(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ? await provider.AccessToken.find(bearer) : undefined;
    if (!token || !token.scopes.has('https://mail.google.com/')) {
      res
        .writeHead(401, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { code: 401, status: 'UNAUTHENTICATED' } }));
      return;
    }
    const account = accounts.get(token.accountId)!;
    const sendAs = [
      { sendAsEmail: account.email, displayName: '', isPrimary: true, isDefault: true },
      ...(account.aliases ?? []).map((alias) => ({
        sendAsEmail: alias,
        displayName: 'Alias',
        isPrimary: false,
        verificationStatus: 'accepted',
      })),
      {
        sendAsEmail: `pending-${account.email}`,
        displayName: '',
        isPrimary: false,
        verificationStatus: 'pending',
      },
    ];
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ sendAs }));
  }

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: 'server_error',
          error_description: String((err as Error)?.message ?? err),
        }),
      );
    });
  };
  https.on('request', onRequest);
  // Plain HTTP for Dovecot's introspection only.
  http.on('request', (req, res) => {
    if (req.url !== '/token/introspection' || req.method !== 'POST')
      return void res.writeHead(404).end();
    void (async () => {
      const body = await readBody(req);
      const answer = await call('POST', `${issuer}/token/introspection`, body, {});
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    })();
  });

  /** One HTTPS request to the provider, trusting its CA. */
  function call(
    method: 'GET' | 'POST',
    url: string,
    body: string | undefined,
    headers: Record<string, string>,
  ): Promise<{ status: number; headers: IncomingMessage['headers']; body: string }> {
    return new Promise((resolve, reject) => {
      const req = httpsRequest(
        url,
        {
          method,
          ca: certificate.ca,
          headers: {
            ...(body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  const endpoints = { authorizationUrl: `${issuer}/auth`, tokenUrl: `${issuer}/token` };
  const definition =
    options.flavor === 'GOOGLE'
      ? oauthProvider('GOOGLE', {
          ...endpoints,
          userinfoUrl: `${issuer}/me`,
          sendAsUrl: `${issuer}/gmail/v1/users/me/settings/sendAs`,
        })
      : oauthProvider('MICROSOFT', endpoints);
  const oauthHttp = createOAuthHttp({
    allowPrivate: (host, address) => host === 'localhost' && address === '127.0.0.1',
    lookup: loopbackLookup(['localhost']),
    ca: certificate.ca,
  });

  const self: OAuthTestProvider = {
    flavor: options.flavor,
    issuer,
    ca: certificate.ca,
    clientId,
    clientSecret,
    authorizationUrl: `${issuer}/auth`,
    tokenUrl: `${issuer}/token`,
    userinfoUrl: `${issuer}/me`,
    sendAsUrl: `${issuer}/gmail/v1/users/me/settings/sendAs`,
    introspectionUrl: `${issuer}/token/introspection`,
    introspectionHttpUrl: `http://127.0.0.1:${httpPort}/token/introspection`,
    tokenRequests,
    definition,
    http: oauthHttp,

    async signIn(email) {
      const redirectUri = options.redirectUris[0];
      if (!redirectUri) throw new Error('signIn needs a registered redirect URI');
      const pkce = createPkce();
      const url = authorizationUrl(definition, {
        clientId,
        redirectUri,
        state: randomUrlToken(),
        nonce: randomUrlToken(),
        codeChallenge: pkce.challenge,
        loginHint: email,
      });
      const code = new URL(await self.authorize(url, { as: email })).searchParams.get('code');
      if (!code) throw new Error(`The test OpenID provider did not sign in ${email}`);
      return (
        await exchangeCode(
          definition,
          { clientId, clientSecret },
          { code, codeVerifier: pkce.verifier, redirectUri },
          oauthHttp,
        )
      ).tokens;
    },

    async authorize(authorizationUrl, choice) {
      const jar = new Map<string, string>();
      const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
      const remember = (headers: IncomingMessage['headers']) => {
        for (const line of headers['set-cookie'] ?? []) {
          const [pair = ''] = line.split(';');
          const eq = pair.indexOf('=');
          const name = pair.slice(0, eq).trim();
          const value = pair.slice(eq + 1).trim();
          if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') jar.delete(name);
          else jar.set(name, value);
        }
      };
      let url = authorizationUrl;
      for (let hop = 0; hop < 10; hop++) {
        if (!url.startsWith(issuer)) return url; // back at the client's redirect URI
        const isInteraction = new URL(url).pathname.startsWith('/interaction/');
        const response = isInteraction
          ? await call(
              'POST',
              url,
              new URLSearchParams({
                email: choice.as,
                decision: choice.deny ? 'deny' : 'allow',
                ...(choice.scopes ? { scopes: choice.scopes.join(' ') } : {}),
              }).toString(),
              { cookie: cookieHeader() },
            )
          : await call('GET', url, undefined, { cookie: cookieHeader() });
        remember(response.headers);
        const location = response.headers.location;
        if (!location || response.status < 300 || response.status > 399) {
          throw new Error(
            `The test OpenID provider answered ${response.status} at ${url}: ${response.body.slice(0, 500)}`,
          );
        }
        url = new URL(location, url).toString();
      }
      throw new Error('Too many redirects at the test OpenID provider');
    },

    async introspect(token) {
      const answer = await call(
        'POST',
        `${issuer}/token/introspection`,
        new URLSearchParams({ token, client_id: clientId, client_secret: clientSecret }).toString(),
        {},
      );
      return JSON.parse(answer.body) as { active: boolean; sub?: string; scope?: string };
    },

    async revokeAccount(email) {
      for (const grantId of grantsByAccount.get(email.toLowerCase()) ?? [])
        await provider.AccessToken.revokeByGrantId(grantId);
    },

    async stop() {
      https.closeAllConnections();
      http.closeAllConnections();
      await Promise.all([new Promise((r) => https.close(r)), new Promise((r) => http.close(r))]);
    },
  };
  return self;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
