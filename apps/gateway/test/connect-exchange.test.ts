import {
  startEwsTestServer,
  TEST_EXCHANGE_ACCOUNT,
  type EwsTestServer,
} from '@inlet/providers/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { engines } from './testkit/databases.js';
import { CreateDomainSettings } from './testkit/documents.js';
import { startTestGateway, type TestGateway } from './testkit/gateway.js';
import { caFile, EWS_INVOICES_RULE } from './testkit/mail-servers.js';

const ConnectExchange = graphql(`
  mutation ConnectExchangeTest($input: ConnectExchangeInput!) {
    connectExchange(input: $input) {
      __typename
      ... on Connection {
        provider
        status
        exchangeSettings {
          ewsUrl
          serverVersion
          ruleFolders
        }
      }
      ... on ConnectionFailed {
        code
        step
        field
        hint
        suggestion
      }
      ... on ConnectRefused {
        code
      }
    }
  }
`);

const ReconnectExchange = graphql(`
  mutation ReconnectExchangeTest($id: ID!, $input: ConnectExchangeInput!) {
    reconnectExchange(id: $id, input: $input) {
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

describe.each(engines)('connecting on-premises Exchange on %s', (engine) => {
  let ews: EwsTestServer;
  let old: EwsTestServer;
  let gw: TestGateway;
  let cookie: string;
  const { upn, password } = TEST_EXCHANGE_ACCOUNT;

  beforeAll(async () => {
    [ews, old] = await Promise.all([
      startEwsTestServer({
        profile: '2016',
        ...EWS_INVOICES_RULE,
      }),
      startEwsTestServer({ profile: '2010-sp1' }),
    ]);
    // Domain settings allow localhost on their URL's port only; the 2010 SP1 server's port is the operator's to allow.
    const oldServer = `localhost:${new URL(old.ewsUrl('localhost')).port}`;
    gw = await startTestGateway(engine, {
      env: {
        INLET_EXTRA_CA_FILE: caFile(ews.ca, old.ca),
        INLET_ISPDB_URL: 'off',
        INLET_BCC_LOGGING_ADDRESS: 'log@crm.test',
        INLET_ALLOW_PRIVATE_HOSTS: oldServer,
      },
    });
    cookie = await gw.signIn();
    await gw.execute(
      CreateDomainSettings,
      { input: { domain: 'corp.example', exchange: { exchangeUrl: ews.ewsUrl('localhost') } } },
      { cookie },
    );
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
    await Promise.all([ews?.stop(), old?.stop()]);
  });

  it('refuses an OWA address before sending the password, suggesting the EWS URL', async () => {
    const owa = ews.ewsUrl('localhost').replace('/EWS/Exchange.asmx', '/owa/');
    const before = ews.requests.length;
    const res = await gw.execute(
      ConnectExchange,
      { input: { email: upn, password, exchangeUrl: owa } },
      { cookie },
    );
    expect(res.data?.connectExchange).toMatchObject({
      __typename: 'ConnectionFailed',
      code: 'EXCHANGE_URL_INVALID',
      field: 'exchangeUrl',
      suggestion: ews.ewsUrl('localhost'),
    });
    expect(ews.requests.slice(before).some((r) => r.authorization)).toBe(false);
  });

  it('refuses Exchange 2010 SP1, naming the version found', async () => {
    const res = await gw.execute(
      ConnectExchange,
      { input: { email: upn, password, exchangeUrl: old.ewsUrl('localhost') } },
      { cookie },
    );
    expect(res.data?.connectExchange).toMatchObject({
      __typename: 'ConnectionFailed',
      code: 'EXCHANGE_VERSION_UNSUPPORTED',
    });
  });

  it('connects with the domain settings URL, sends the test email, and syncs rule folders', async () => {
    const res = await gw.execute(ConnectExchange, { input: { email: upn, password } }, { cookie });
    expect(res.data?.connectExchange).toMatchObject({
      __typename: 'Connection',
      provider: 'EXCHANGE',
      status: 'CONNECTING',
      exchangeSettings: {
        ewsUrl: ews.ewsUrl('localhost'),
        serverVersion: expect.stringContaining('2016'),
        ruleFolders: ['Invoices'],
      },
    });
    expect(ews.sentMessages.some((m) => JSON.stringify(m).includes('log@crm.test'))).toBe(true);
    const secret = await gw.services.db
      .selectFrom('connection_secrets')
      .select('value')
      .executeTakeFirstOrThrow();
    expect(secret.value).not.toContain(password);
  });

  it('refuses an address that is already connected', async () => {
    const res = await gw.execute(ConnectExchange, { input: { email: upn, password } }, { cookie });
    expect(res.data?.connectExchange).toMatchObject({
      __typename: 'ConnectRefused',
      code: 'ALREADY_CONNECTED',
    });
  });

  it('reconnects with a new password, keeping the connection, its history and its sync state', async () => {
    const row = await gw.services.db
      .selectFrom('connections')
      .selectAll()
      .where('email', '=', upn)
      .executeTakeFirstOrThrow();
    // The password stopped working: the connection waits for its owner.
    await gw.services.db
      .updateTable('connections')
      .set({ status: 'NEEDS_REAUTH' })
      .where('id', '=', row.id)
      .execute();
    const secretBefore = await gw.services.db
      .selectFrom('connection_secrets')
      .select('value')
      .where('connection_id', '=', row.id)
      .executeTakeFirstOrThrow();

    const wrong = await gw.execute(
      ReconnectExchange,
      { id: row.id, input: { email: upn, password: 'not the password' } },
      { cookie },
    );
    expect(wrong.data?.reconnectExchange).toMatchObject({
      __typename: 'ConnectionFailed',
      code: 'AUTHENTICATION_FAILED',
      field: 'password',
    });
    const otherAddress = await gw.execute(
      ReconnectExchange,
      { id: row.id, input: { email: 'someone.else@corp.example', password } },
      { cookie },
    );
    expect(otherAddress.data?.reconnectExchange).toMatchObject({
      __typename: 'ValidationFailed',
      fields: [{ field: 'email' }],
    });

    const res = await gw.execute(
      ReconnectExchange,
      { id: row.id, input: { email: upn, password } },
      { cookie },
    );
    expect(res.data?.reconnectExchange).toMatchObject({
      __typename: 'Connection',
      id: row.id,
      status: 'CONNECTING',
    });
    const after = await gw.services.db
      .selectFrom('connections')
      .selectAll()
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(after.created_at).toBe(row.created_at);
    const secretAfter = await gw.services.db
      .selectFrom('connection_secrets')
      .select('value')
      .where('connection_id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(secretAfter.value).not.toBe(secretBefore.value); // encrypted anew
    const events = await gw.services.db
      .selectFrom('connection_events')
      .select('message')
      .where('connection_id', '=', row.id)
      .execute();
    expect(events.map((e) => e.message)).toEqual(
      expect.arrayContaining(['Reconnected with new credentials']),
    );
  });

  it('does not reconnect a connection of another kind', async () => {
    const res = await gw.execute(
      ReconnectExchange,
      { id: 'no-such-connection', input: { email: upn, password } },
      { cookie },
    );
    expect(res.data?.reconnectExchange).toMatchObject({ __typename: 'NotFound' });
  });
});
