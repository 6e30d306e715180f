import { randomUUID } from 'node:crypto';
import {
  startDovecot,
  startSmtpServer,
  type DovecotServer,
  type SmtpTestServer,
} from '@inlet/providers/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import type { ConnectImapInput, ConnectionCheckTestSubscription } from './gql/graphql.js';
import { engines } from './testkit/databases.js';
import { ConnectImap, CreateDomainSettings, Disconnect } from './testkit/documents.js';
import { startTestGateway, type TestGateway } from './testkit/gateway.js';
import { caFile, imapServers } from './testkit/mail-servers.js';
import { subscribeTo } from './testkit/subscriptions.js';
import { until } from './testkit/wait.js';
import { readSecret } from '../src/vault/secret-store.js';

const Detect = graphql(`
  query DetectProviderTest($email: String!) {
    detectProvider(email: $email) {
      provider
      source
      imap {
        host
        port
        security
      }
      smtp {
        host
        port
        security
      }
    }
  }
`);

const AlreadyMine = graphql(`
  query DetectMyConnectionTest($email: String!) {
    detectProvider(email: $email) {
      myConnection {
        id
        email
      }
    }
  }
`);

const Mine = graphql(`
  query MyConnectionsTest {
    myConnections {
      id
      email
      status
    }
  }
`);

const Reconnect = graphql(`
  mutation ReconnectImapTest($id: ID!, $input: ConnectImapInput!) {
    reconnectImap(id: $id, input: $input) {
      __typename
      ... on Connection {
        id
        status
      }
      ... on ConnectionFailed {
        code
        field
      }
      ... on ValidationFailed {
        fields {
          field
        }
      }
    }
  }
`);

const Check = graphql(`
  subscription ConnectionCheckTest($checkId: ID!) {
    connectionCheck(checkId: $checkId) {
      step
      status
    }
  }
`);

const stepOf = ({ connectionCheck: e }: ConnectionCheckTestSubscription) => `${e.step}:${e.status}`;

