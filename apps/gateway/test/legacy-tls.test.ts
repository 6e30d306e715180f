import {
  startDovecot,
  startLegacyTlsProxy,
  startSmtpServer,
  withTestMailbox,
  type DovecotServer,
  type LegacyTlsProxy,
  type SmtpTestServer,
} from '@inlet/providers/testing';
import { createProviderRegistry } from '@inlet/providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncSupervisor } from '../src/engine/supervisor.js';
import { graphql } from './gql/index.js';
import type { ConnectImapInput, ImapServerSettingsInput } from './gql/graphql.js';
import { ConnectionHealth } from './testkit/documents.js';
import { startTestGateway, type TestGateway } from './testkit/gateway.js';
import { caFile } from './testkit/mail-servers.js';
import { quickSupervisor } from './testkit/supervisor.js';
import { until } from './testkit/wait.js';

const Connect = graphql(`
  mutation LegacyTlsConnect($input: ConnectImapInput!) {
    connectImap(input: $input) {
      __typename
      ... on Connection {
        id
        imapSettings {
          allowLegacyTls
        }
      }
      ... on ConnectionFailed {
        code
        message
        hint
        step
        field
      }
    }
  }
`);

const SaveDomain = graphql(`
  mutation LegacyTlsDomain($input: DomainSettingsInput!) {
    createDomainSettings(input: $input) {
      __typename
      ... on DomainSettings {
        imap {
          allowLegacyTls
        }
      }
    }
  }
`);

const Detect = graphql(`
  query LegacyTlsDetect($email: String!) {
    detectProvider(email: $email) {
      source
      allowLegacyTls
    }
  }
`);

const TestSettings = graphql(`
  mutation LegacyTlsTestSettings($input: DomainSettingsInput!) {
    testDomainSettings(input: $input) {
      ... on DomainSettingsTest {
        ok
        steps {
          server
          step
          status
          detail
          error {
            code
          }
        }
      }
    }
  }
`);

/**
 * Servers that only speak TLS 1.0 (a TLS 1.0-only proxy in front of Dovecot's and smtp-server's
 * implicit-TLS ports): refused by default with a code that names the opt-in, connected, synced and
 * sent through with "Allow legacy TLS 1.0/1.1". SQLite only: nothing here depends on the engine.
 */
