import { randomUUID } from 'node:crypto';
import {
  startDovecot,
  startLegacyStarttlsProxy,
  startLegacyTlsProxy,
  startSmtpServer,
  withTestMailbox,
  type DovecotServer,
  type LegacyTlsProxy,
  type SmtpTestServer,
} from '@inlet/providers/testing';
import { createProviderRegistry } from '@inlet/providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxWorker } from '../src/engine/outbox-worker.js';
import type { SyncSupervisor } from '../src/engine/supervisor.js';
import { graphql } from './gql/index.js';
import type { ConnectImapInput, ImapServerSettingsInput } from './gql/graphql.js';
import {
  ConnectImap,
  ConnectionHealth,
  Outbox,
  SendEmail,
  TestDomainSettings,
} from './testkit/documents.js';
import { startTestGateway, type TestGateway } from './testkit/gateway.js';
import { caFile } from './testkit/mail-servers.js';
import { quickSupervisor } from './testkit/supervisor.js';
import { until } from './testkit/wait.js';

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

/**
 * Servers that only speak TLS 1.0 (a TLS 1.0-only proxy in front of Dovecot's and smtp-server's
 * implicit-TLS ports, and one whose STARTTLS only offers TLS 1.0 in front of their STARTTLS ports): refused by default with a code that names the opt-in, connected, synced and
 * sent through with "Allow legacy TLS 1.0/1.1". SQLite only: nothing here depends on the engine.
 */
