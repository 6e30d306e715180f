import { readFileSync } from 'node:fs';
import {
  startDovecot,
  startEwsTestServer,
  startSmtpServer,
  type DovecotServer,
  type EwsTestServer,
  type SmtpTestServer,
} from '@inlet/providers/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import type { DomainSettingsInput } from './gql/graphql.js';
import { CreateDomainSettings, TestDomainSettings } from './testkit/documents.js';
import { startTestGateway, type TestGateway } from './testkit/gateway.js';
import { caFile, imapServers } from './testkit/mail-servers.js';

const CreateExchange = graphql(`
  mutation CreateExchangeSettingsCheck($input: DomainSettingsInput!) {
    createDomainSettings(input: $input) {
      __typename
      ... on DomainSettings {
        exchange {
          exchangeUrl
        }
      }
    }
  }
`);

const Warnings = graphql(`
  query DomainSettingsWarningsCheck($domain: String!) {
    domainSettings(domain: $domain) {
      warnings {
        field
        message
      }
    }
  }
`);

// The SQLite gateway is enough: nothing here touches the database beyond the admin's session.
describe('admin domain settings are checked like a user form', () => {
  let dovecot: DovecotServer;
  let courierLike: DovecotServer;
  let smtp: SmtpTestServer;
  let ews: EwsTestServer;
  let gw: TestGateway;
  let admin: string;

  beforeAll(async () => {
    [dovecot, courierLike, smtp, ews] = await Promise.all([
      startDovecot({}),
      startDovecot({ certificate: 'self-signed' }),
      startSmtpServer({}),
      startEwsTestServer({ profile: '2016' }),
    ]);
    gw = await startTestGateway('sqlite', {
      env: { INLET_EXTRA_CA_FILE: caFile(dovecot.ca, smtp.ca, ews.ca), INLET_ISPDB_URL: 'off' },
    });
    admin = await gw.signIn();
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
    await Promise.all([dovecot?.stop(), courierLike?.stop(), smtp?.stop(), ews?.stop()]);
  });

  const test = async (input: DomainSettingsInput) =>
    (await gw.execute(TestDomainSettings, { input }, { cookie: admin })).data?.testDomainSettings;

  it('refuses an Outlook on the web URL on save, offering the EWS URL', async () => {
    const owa = ews.ewsUrl('localhost').replace('/EWS/Exchange.asmx', '/owa/');
    const res = await gw.execute(
      CreateDomainSettings,
      { input: { domain: 'owa.test', exchange: { exchangeUrl: owa } } },
      { cookie: admin },
    );
    const saved = res.data?.createDomainSettings;
    expect(saved?.__typename).toBe('ValidationFailed');
    // A bare server name is read as the user form reads it: its EWS URL is saved.
    const bare = await gw.execute(
      CreateExchange,
      { input: { domain: 'bare.test', exchange: { exchangeUrl: 'Mail.Bare.test' } } },
      { cookie: admin },
    );
    expect(bare.data?.createDomainSettings).toMatchObject({
      exchange: { exchangeUrl: 'https://mail.bare.test/EWS/Exchange.asmx' },
    });
    const tested = await test({ domain: 'owa.test', exchange: { exchangeUrl: owa } });
    expect(tested).toMatchObject({
      __typename: 'ValidationFailed',
      fields: [
        {
          field: 'exchange.exchangeUrl',
          message: expect.stringMatching(
            /Outlook on the web.*Use https:\/\/localhost:\d+\/EWS\/Exchange\.asmx instead\.$/,
          ),
          suggestion: ews.ewsUrl('localhost'),
        },
      ],
    });
  });

  it('tests IMAP and SMTP settings without credentials: every step passes and nobody signs in', async () => {
    const res = await test({ domain: 'acme.test', imap: imapServers(dovecot, smtp) });
    expect(res?.__typename).toBe('DomainSettingsTest');
    if (res?.__typename !== 'DomainSettingsTest') return;
    expect(res.ok).toBe(true);
    expect(res.steps.map((s) => `${s.server}:${s.step}:${s.status}`)).toEqual([
      'IMAP:VET:PASSED',
      'IMAP:TCP:PASSED',
      'IMAP:TLS:PASSED',
      'IMAP:GREETING:PASSED',
      'SMTP:SMTP:PASSED',
    ]);
    expect(res.steps[2]?.detail).toMatch(/^TLSv1\.3, certificate verified\.$/);
    expect(res.steps[4]?.detail).toMatch(/no sign-in was tried/);
    expect(res.warnings).toEqual([]);
    expect(readFileSync(dovecot.logPath, 'utf8')).not.toMatch(/Login: user=/);
  });

  it('runs the STARTTLS path and reports a self-signed certificate as a user would see it', async () => {
    const res = await test({
      domain: 'acme.test',
      imap: {
        ...imapServers(courierLike, smtp),
        imapPort: courierLike.imapPort,
        imapSecurity: 'STARTTLS',
      },
    });
    if (res?.__typename !== 'DomainSettingsTest') throw new Error(`got ${res?.__typename}`);
    expect(res.ok).toBe(false);
    const failed = res.steps.find((s) => s.status === 'FAILED');
    expect(failed).toMatchObject({
      server: 'IMAP',
      step: 'TLS',
      // The field is the admin form's own: the box that would accept this certificate.
      error: { code: 'CERTIFICATE_UNTRUSTED', field: 'imap.allowInsecureCertificate' },
    });
    expect(res.steps.find((s) => s.step === 'GREETING')?.status).toBe('SKIPPED');
    // The same settings with "Allow non-secure certificate" pass.
    const allowed = await test({
      domain: 'acme.test',
      imap: {
        ...imapServers(courierLike, smtp),
        imapPort: courierLike.imapPort,
        imapSecurity: 'STARTTLS',
        allowInsecureCertificate: true,
      },
    });
    expect(allowed).toMatchObject({ __typename: 'DomainSettingsTest', ok: true });
  });

  it('warns about SSL/TLS on a STARTTLS port and STARTTLS on an SSL/TLS port, and the test shows why', async () => {
    const input = {
      domain: 'mixed.test',
      imap: {
        ...imapServers(dovecot, smtp),
        imapPort: 993,
        imapSecurity: 'STARTTLS' as const,
        smtpPort: 587,
        smtpSecurity: 'SSL_TLS' as const,
      },
    };
    const saved = await gw.execute(CreateDomainSettings, { input }, { cookie: admin });
    expect(saved.data?.createDomainSettings.__typename).toBe('DomainSettings');
    const res = await gw.execute(Warnings, { domain: 'mixed.test' }, { cookie: admin });
    expect(res.data?.domainSettings?.warnings).toEqual([
      {
        field: 'imap.imapSecurity',
        message: expect.stringMatching(/^Port 993 usually expects SSL\/TLS, not STARTTLS/),
      },
      {
        field: 'imap.smtpSecurity',
        message: expect.stringMatching(/^Port 587 usually expects STARTTLS, not SSL\/TLS/),
      },
    ]);
    // The test of the real servers with swapped encryption fails at the step a user's check would.
    const swapped = await test({
      domain: 'mixed.test',
      imap: {
        ...imapServers(dovecot, smtp),
        imapPort: dovecot.imapPort,
        imapSecurity: 'SSL_TLS',
      },
    });
    if (swapped?.__typename !== 'DomainSettingsTest') throw new Error('expected a test');
    expect(swapped.ok).toBe(false);
    expect(swapped.steps.find((s) => s.status === 'FAILED')).toMatchObject({
      server: 'IMAP',
      step: 'TLS',
      error: { code: 'PLAINTEXT_ON_TLS_PORT', field: 'imap.imapSecurity' },
    });
  });

  it('tests an Exchange URL without credentials: the URL, then the unauthenticated EWS probe', async () => {
    const before = ews.requests.length;
    const res = await test({
      domain: 'corp.example',
      exchange: { exchangeUrl: ews.ewsUrl('localhost') },
    });
    expect(res).toMatchObject({ __typename: 'DomainSettingsTest', ok: true });
    if (res?.__typename !== 'DomainSettingsTest') return;
    expect(res.steps.map((s) => `${s.server}:${s.step}:${s.status}`)).toEqual([
      'EXCHANGE:DISCOVERY:PASSED',
      'EXCHANGE:TLS:PASSED',
    ]);
    const sent = ews.requests.slice(before);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((r) => r.authorization === undefined)).toBe(true);
  });

  it('is for admins only', async () => {
    const { cookie } = await gw.userSession('USER');
    const res = await gw.execute(
      TestDomainSettings,
      { input: { domain: 'acme.test', imap: imapServers(dovecot, smtp) } },
      { cookie },
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