describe('legacy TLS 1.0 servers', () => {
  const jane = { email: 'jane@old.test', password: 'jane-imap-pass' };
  let dovecot: DovecotServer;
  let smtp: SmtpTestServer;
  let imapProxy: LegacyTlsProxy;
  let smtpProxy: LegacyTlsProxy;
  let gw: TestGateway;
  let supervisor: SyncSupervisor;
  let admin: string;
  let servers: ImapServerSettingsInput;

  const input = (overrides: Partial<ConnectImapInput> = {}): ConnectImapInput => ({
    email: jane.email,
    password: jane.password,
    ...servers,
    ...overrides,
  });

  beforeAll(async () => {
    [dovecot, smtp] = await Promise.all([
      startDovecot({ users: [{ user: jane.email, password: jane.password }] }),
      startSmtpServer({ users: [{ user: jane.email, password: jane.password }] }),
    ]);
    [imapProxy, smtpProxy] = await Promise.all([
      startLegacyTlsProxy({ port: dovecot.imapsPort, ca: dovecot.ca }),
      startLegacyTlsProxy({ port: smtp.smtpsPort, ca: smtp.ca }),
    ]);
    servers = {
      imapHost: 'localhost',
      imapPort: imapProxy.port,
      imapSecurity: 'SSL_TLS',
      smtpHost: 'localhost',
      smtpPort: smtpProxy.port,
      smtpSecurity: 'SSL_TLS',
    };
    gw = await startTestGateway('sqlite', {
      env: {
        INLET_EXTRA_CA_FILE: caFile(imapProxy.ca, smtpProxy.ca),
        INLET_ISPDB_URL: 'off',
        INLET_BCC_LOGGING_ADDRESS: 'log@crm.test',
      },
    });
    admin = await gw.signIn();
    await withTestMailbox(
      dovecot,
      { user: jane.email, password: jane.password },
      async (client) => {
        await client.append(
          'INBOX',
          'From: Bob <bob@customer.test>\r\nTo: jane@old.test\r\nSubject: Over TLS 1.0\r\nMessage-ID: <legacy-1@customer.test>\r\n\r\nHello\r\n',
        );
      },
    );
    supervisor = quickSupervisor(gw.services, {
      providers: createProviderRegistry({ imap: { timing: { autoIdleDelayMs: 100 } } }),
      kinds: ['IMAP'],
    });
    await supervisor.start();
  }, 60_000);
  afterAll(async () => {
    await supervisor?.stop();
    await gw?.close();
    await Promise.all([imapProxy?.stop(), smtpProxy?.stop()]);
    await Promise.all([dovecot?.stop(), smtp?.stop()]);
  });

  it('lets an admin allow legacy TLS for a domain, prefilled for its users, and tests it', async () => {
    const refused = await gw.execute(
      TestSettings,
      { input: { domain: 'old.test', imap: servers } },
      { cookie: admin },
    );
    expect(refused.data?.testDomainSettings).toMatchObject({ ok: false });
    const saved = await gw.execute(
      SaveDomain,
      { input: { domain: 'old.test', imap: { ...servers, allowLegacyTls: true } } },
      { cookie: admin },
    );
    expect(saved.data?.createDomainSettings).toMatchObject({ imap: { allowLegacyTls: true } });
    const detected = await gw.execute(Detect, { email: jane.email }, { cookie: admin });
    expect(detected.data?.detectProvider).toEqual({
      source: 'DOMAIN_SETTINGS',
      allowLegacyTls: true,
    });
    const tested = await gw.execute(
      TestSettings,
      { input: { domain: 'old.test', imap: { ...servers, allowLegacyTls: true } } },
      { cookie: admin },
    );
    const result = tested.data?.testDomainSettings;
    expect(result).toMatchObject({ ok: true });
    expect(result && 'steps' in result ? result.steps[2]?.detail : '').toMatch(/^TLSv1,/);
  });

  it('refuses a TLS 1.0-only server by default, naming the opt-in', async () => {
    const res = await gw.execute(Connect, { input: input() }, { cookie: admin });
    expect(res.data?.connectImap).toMatchObject({
      __typename: 'ConnectionFailed',
      code: 'TLS_VERSION_UNSUPPORTED',
      step: 'TLS',
      field: 'imapHost',
      hint: expect.stringContaining('Allow legacy TLS 1.0/1.1'),
    });
  });

  it('connects with the opt-in over TLS 1.0 (IMAP, SMTP and the test email), then syncs', async () => {
    const sentBefore = smtp.messages.length;
    const res = await gw.execute(
      Connect,
      { input: input({ allowLegacyTls: true }) },
      { cookie: admin },
    );
    const connection = res.data?.connectImap;
    expect(connection).toMatchObject({
      __typename: 'Connection',
      imapSettings: { allowLegacyTls: true },
    });
    if (connection?.__typename !== 'Connection') return;
    // The test email went out through the TLS 1.0 SMTP endpoint.
    expect(smtp.messages.length).toBe(sentBefore + 1);
    expect(smtpProxy.protocols).toContain('TLSv1');
    // Sync runs over TLS 1.0 too: the stored opt-in reaches every later connection.
    const health = async () =>
      (await gw.execute(ConnectionHealth, { id: connection.id }, { cookie: admin })).data!
        .connection!;
    const synced = await until(health, (h) => h.status === 'CONNECTED', 20_000);
    expect(synced.status).toBe('CONNECTED');
    const rows = await gw.services.db
      .selectFrom('messages')
      .select('subject')
      .where('connection_id', '=', connection.id)
      .execute();
    expect(rows.map((r) => r.subject)).toContain('Over TLS 1.0');
    expect(new Set(imapProxy.protocols)).toEqual(new Set(['TLSv1']));
  });
});
