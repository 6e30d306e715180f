import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  freePort,
  startDovecot,
  startOAuthTestProvider,
  startSmtpServer,
  type DovecotServer,
  type OAuthTestProvider,
  type SmtpTestServer,
} from '@inlet/providers/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oauthAccessToken, readTokens } from '../src/mail/oauth-tokens.js';
import { OutboxWorker } from '../src/engine/outbox-worker.js';
import type { SyncSupervisor } from '../src/engine/supervisor.js';
import { storeSecret } from '../src/vault/secret-store.js';
import { graphql } from './gql/index.js';
import { engines } from './testkit/databases.js';
import { ConnectionHealth, SendEmail } from './testkit/documents.js';
import { startTestGateway, type TestGateway } from './testkit/gateway.js';
import { caFile } from './testkit/mail-servers.js';
import { quickImapSupervisor } from './testkit/supervisor.js';
import { until } from './testkit/wait.js';

const Available = graphql(`
  query OAuthTestProvidersAvailable {
    providers {
      kind
      available
    }
  }
`);

const SetApp = graphql(`
  mutation OAuthTestSetApp(
    $provider: OAuthProvider!
    $clientId: String!
    $clientSecret: String!
    $endpoints: OAuthEndpointsInput
  ) {
    setOAuthApp(
      provider: $provider
      clientId: $clientId
      clientSecret: $clientSecret
      endpoints: $endpoints
    ) {
      __typename
      ... on OAuthApp {
        configured
        source
        clientId
        clientSecretConfigured
        redirectUrl
      }
    }
  }
`);

const Apps = graphql(`
  query OAuthTestApps {
    oauthApps {
      provider
      configured
      source
      clientSecretConfigured
      scopes
      endpoints {
        codeExchangeUrl
        imapHost
      }
    }
  }
`);

const Start = graphql(`
  mutation OAuthTestStart($provider: OAuthProvider!, $email: String!) {
    startOAuthConnect(provider: $provider, email: $email) {
      __typename
      ... on OAuthConnectStarted {
        authorizationUrl
        attemptId
      }
      ... on Error {
        code
        message
      }
    }
  }
`);

const Reconnect = graphql(`
  mutation OAuthTestReconnect($connectionId: ID!) {
    reconnectOAuth(connectionId: $connectionId) {
      __typename
      ... on OAuthConnectStarted {
        authorizationUrl
      }
    }
  }
`);

const Attempt = graphql(`
  query OAuthTestAttempt($id: ID!) {
    oauthAttempt(id: $id) {
      status
      error {
        code
        message
        hint
      }
      connection {
        id
      }
    }
  }
`);

const FromAddresses = graphql(`
  query OAuthTestFromAddresses($id: ID!) {
    fromAddresses(connectionId: $id)
  }
`);

let google: OAuthTestProvider;
let microsoft: OAuthTestProvider;
let gmailImap: DovecotServer;
let m365Imap: DovecotServer;
let smtp: SmtpTestServer;
let port: number;
let caPath: string;

beforeAll(async () => {
  port = await freePort();
  const redirectUris = [`http://127.0.0.1:${port}/oauth/callback`];
  [google, microsoft] = await Promise.all([
    startOAuthTestProvider({
      flavor: 'GOOGLE',
      redirectUris,
      accounts: [
        { email: 'jane@gmail.test', aliases: ['sales@gmail.test'] },
        { email: 'max@gmail.test' },
        { email: 'joe@gmail.test' },
        { email: 'apu@gmail.test', advancedProtection: true },
      ],
    }),
    startOAuthTestProvider({
      flavor: 'MICROSOFT',
      redirectUris,
      accounts: [{ email: 'ann@m365.test' }],
    }),
  ]);
  // Dovecot checks each XOAUTH2 token at the provider's introspection endpoint (username = the token's sub).
  const dovecotFor = (op: OAuthTestProvider) =>
    startDovecot({
      oauth2: {
        introspectionUrl: op.introspectionHttpUrl,
        clientId: op.clientId,
        clientSecret: op.clientSecret,
        usernameAttribute: 'sub',
      },
    });
  [gmailImap, m365Imap, smtp] = await Promise.all([
    dovecotFor(google),
    dovecotFor(microsoft),
    startSmtpServer({
      oauth2: { verify: async (user, token) => (await google.introspect(token)).sub === user },
    }),
  ]);
  caPath = caFile(google.ca, microsoft.ca, gmailImap.ca, m365Imap.ca, smtp.ca);
}, 120_000);

