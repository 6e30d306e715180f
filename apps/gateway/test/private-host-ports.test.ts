import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import type { ConnectImapInput, DomainSettingsInput } from './gql/graphql.js';
import { engines } from './testkit/databases.js';
import { startTestGateway, type TestGateway } from './testkit/gateway.js';
import { ConnectImap } from './testkit/documents.js';

const CreateSettings = graphql(`
  mutation PortsDomainSettings($input: DomainSettingsInput!) {
    createDomainSettings(input: $input) {
      __typename
      ... on ValidationFailed {
        fields {
          field
          message
        }
      }
    }
  }
`);

/** A TCP listener that counts connections and drops each at once (a check that reaches it fails fast). */
async function countingListener(): Promise<{
  server: Server;
  port: number;
  connections: () => number;
}> {
  let count = 0;
  const server = createServer((socket) => {
    count += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, connections: () => count };
}

const imapInput = (email: string, port: number): ConnectImapInput => ({
  email,
  password: 'a-password',
  imapHost: 'localhost',
  imapPort: port,
  imapSecurity: 'SSL_TLS',
  smtpHost: 'localhost',
  smtpPort: port,
  smtpSecurity: 'SSL_TLS',
});

const settings = (domain: string, host: string, port = 993): DomainSettingsInput => ({
  domain,
  imap: {
    imapHost: host,
    imapPort: port,
    imapSecurity: 'SSL_TLS',
    smtpHost: 'smtp.example.com',
    smtpPort: 465,
    smtpSecurity: 'SSL_TLS',
  },
});

// Allowing a private host allows it on its configured ports only: otherwise a connection check is a port scanner.
describe.each(engines)('private hosts are allowed on their ports only, on %s', (engine) => {
  let listener: Awaited<ReturnType<typeof countingListener>>;
  let configured: Awaited<ReturnType<typeof countingListener>>;
  let gw: TestGateway;
  let superAdmin: string;

  beforeAll(async () => {
    [listener, configured] = await Promise.all([countingListener(), countingListener()]);
    // The operator trusts localhost on one port only; a bare entry would open the standard mail ports.
    gw = await startTestGateway(engine, {
      env: {
        INLET_ALLOW_PRIVATE_HOSTS: `localhost:${configured.port},127.0.0.1`,
        INLET_ISPDB_URL: 'off',
      },
    });
    superAdmin = await gw.signIn();
    const created = await gw.execute(
      CreateSettings,
      { input: settings('ports.test', 'localhost', configured.port) },
      { cookie: superAdmin },
    );
    expect(created.data?.createDomainSettings.__typename).toBe('DomainSettings');
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
    await Promise.all(
      [listener, configured].map((l) => l && new Promise((resolve) => l.server.close(resolve))),
    );
  });

  it.each([
    ['a host from domain settings on a port they do not configure', 'ann@ports.test'],
    ['an operator-trusted host on a port the allow-list does not name', 'ann@elsewhere.test'],
  ])('refuses %s, before any socket opens', async (_, email) => {
    const res = await gw.execute(
      ConnectImap,
      { input: imapInput(email, listener.port) },
      { cookie: superAdmin },
    );
    expect(res.data?.connectImap).toMatchObject({
      __typename: 'ConnectionFailed',
      code: 'HOST_NOT_ALLOWED',
      step: 'VET',
      field: 'imapHost',
    });
    expect(listener.connections()).toBe(0);
  });

  it('still lets the configured port through the guard (the server then drops the connection)', async () => {
    for (const email of ['bea@ports.test', 'bea@elsewhere.test']) {
      const before = configured.connections();
      const res = await gw.execute(
        ConnectImap,
        { input: imapInput(email, configured.port) },
        { cookie: superAdmin },
      );
      expect(res.data?.connectImap.__typename).toBe('ConnectionFailed');
      if (res.data?.connectImap.__typename === 'ConnectionFailed')
        expect(res.data.connectImap.step).not.toBe('VET');
      expect(configured.connections()).toBeGreaterThan(before);
    }
  });

  it('refuses loopback and link-local servers in domain settings from an admin who is not a super admin', async () => {
    const { cookie } = await gw.userSession('ADMIN');
    const refused = async (input: DomainSettingsInput) => {
      const res = await gw.execute(CreateSettings, { input }, { cookie });
      if (res.data?.createDomainSettings.__typename !== 'ValidationFailed')
        throw new Error(JSON.stringify(res));
      return res.data.createDomainSettings.fields;
    };
    expect(await refused(settings('loop.test', '127.0.0.1'))).toEqual([
      { field: 'imap.imapHost', message: expect.stringContaining('Only a super admin') },
    ]);
    expect((await refused(settings('loop2.test', '127.1')))[0]?.field).toBe('imap.imapHost');
    expect((await refused(settings('loop3.test', 'localhost')))[0]).toEqual({
      field: 'imap.imapHost',
      message: expect.stringContaining('localhost resolves to'),
    });
    expect((await refused(settings('meta.test', '169.254.169.254')))[0]).toEqual({
      field: 'imap.imapHost',
      message: expect.stringContaining('link-local'),
    });
    expect(
      await refused({
        domain: 'ews.test',
        exchange: { exchangeUrl: 'https://[::1]/EWS/Exchange.asmx' },
      }),
    ).toEqual([{ field: 'exchange.exchangeUrl', message: expect.stringContaining('loopback') }]);
    // A private network server is still theirs to configure, as is any public name.
    const ok = await gw.execute(
      CreateSettings,
      { input: settings('lan.test', '10.1.2.3') },
      { cookie },
    );
    expect(ok.data?.createDomainSettings.__typename).toBe('DomainSettings');
    // A super admin may point domain settings at this machine.
    const mine = await gw.execute(
      CreateSettings,
      { input: settings('loop.test', '127.0.0.1') },
      { cookie: superAdmin },
    );
    expect(mine.data?.createDomainSettings.__typename).toBe('DomainSettings');
  });
});