describe.each(engines)('connecting an IMAP inbox on %s', (engine) => {
  let dovecot: DovecotServer;
  let selfSigned: DovecotServer;
  let smtp: SmtpTestServer;
  let gw: TestGateway;
  let admin: string;
  const jane = { email: 'jane@acme.test', password: 'jane-imap-pass' };

  const input = (overrides: Partial<ConnectImapInput> = {}): ConnectImapInput => ({
    email: jane.email,
    password: jane.password,
    ...imapServers(dovecot, smtp),
    ...overrides,
  });

  beforeAll(async () => {
    [dovecot, selfSigned, smtp] = await Promise.all([
      startDovecot({
        users: [
          { user: jane.email, password: jane.password },
          { user: 'sam@other.test', password: 'sam-imap-pass' },
        ],
      }),
      startDovecot({
        certificate: 'self-signed',
        users: [{ user: 'sam@other.test', password: 'sam-imap-pass' }],
      }),
      startSmtpServer({
        users: [
          { user: jane.email, password: jane.password },
          { user: 'sam@other.test', password: 'sam-imap-pass' },
        ],
      }),
    ]);
    gw = await startTestGateway(engine, {
      env: {
        INLET_EXTRA_CA_FILE: caFile(dovecot.ca, smtp.ca),
        INLET_ISPDB_URL: 'off',
        INLET_BCC_LOGGING_ADDRESS: 'log+{userId}@crm.test',
      },
    });
    admin = await gw.signIn();
    // Admin-preconfigured servers are the one way a private (here: loopback) host is allowed without the operator list.
    await gw.execute(
      CreateDomainSettings,
      { input: { domain: 'acme.test', imap: imapServers(dovecot, smtp) } },
      { cookie: admin },
    );
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
    await Promise.all([dovecot?.stop(), selfSigned?.stop(), smtp?.stop()]);
  });

  it('prefills from domain settings for any signed-in user', async () => {
    const { cookie } = await gw.userSession('USER');
    const res = await gw.execute(Detect, { email: 'Someone@ACME.test' }, { cookie });
    expect(res.data?.detectProvider).toEqual({
      provider: 'IMAP',
      source: 'DOMAIN_SETTINGS',
      imap: { host: 'localhost', port: dovecot.imapsPort, security: 'SSL_TLS' },
      smtp: { host: 'localhost', port: smtp.submissionPort, security: 'STARTTLS' },
    });
  });

  it('verifies step by step, sends the test email, saves with the password encrypted, and reports steps live', async () => {
    const checkId = randomUUID();
    const client = gw.wsClient({ cookie: admin });
    const subscribed = new Promise<void>((resolve) => {
      client.on('connected', () => resolve());
    });
    const live = subscribeTo(client, Check, { checkId });
    await subscribed;
    await new Promise((r) => setTimeout(r, 100)); // let the server register the subscription

    const res = await gw.execute(ConnectImap, { input: input({ checkId }) }, { cookie: admin });
    expect(res.data?.connectImap).toMatchObject({
      __typename: 'Connection',
      email: jane.email,
      provider: 'IMAP',
      status: 'CONNECTING',
      imapSettings: {
        username: jane.email,
        sentFolder: 'Sent',
        trustAnyCertificate: false,
        smtpSameCredentials: true,
      },
    });
    await new Promise((r) => setTimeout(r, 100));
    live.stop();
    const steps = live.events.map(stepOf);
    for (const step of [
      'VET',
      'TCP',
      'TLS',
      'GREETING',
      'LOGIN',
      'FOLDERS',
      'SMTP',
      'TEST_EMAIL',
      'SAVE',
    ]) {
      expect(steps).toContain(`${step}:PASSED`);
    }
    expect(steps.indexOf('LOGIN:PASSED')).toBeLessThan(steps.indexOf('SMTP:PASSED'));

    // A subscription that starts late (slow WebSocket) still gets every step, once, in order.
    const late = subscribeTo(gw.wsClient({ cookie: admin }), Check, { checkId });
    const replayed = await until(
      async () => late.events.map(stepOf),
      (seen) => seen.includes('SAVE:PASSED'),
      2000,
    );
    late.stop();
    expect(replayed).toEqual(steps);
    // Another user cannot read this check's steps.
    const other = await gw.userSession('USER');
    const spy = subscribeTo(gw.wsClient({ cookie: other.cookie }), Check, { checkId });
    await new Promise((r) => setTimeout(r, 300));
    spy.stop();
    expect(spy.events).toEqual([]);

    const sent = smtp.messages.find((m) => m.envelope.to.some((to) => to.startsWith('log+')));
    expect(sent?.envelope.from).toBe(jane.email);
    expect(sent?.secure).toBe(true);

    const secrets = await gw.services.db.selectFrom('connection_secrets').selectAll().execute();
    expect(secrets.map((s) => s.name)).toEqual(['password']);
    expect(secrets[0]!.value).toMatch(/^v1:/);
    expect(
      JSON.stringify(await gw.services.db.selectFrom('connections').selectAll().execute()),
    ).not.toContain(jane.password);
  });

  it('refuses an address that is already connected, before any network work', async () => {
    const res = await gw.execute(ConnectImap, { input: input({ imapPort: 1 }) }, { cookie: admin });
    expect(res.data?.connectImap).toMatchObject({
      __typename: 'ConnectRefused',
      code: 'ALREADY_CONNECTED',
    });
  });

  it('says at detection that the viewer already connected the address, naming no one else’s', async () => {
    const [connection] = (await gw.execute(Mine, {}, { cookie: admin })).data!.myConnections;
    const mine = await gw.execute(AlreadyMine, { email: ' JANE@acme.test ' }, { cookie: admin });
    expect(mine.data?.detectProvider.myConnection).toEqual({
      id: connection!.id,
      email: jane.email,
    });
    const { cookie } = await gw.userSession('USER');
    const others = await gw.execute(AlreadyMine, { email: jane.email }, { cookie });
    expect(others.data?.detectProvider.myConnection).toBeNull();
    const fresh = await gw.execute(AlreadyMine, { email: 'new@acme.test' }, { cookie: admin });
    expect(fresh.data?.detectProvider.myConnection).toBeNull();
  });

  it('refuses view-only seats, Gmail addresses and bad input without contacting a server', async () => {
    const viewOnly = await gw.userSession('USER', 'VIEW_ONLY');
    const seat = await gw.execute(
      ConnectImap,
      { input: input({ email: 'viewer@acme.test' }) },
      { cookie: viewOnly.cookie },
    );
    expect(seat.data?.connectImap).toMatchObject({
      __typename: 'ConnectRefused',
      code: 'VIEW_ONLY_SEAT',
    });

    const gmail = await gw.execute(
      ConnectImap,
      { input: input({ email: 'someone@gmail.com' }) },
      { cookie: admin },
    );
    expect(gmail.data?.connectImap).toMatchObject({
      __typename: 'ConnectRefused',
      code: 'USE_OAUTH',
    });

    const bad = await gw.execute(
      ConnectImap,
      { input: input({ email: 'nobody', imapPort: 0, smtpSameCredentials: false }) },
      { cookie: admin },
    );
    expect(bad.data?.connectImap.__typename).toBe('ValidationFailed');
    if (bad.data?.connectImap.__typename === 'ValidationFailed') {
      expect(bad.data.connectImap.fields.map((f) => f.field).sort()).toEqual([
        'email',
        'imapPort',
        'smtpPassword',
        'smtpUsername',
      ]);
    }
  });

  it('refuses a private host that neither an admin nor the operator allowed (SSRF guard)', async () => {
    const res = await gw.execute(
      ConnectImap,
      { input: input({ email: 'sam@other.test', password: 'sam-imap-pass' }) },
      { cookie: admin },
    );
    expect(res.data?.connectImap).toMatchObject({
      __typename: 'ConnectionFailed',
      code: 'HOST_NOT_ALLOWED',
      step: 'VET',
      field: 'imapHost',
    });
  });

  it('explains an untrusted certificate, then connects with it pinned when the user trusts it', async () => {
    // The operator allow-list lets this deployment reach loopback for a domain without admin settings, on these ports.
    const operator = await startTestGateway(engine, {
      env: {
        INLET_ALLOW_PRIVATE_HOSTS: `localhost:${selfSigned.imapsPort},localhost:${smtp.smtpsPort}`,
        INLET_ISPDB_URL: 'off',
      },
    });
    try {
      const cookie = await operator.signIn();
      const sam = input({
        email: 'sam@other.test',
        password: 'sam-imap-pass',
        imapPort: selfSigned.imapsPort,
        smtpPort: smtp.smtpsPort,
        smtpSecurity: 'SSL_TLS',
      });
      const untrusted = await operator.execute(ConnectImap, { input: sam }, { cookie });
      expect(untrusted.data?.connectImap).toMatchObject({
        __typename: 'ConnectionFailed',
        code: 'CERTIFICATE_UNTRUSTED',
        step: 'TLS',
        field: 'trustAnyCertificate',
      });
      if (untrusted.data?.connectImap.__typename === 'ConnectionFailed')
        expect(untrusted.data.connectImap.hint).toMatch(/Trust any certificate/);

      const trusted = await operator.execute(
        ConnectImap,
        { input: { ...sam, trustAnyCertificate: true } },
        { cookie },
      );
      expect(trusted.data?.connectImap).toMatchObject({
        __typename: 'Connection',
        imapSettings: { trustAnyCertificate: true },
      });
      const row = await operator.services.db
        .selectFrom('connections')
        .select('settings_json')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(row.settings_json).pinnedCertificates.imap).toEqual({
        fingerprint: expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/),
        pem: expect.stringContaining('BEGIN CERTIFICATE'),
      });
    } finally {
      await operator.close();
    }
  });

  it('reconnects with new credentials, keeping the connection and its history; a wrong password changes nothing', async () => {
    const [connection] = (await gw.execute(Mine, {}, { cookie: admin })).data!.myConnections;
    const before = await gw.services.db
      .selectFrom('connection_secrets')
      .select('value')
      .where('connection_id', '=', connection!.id)
      .executeTakeFirstOrThrow();

    const wrong = await gw.execute(
      Reconnect,
      { id: connection!.id, input: input({ password: 'not-her-password' }) },
      { cookie: admin },
    );
    expect(wrong.data?.reconnectImap).toMatchObject({
      __typename: 'ConnectionFailed',
      code: 'AUTHENTICATION_FAILED',
      field: 'password',
    });
    const unchanged = await gw.services.db
      .selectFrom('connection_secrets')
      .select('value')
      .where('connection_id', '=', connection!.id)
      .executeTakeFirstOrThrow();
    expect(unchanged.value).toBe(before.value);

    const otherAddress = await gw.execute(
      Reconnect,
      { id: connection!.id, input: input({ email: 'else@acme.test' }) },
      { cookie: admin },
    );
    expect(otherAddress.data?.reconnectImap).toMatchObject({
      __typename: 'ValidationFailed',
      fields: [{ field: 'email' }],
    });

    const ok = await gw.execute(
      Reconnect,
      { id: connection!.id, input: input() },
      { cookie: admin },
    );
    expect(ok.data?.reconnectImap).toEqual({
      __typename: 'Connection',
      id: connection!.id,
      status: 'CONNECTING',
    });
    const events = await gw.services.db
      .selectFrom('connection_events')
      .select('message')
      .where('connection_id', '=', connection!.id)
      .orderBy('at')
      .execute();
    expect(events.map((e) => e.message)).toEqual([
      'Connection verified and saved',
      'Reconnected with new credentials',
    ]);
  });

  it('reconnects with separate SMTP credentials keeping the stored SMTP password when none is given, unless the SMTP username changes', async () => {
    const [connection] = (await gw.execute(Mine, {}, { cookie: admin })).data!.myConnections;
    const separate = { smtpSameCredentials: false, smtpUsername: 'sam@other.test' };
    const reconnect = (overrides: Partial<ConnectImapInput>) =>
      gw.execute(Reconnect, { id: connection!.id, input: input(overrides) }, { cookie: admin });
    const smtpSecret = () =>
      readSecret(gw.services.db, gw.services.vault, connection!.id, 'smtp_password');

    const first = await reconnect({ ...separate, smtpPassword: 'sam-imap-pass' });
    expect(first.data?.reconnectImap).toMatchObject({ __typename: 'Connection' });
    expect(await smtpSecret()).toBe('sam-imap-pass');

    // No SMTP password: the stored one is used (the check signs in to SMTP with it) and kept.
    const kept = await reconnect({ ...separate, smtpUsername: ' sam@other.test ' });
    expect(kept.data?.reconnectImap).toMatchObject({ __typename: 'Connection' });
    expect(await smtpSecret()).toBe('sam-imap-pass');

    // Another SMTP username needs its own password.
    const otherUser = await reconnect({ ...separate, smtpUsername: jane.email });
    expect(otherUser.data?.reconnectImap).toMatchObject({
      __typename: 'ValidationFailed',
      fields: [{ field: 'smtpPassword' }],
    });
  });

  it('lists and disconnects the viewer’s connection, removing its stored password', async () => {
    const mine = await gw.execute(Mine, {}, { cookie: admin });
    const connection = mine.data?.myConnections.find((c) => c.email === jane.email);
    expect(connection?.status).toBe('CONNECTING');
    const other = await gw.userSession('USER');
    const foreign = await gw.execute(Disconnect, { id: connection!.id }, { cookie: other.cookie });
    expect(foreign.data?.disconnect.__typename).toBe('NotFound');
    const removed = await gw.execute(Disconnect, { id: connection!.id }, { cookie: admin });
    expect(removed.data?.disconnect.__typename).toBe('ConnectionRemoved');
    expect(
      await gw.services.db
        .selectFrom('connection_secrets')
        .selectAll()
        .where('connection_id', '=', connection!.id)
        .execute(),
    ).toEqual([]);
  });
});