afterAll(async () => {
  await Promise.all([
    google?.stop(),
    microsoft?.stop(),
    gmailImap?.stop(),
    m365Imap?.stop(),
    smtp?.stop(),
  ]);
});

describe.each(engines)('connect Gmail and Microsoft 365 with OAuth on %s', (engine) => {
  let gw: TestGateway;
  let supervisor: SyncSupervisor;
  let outbox: OutboxWorker;
  let admin: string;
  let user: string;
  let janeId: string;
  let annId: string;
  /** What a plain user read from providers { kind available } before any app, then with Google's alone. */
  let availableWithoutApps: Record<string, boolean>;
  let availableWithGoogle: Record<string, boolean>;
  const availability = async () =>
    Object.fromEntries(
      (await gw.execute(Available, {}, { cookie: user })).data!.providers.map((p) => [
        p.kind,
        p.available,
      ]),
    );

  const health = async (id: string) =>
    (await gw.execute(ConnectionHealth, { id }, { cookie: user })).data!.connection!;
  /** The connection's health once its status is `status` (fails after the wait's bound). */
  const healthBecomes = (id: string, status: string) =>
    until(
      () => health(id),
      (h) => h.status === status,
    );
  const connectionRow = (id: string) =>
    gw.services.db
      .selectFrom('connections')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const connectionIdsOf = async (email: string) =>
    (
      await gw.services.db
        .selectFrom('connections')
        .select('id')
        .where('email', '=', email)
        .execute()
    ).map((c) => c.id);
  /** Rewrites the stored access token's expiry, as if time had passed. */
  const setTokenExpiry = async (id: string, expiresAt: number) => {
    const tokens = await readTokens(gw.services, id);
    const json = JSON.stringify({ ...tokens, expiresAt });
    await storeSecret(gw.services.db, gw.services.vault, id, 'oauth_tokens', json);
  };
  /** The browser coming back from the provider: follows nothing, returns where the gateway sends it. */
  const callback = async (url: string, cookie = user) => {
    const res = await fetch(url, { redirect: 'manual', headers: { cookie } });
    expect(res.status).toBe(303);
    return new URL(res.headers.get('location')!, 'http://console.test');
  };
  const connect = async (
    provider: 'GOOGLE' | 'MICROSOFT',
    email: string,
    choice: Parameters<OAuthTestProvider['authorize']>[1],
  ) => {
    const started = (await gw.execute(Start, { provider, email }, { cookie: user })).data!
      .startOAuthConnect;
    if (started.__typename !== 'OAuthConnectStarted') throw new Error(JSON.stringify(started));
    const back = await (provider === 'GOOGLE' ? google : microsoft).authorize(
      started.authorizationUrl,
      choice,
    );
    return { started, back, landed: await callback(back) };
  };
  /** Saves the provider's OAuth app, pointed at the test provider (or another token endpoint) and its test servers. */
  const setApp = (op: OAuthTestProvider, imap: DovecotServer, codeExchangeUrl = op.tokenUrl) =>
    gw.execute(
      SetApp,
      {
        provider: op.flavor,
        clientId: op.clientId,
        clientSecret: op.clientSecret,
        endpoints: {
          authorizationUrl: op.authorizationUrl,
          codeExchangeUrl,
          ...(op.flavor === 'GOOGLE'
            ? { userinfoUrl: op.userinfoUrl, sendAsUrl: op.sendAsUrl }
            : {}),
          imapHost: 'localhost',
          imapPort: imap.imapsPort,
          smtpHost: 'localhost',
          smtpPort: smtp.submissionPort,
        },
      },
      { cookie: admin },
    );
  const attemptError = async (id: string) =>
    (await gw.execute(Attempt, { id }, { cookie: user })).data!.oauthAttempt!.error;

  beforeAll(async () => {
    // Loopback on any port: the OAuth and mail test servers' ports are random.
    gw = await startTestGateway(engine, {
      env: {
        PORT: String(port),
        INLET_EXTRA_CA_FILE: caPath,
        INLET_ALLOW_PRIVATE_HOSTS: 'localhost:*,127.0.0.1:*',
        INLET_ISPDB_URL: 'off',
      },
    });
    admin = await gw.signIn();
    user = (await gw.userSession('USER')).cookie;
    availableWithoutApps = await availability();
    const saved = await setApp(google, gmailImap);
    availableWithGoogle = await availability();
    expect(saved.data?.setOAuthApp).toMatchObject({
      __typename: 'OAuthApp',
      configured: true,
      source: 'SETTINGS',
      clientSecretConfigured: true,
      redirectUrl: `http://127.0.0.1:${port}/oauth/callback`,
    });
    await setApp(microsoft, m365Imap);
    supervisor = quickImapSupervisor(gw.services, ['GMAIL', 'MICROSOFT_365']);
    await supervisor.start();
    outbox = new OutboxWorker(gw.services, {
      ownerId: supervisor.worker.id,
      pollMs: 100,
      retryBaseMs: 200,
    });
    await outbox.start();
  });

  afterAll(async () => {
    await outbox?.stop();
    await supervisor?.stop();
    await gw?.close();
  });

  it('tells any user which kinds can be connected: Google and Microsoft only once their app is configured', async () => {
    expect(availableWithoutApps).toEqual({
      IMAP: true,
      EXCHANGE: true,
      GMAIL: false,
      MICROSOFT_365: false,
    });
    expect(availableWithGoogle).toMatchObject({ GMAIL: true, MICROSOFT_365: false });
    expect(await availability()).toMatchObject({ GMAIL: true, MICROSOFT_365: true });
  });

  it('keeps the OAuth app secret write-only and the apps for super admins only', async () => {
    const apps = await gw.execute(Apps, {}, { cookie: admin });
    expect(apps.data!.oauthApps.map((a) => [a.provider, a.configured, a.source])).toEqual([
      ['GOOGLE', true, 'SETTINGS'],
      ['MICROSOFT', true, 'SETTINGS'],
    ]);
    expect(JSON.stringify(apps)).not.toContain(google.clientSecret);
    expect(apps.data!.oauthApps[1]!.scopes).toContain(
      'https://outlook.office.com/IMAP.AccessAsUser.All',
    );
    const row = await gw.services.db
      .selectFrom('oauth_apps')
      .select('client_secret')
      .where('provider', '=', 'GOOGLE')
      .executeTakeFirstOrThrow();
    expect(row.client_secret).toMatch(/^v1:test1:/);
    expect((await gw.execute(Apps, {}, { cookie: user })).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
  });

  it('connects Gmail: PKCE sign-in, callback, tokens encrypted, sync logs in with XOAUTH2, aliases, send over XOAUTH2', async () => {
    const { started, back, landed } = await connect('GOOGLE', 'Jane@gmail.test', {
      as: 'jane@gmail.test',
    });
    const auth = new URL(started.authorizationUrl);
    expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
    expect(auth.searchParams.get('login_hint')).toBe('jane@gmail.test');
    expect(auth.searchParams.get('scope')).toBe('https://mail.google.com/ openid email');
    // The state is random and stored only hashed.
    const state = new URL(back).searchParams.get('state')!;
    const stored = await gw.services.db
      .selectFrom('oauth_attempts')
      .selectAll()
      .where('id', '=', started.attemptId)
      .executeTakeFirstOrThrow();
    expect(stored.state_hash).not.toContain(state);
    expect(stored.code_verifier).toMatch(/^v1:/);

    expect(landed.pathname).toBe('/my-email');
    janeId = landed.searchParams.get('connected')!;
    const row = await connectionRow(janeId);
    expect(row).toMatchObject({ provider: 'GMAIL', email: 'jane@gmail.test' });
    expect(JSON.parse(row.settings_json)).toMatchObject({
      imap: { host: 'localhost', port: gmailImap.imapsPort },
      inboxPath: 'INBOX',
      sentFolder: 'Sent',
    });
    const secret = await gw.services.db
      .selectFrom('connection_secrets')
      .selectAll()
      .where('connection_id', '=', janeId)
      .executeTakeFirstOrThrow();
    const tokens = await readTokens(gw.services, janeId);
    expect(secret.name).toBe('oauth_tokens');
    expect(secret.value).not.toContain(tokens.accessToken);
    expect(tokens.refreshToken).toBeTruthy();

    await healthBecomes(janeId, 'CONNECTED');
    expect(readFileSync(gmailImap.logPath, 'utf8')).toMatch(
      /Login: user=<jane@gmail\.test>, method=XOAUTH2/,
    );

    const from = (await gw.execute(FromAddresses, { id: janeId }, { cookie: user })).data!
      .fromAddresses;
    expect(from).toEqual(['jane@gmail.test', 'sales@gmail.test']); // the pending alias is not offered

    const sent = await gw.execute(
      SendEmail,
      {
        input: {
          idempotencyKey: randomUUID(),
          connectionId: janeId,
          from: 'sales@gmail.test',
          to: [{ address: 'customer@example.com' }],
          subject: 'Hello over XOAUTH2',
          text: 'Hi',
        },
      },
      { cookie: user },
    );
    expect(sent.data!.sendEmail.__typename).toBe('OutboxEmail');
    const message = await until(
      async () => smtp.messages.find((m) => m.parsed.subject === 'Hello over XOAUTH2'),
      (m) => m !== undefined,
    );
    expect(message).toMatchObject({
      user: 'jane@gmail.test',
      secure: true,
      envelope: { from: 'sales@gmail.test' },
    });
  });

  it('refuses to use the same state twice', async () => {
    const { back, landed } = await connect('GOOGLE', 'joe@gmail.test', { as: 'joe@gmail.test' });
    expect(landed.searchParams.get('connected')).toBeTruthy();
    const again = await callback(back);
    expect(again.pathname).toBe('/my-email/connect');
    expect(again.searchParams.get('oauthError')).toBe('OAUTH_STATE_INVALID');
    await gw.services.sync.remove(landed.searchParams.get('connected')!);
  });

  it('refuses a callback without the session of the user who started it', async () => {
    const started = (
      await gw.execute(Start, { provider: 'GOOGLE', email: 'max@gmail.test' }, { cookie: user })
    ).data!.startOAuthConnect;
    if (started.__typename !== 'OAuthConnectStarted') throw new Error('not started');
    const back = await google.authorize(started.authorizationUrl, { as: 'max@gmail.test' });
    expect((await callback(back, admin)).searchParams.get('oauthError')).toBe(
      'OAUTH_STATE_INVALID',
    );
    expect((await callback(back, '')).searchParams.get('oauthError')).toBe('OAUTH_STATE_INVALID');
  });

  it('says who you signed in as when it is the wrong account', async () => {
    const { started, landed } = await connect('GOOGLE', 'max@gmail.test', { as: 'joe@gmail.test' });
    expect(landed.searchParams.get('oauthError')).toBe('OAUTH_WRONG_ACCOUNT');
    const error = await attemptError(started.attemptId);
    expect(error!.hint).toContain('You signed in as joe@gmail.test');
    expect(error!.hint).toContain('sign in as max@gmail.test');
    expect(await connectionIdsOf('max@gmail.test')).toEqual([]);
  });

  it('reports consent denied, a missing scope and Advanced Protection, each with its own code', async () => {
    const denied = await connect('GOOGLE', 'max@gmail.test', { as: 'max@gmail.test', deny: true });
    expect(denied.landed.searchParams.get('oauthError')).toBe('OAUTH_CONSENT_DENIED');
    const unticked = await connect('GOOGLE', 'max@gmail.test', {
      as: 'max@gmail.test',
      scopes: ['openid', 'email'],
    });
    expect(unticked.landed.searchParams.get('oauthError')).toBe('OAUTH_SCOPES_MISSING');
    expect((await attemptError(unticked.started.attemptId))!.message).toBe(
      'You did not give Inlet every permission it needs.',
    );
    const protectedAccount = await connect('GOOGLE', 'apu@gmail.test', { as: 'apu@gmail.test' });
    expect(protectedAccount.landed.searchParams.get('oauthError')).toBe(
      'OAUTH_ADVANCED_PROTECTION',
    );
  });

  it('connects Microsoft 365 (identity from the ID token) and refuses a shared mailbox with its own message', async () => {
    const shared = await connect('MICROSOFT', 'sales@m365.test', { as: 'ann@m365.test' });
    expect(shared.landed.searchParams.get('oauthError')).toBe('OAUTH_SHARED_MAILBOX');
    expect((await attemptError(shared.started.attemptId))!.hint).toContain(
      'You signed in as ann@m365.test',
    );

    const { landed } = await connect('MICROSOFT', 'ann@m365.test', { as: 'ann@m365.test' });
    annId = landed.searchParams.get('connected')!;
    expect((await health(annId)).provider).toBe('MICROSOFT_365');
    await healthBecomes(annId, 'CONNECTED');
    expect(readFileSync(m365Imap.logPath, 'utf8')).toMatch(
      /Login: user=<ann@m365\.test>, method=XOAUTH2/,
    );
  });

  it('refreshes an access token before it expires (Microsoft rotates the refresh token)', async () => {
    const connection = await connectionRow(annId);
    const before = await readTokens(gw.services, annId);
    expect((await oauthAccessToken(gw.services, connection)).refreshed).toBe(false);
    await setTokenExpiry(annId, Date.now() + 60_000);
    const refreshes = microsoft.tokenRequests.refresh_token;
    const fresh = await oauthAccessToken(gw.services, connection);
    expect(fresh.refreshed).toBe(true);
    expect(microsoft.tokenRequests.refresh_token).toBe(refreshes + 1);
    const after = await readTokens(gw.services, annId);
    expect(after.accessToken).toBe(fresh.accessToken);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.expiresAt).toBeGreaterThan(Date.now() + 30 * 60_000);
    expect((await microsoft.introspect(after.accessToken)).active).toBe(true);
    // A new session logs in with the refreshed token.
    void supervisor.ensure(annId);
    await healthBecomes(annId, 'CONNECTED');
  });

  it('stays RETRYING (not NEEDS_REAUTH) when the token endpoint cannot be reached', async () => {
    const dead = await freePort();
    await setApp(microsoft, m365Imap, `https://localhost:${dead}/token`);
    await setTokenExpiry(annId, Date.now() - 1000);
    void supervisor.ensure(annId);
    const h = await healthBecomes(annId, 'RETRYING');
    expect(h).toMatchObject({
      status: 'RETRYING',
      lastError: { code: 'OAUTH_PROVIDER_UNAVAILABLE' },
    });
    await new Promise((r) => setTimeout(r, 600)); // a retry or two later: still retrying, never NEEDS_REAUTH
    expect((await health(annId)).status).toBe('RETRYING');
    // The provider is back: the next retry refreshes and reconnects.
    await setApp(microsoft, m365Imap);
    await healthBecomes(annId, 'CONNECTED');
  });

  it('revoked access: refreshes once, then NEEDS_REAUTH; Reconnect keeps the connection, its history and sync state', async () => {
    const folderStates = async () =>
      (
        await gw.services.db
          .selectFrom('folder_state')
          .select('path')
          .where('connection_id', '=', janeId)
          .execute()
      ).length;
    const statesBefore = await folderStates();
    expect(statesBefore).toBeGreaterThan(0);
    const refreshes = google.tokenRequests.refresh_token;
    await google.revokeAccount('jane@gmail.test');
    void supervisor.ensure(janeId); // a new session: the server refuses the revoked token, the refresh is refused too
    const h = await healthBecomes(janeId, 'NEEDS_REAUTH');
    expect(h).toMatchObject({
      status: 'NEEDS_REAUTH',
      lastError: { code: 'OAUTH_REAUTH_REQUIRED' },
    });
    expect(google.tokenRequests.refresh_token).toBe(refreshes + 1);

    const started = (await gw.execute(Reconnect, { connectionId: janeId }, { cookie: user })).data!
      .reconnectOAuth;
    if (started.__typename !== 'OAuthConnectStarted') throw new Error(JSON.stringify(started));
    const landed = await callback(
      await google.authorize(started.authorizationUrl, { as: 'jane@gmail.test' }),
    );
    expect(landed.searchParams.get('connected')).toBe(janeId);
    await healthBecomes(janeId, 'CONNECTED');
    expect(await connectionIdsOf('jane@gmail.test')).toEqual([janeId]);
    expect(await folderStates()).toBe(statesBefore);
    const history = await gw.services.db
      .selectFrom('connection_events')
      .select(['status', 'code'])
      .where('connection_id', '=', janeId)
      .orderBy('at')
      .execute();
    expect(history.map((e) => e.status)).toEqual(
      expect.arrayContaining(['CONNECTING', 'CONNECTED', 'NEEDS_REAUTH']),
    );
    expect(history.find((e) => e.status === 'NEEDS_REAUTH')?.code).toBe('OAUTH_REAUTH_REQUIRED');
  });
});