describe('legacy TLS 1.0 servers', () => {
  const jane = { email: 'jane@old.test', password: 'jane-imap-pass' };
  /** Kim's servers speak STARTTLS, upgraded to TLS 1.0 only. */
  const kim = { email: 'kim@old.test', password: 'kim-imap-pass' };
  let dovecot: DovecotServer;
  let imapStarttls: LegacyTlsProxy;
  let smtpStarttls: LegacyTlsProxy;
  let outbox: OutboxWorker;
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
      startDovecot({ users: [jane, kim].map((u) => ({ user: u.email, password: u.password })) }),
      startSmtpServer({
        users: [jane, kim].map((u) => ({ user: u.email, password: u.password })),
      }),
    ]);
    [imapProxy, smtpProxy, imapStarttls, smtpStarttls] = await Promise.all([
      startLegacyTlsProxy({ port: dovecot.imapsPort, ca: dovecot.ca }),
      startLegacyTlsProxy({ port: smtp.smtpsPort, ca: smtp.ca }),
      startLegacyStarttlsProxy({ port: dovecot.imapPort, ca: dovecot.ca }),
      startLegacyStarttlsProxy({ port: smtp.submissionPort, ca: smtp.ca }),
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
        INLET_EXTRA_CA_FILE: caFile(
          imapProxy.ca,
          smtpProxy.ca,
          imapStarttls.ca,
          smtpStarttls.ca,
          dovecot.ca,
          smtp.ca,
        ),
        INLET_ISPDB_URL: 'off',
        INLET_BCC_LOGGING_ADDRESS: 'log@crm.test',
        // Kim's servers (STARTTLS) are not in old.test's domain settings: the operator allows loopback.
        INLET_ALLOW_PRIVATE_HOSTS: 'localhost:*',
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
    outbox = new OutboxWorker(gw.services, {
      ownerId: supervisor.worker.id,
      pollMs: 50,
      retryBaseMs: 50,
    });
    await outbox.start();
  }, 60_000);
  afterAll(async () => {
    await outbox?.stop();
    await supervisor?.stop();
    await gw?.close();
    await Promise.all(
      [imapProxy, smtpProxy, imapStarttls, smtpStarttls].map((proxy) => proxy?.stop()),
    );
    await Promise.all([dovecot?.stop(), smtp?.stop()]);
  });

  it('lets an admin allow legacy TLS for a domain, prefilled for its users, and tests it', async () => {
    const refused = await gw.execute(
      TestDomainSettings,
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
      TestDomainSettings,
      { input: { domain: 'old.test', imap: { ...servers, allowLegacyTls: true } } },
      { cookie: admin },
    );
    const result = tested.data?.testDomainSettings;
    expect(result).toMatchObject({ ok: true });
    expect(result && 'steps' in result ? result.steps[2]?.detail : '').toMatch(/^TLSv1,/);
  });

  it('refuses a TLS 1.0-only server by default, naming the opt-in', async () => {
    const res = await gw.execute(ConnectImap, { input: input() }, { cookie: admin });
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
      ConnectImap,
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

  /** Kim's servers: `legacy` ones speak STARTTLS with TLS 1.0 only, the others modern TLS. */
  const starttls = (legacy: { imap: boolean; smtp: boolean }) =>
    ({
      imapHost: 'localhost',
      imapPort: legacy.imap ? imapStarttls.port : dovecot.imapsPort,
      imapSecurity: legacy.imap ? 'STARTTLS' : 'SSL_TLS',
      smtpHost: 'localhost',
      smtpPort: legacy.smtp ? smtpStarttls.port : smtp.submissionPort,
      smtpSecurity: 'STARTTLS',
    }) as const;

  it('refuses STARTTLS that only offers TLS 1.0 by default, IMAP and SMTP alike, naming the opt-in', async () => {
    const connect = (servers: ReturnType<typeof starttls>) =>
      gw.execute(
        ConnectImap,
        { input: { email: kim.email, password: kim.password, ...servers } },
        { cookie: admin },
      );
    const imap = await connect(starttls({ imap: true, smtp: false }));
    expect(imap.data?.connectImap).toMatchObject({
      __typename: 'ConnectionFailed',
      code: 'TLS_VERSION_UNSUPPORTED',
      step: 'TLS',
      field: 'imapHost',
      hint: expect.stringContaining('Allow legacy TLS 1.0/1.1'),
    });
    const sending = await connect(starttls({ imap: false, smtp: true }));
    expect(sending.data?.connectImap).toMatchObject({
      __typename: 'ConnectionFailed',
      code: 'TLS_VERSION_UNSUPPORTED',
      field: 'smtpHost',
      hint: expect.stringContaining('Allow legacy TLS 1.0/1.1'),
    });
  });

  it('connects over STARTTLS with TLS 1.0 with the opt-in, and sends from the outbox through it; without the opt-in the send fails naming it', async () => {
    const res = await gw.execute(
      ConnectImap,
      {
        input: {
          email: kim.email,
          password: kim.password,
          ...starttls({ imap: true, smtp: true }),
          allowLegacyTls: true,
        },
      },
      { cookie: admin },
    );
    const connection = res.data?.connectImap;
    expect(connection).toMatchObject({ __typename: 'Connection' });
    if (connection?.__typename !== 'Connection') return;
    expect(imapStarttls.protocols).toContain('TLSv1');
    expect(smtpStarttls.protocols).toContain('TLSv1');

    const send = async (subject: string) => {
      const queued = await gw.execute(
        SendEmail,
        {
          input: {
            idempotencyKey: randomUUID(),
            connectionId: connection.id,
            from: kim.email,
            to: [{ address: 'bob@customer.test' }],
            subject,
            text: 'Hello',
          },
        },
        { cookie: admin },
      );
      if (queued.data?.sendEmail.__typename !== 'OutboxEmail')
        throw new Error(JSON.stringify(queued));
      const id = queued.data.sendEmail.id;
      return until(
        async () =>
          (await gw.execute(Outbox, {}, { cookie: admin })).data?.outbox.find((o) => o.id === id),
        (row) => row?.status === 'SENT' || row?.status === 'FAILED',
        20_000,
      );
    };
    const handshakes = smtpStarttls.protocols.length;
    expect(await send('Over STARTTLS 1.0')).toMatchObject({ status: 'SENT' });
    expect(smtp.messages.some((m) => m.parsed.subject === 'Over STARTTLS 1.0')).toBe(true);
    expect(smtpStarttls.protocols.slice(handshakes)).toContain('TLSv1');

    // The opt-in taken away (as if the stored settings predate it): the send is refused, naming it.
    const row = await gw.services.db
      .selectFrom('connections')
      .select('settings_json')
      .where('id', '=', connection.id)
      .executeTakeFirstOrThrow();
    await gw.services.db
      .updateTable('connections')
      .set({
        settings_json: JSON.stringify({ ...JSON.parse(row.settings_json), allowLegacyTls: false }),
      })
      .where('id', '=', connection.id)
      .execute();
    const refused = await send('Not over TLS 1.0');
    expect(refused).toMatchObject({
      status: 'FAILED',
      error: {
        code: 'TLS_VERSION_UNSUPPORTED',
        hint: expect.stringContaining('Allow legacy TLS 1.0/1.1'),
      },
    });
    expect(smtp.messages.some((m) => m.parsed.subject === 'Not over TLS 1.0')).toBe(false);
  });
});
