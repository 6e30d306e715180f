import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderError } from '../core/provider-error.js';
import type { StepReport } from '../core/steps.js';
import { resolveAndVet } from '../transport/vet-address.js';
import { startAll, stopAll, type Stoppable } from '../testing/start-all.js';
import {
  createEwsTestCertificate,
  type EwsTestCertificate,
} from '../testing/ews/ews-test-certificate.js';
import { ExchangeTestNetwork } from '../testing/ews/exchange-test-network.js';
import {
  startEwsTestServer,
  TEST_EXCHANGE_ACCOUNT,
  type EwsTestServer,
  type EwsTestServerOptions,
} from '../testing/ews/ews-test-server.js';
import { suggestedExchangeUrl } from './ews-errors.js';
import {
  EXCHANGE_STEPS,
  verifyExchangeAccount,
  type ExchangeAccountInput,
  type ExchangeVerifyDeps,
} from './verify-exchange-account.js';

const jane = { email: 'jane@corp.example', password: TEST_EXCHANGE_ACCOUNT.password };
const bob = {
  samAccountName: 'bob',
  domain: 'CORP',
  upn: 'robert.smith@corp.local',
  password: 'Bob-Secret-1',
  smtpAddress: 'bob@corp.example',
  displayName: 'Bob Smith',
};
const noSmtp = {
  samAccountName: 'svc',
  domain: 'CORP',
  upn: 'svc@corp.example',
  password: 'Svc-Secret-1',
  smtpAddress: null,
  displayName: 'Service',
};
const LOG = 'crm-log@bcc.inlet.test';

const started: Stoppable[] = [];
let net: ExchangeTestNetwork;
let s: Awaited<ReturnType<typeof startServers>>;

function startServers(certificate: EwsTestCertificate) {
  const server = (options: EwsTestServerOptions) => startEwsTestServer({ certificate, ...options });
  const ntlmOnly = { basic: false, ntlm: true, negotiate: true };
  return startAll(
    {
      ex2013: server({ profile: '2013' }),
      ex2016: server({
        profile: '2016',
        accounts: [TEST_EXCHANGE_ACCOUNT, bob],
        mailboxes: [{ smtpAddress: 'shared@corp.example', displayName: 'Shared Sales' }],
      }),
      ex2019: server({ profile: '2019' }),
      ntlm2013: server({ profile: '2013', auth: ntlmOnly }),
      ntlm2016: server({ profile: '2016', auth: ntlmOnly }),
      ntlm2019: server({ profile: '2019', auth: ntlmOnly }),
      ex2010sp2: server({ profile: '2010-sp2' }),
      ex2010sp1: server({ profile: '2010-sp1' }),
      ex2007: server({ profile: '2007' }),
      kerberos: server({ profile: '2019', auth: { basic: false, ntlm: false, negotiate: true } }),
      online: server({ profile: 'online' }),
      office365: server({ profile: 'online' }),
      webmail: server({ profile: '2016', redirects: [{ path: '/mail', location: '/owa/' }] }),
      owaSite: server({ profile: '2016', redirectToOwa: true }),
      noSmtp: server({ profile: '2016', accounts: [noSmtp] }),
      denied: server({
        profile: '2016',
        faults: { GetFolder: { code: 'ErrorAccessDenied', as: 'response' } },
      }),
      busy: server({ profile: '2016', faults: { GetFolder: { code: 'ErrorServerBusy' } } }),
      // Only its ServerVersionInfo (15.20, after sign-in) says Exchange Online: the last line of defence.
      onlineVersion: server({
        profile: '2010-sp2',
        serverVersionInfo: {
          major: 15,
          minor: 20,
          build: 7452,
          revision: 50,
          version: 'V2018_01_08',
        },
      }),
    },
    started,
  );
}

beforeAll(async () => {
  const names = [
    'mail2013.corp.example',
    'mail2016.corp.example',
    'mail2019.corp.example',
    'ntlm2013.corp.example',
    'ntlm2016.corp.example',
    'ntlm2019.corp.example',
    'mail2010sp2.corp.example',
    'mail2010sp1.corp.example',
    'mail2007.corp.example',
    'kerberos.corp.example',
    'ews.cloudcorp.example',
    'outlook.office365.com',
    'webmail.corp.example',
    'owa.corp.example',
    'nosmtp.corp.example',
    'denied.corp.example',
    'busy.corp.example',
    'cloudversion.corp.example',
  ];
  const certificate = await createEwsTestCertificate(names);
  s = await startServers(certificate);
  net = await ExchangeTestNetwork.create();
  net
    .add(s.ex2013, ['mail2013.corp.example'])
    .add(s.ex2016, ['mail2016.corp.example', 'legacy.corp.example']) // the certificate does not cover legacy.corp.example
    .add(s.ex2019, ['mail2019.corp.example'])
    .add(s.ntlm2013, ['ntlm2013.corp.example'])
    .add(s.ntlm2016, ['ntlm2016.corp.example'])
    .add(s.ntlm2019, ['ntlm2019.corp.example'])
    .add(s.ex2010sp2, ['mail2010sp2.corp.example'])
    .add(s.ex2010sp1, ['mail2010sp1.corp.example'])
    .add(s.ex2007, ['mail2007.corp.example'])
    .add(s.kerberos, ['kerberos.corp.example'])
    .add(s.online, ['ews.cloudcorp.example'])
    .add(s.office365, ['outlook.office365.com'])
    .add(s.webmail, ['webmail.corp.example'])
    .add(s.owaSite, ['owa.corp.example'])
    .add(s.noSmtp, ['nosmtp.corp.example'])
    .add(s.denied, ['denied.corp.example'])
    .add(s.busy, ['busy.corp.example'])
    .add(s.onlineVersion, ['cloudversion.corp.example']);
}, 30_000);

afterAll(() => stopAll(started), 30_000);

async function check(input: Partial<ExchangeAccountInput>, deps: Partial<ExchangeVerifyDeps> = {}) {
  const reports: StepReport[] = [];
  const result = await verifyExchangeAccount(
    { ...jane, ...input },
    { ...net.deps(), testRecipient: LOG, timeouts: { stepMs: 10_000, totalMs: 20_000 }, ...deps },
    (r) => reports.push(r),
  );
  const final = (step: string) => reports.filter((r) => r.step === step).at(-1)?.status;
  return { result, reports, final };
}

function failure(result: Awaited<ReturnType<typeof verifyExchangeAccount>>): ProviderError {
  if (result.ok)
    throw new Error(`expected the check to fail, it passed: ${JSON.stringify(result.value.auth)}`);
  return result.error;
}

/** Requests made to a server during `work`. */
async function requestsDuring<T>(server: EwsTestServer, work: () => Promise<T>) {
  const before = server.requests.length;
  const value = await work();
  return { value, requests: server.requests.slice(before) };
}

describe('verifyExchangeAccount: supported servers', () => {
  it.each([
    ['2013', 'mail2013.corp.example', 'Exchange 2013 (15.0.1497.2)'],
    ['2016', 'mail2016.corp.example', 'Exchange 2016 (15.1.2507.6)'],
    ['2019', 'mail2019.corp.example', 'Exchange 2019 or Exchange Server SE (15.2.1118.7)'],
  ] as const)(
    'connects to Exchange %s with Basic over TLS and sends the test email',
    async (_name, host, product) => {
      const server = s[`ex${_name}` as 'ex2013' | 'ex2016' | 'ex2019'];
      const { value: outcome, requests } = await requestsDuring(server, () =>
        check({ exchangeUrl: host }),
      );
      const { result, reports } = outcome;
      expect(result.ok, result.ok ? '' : `${result.error.code}: ${result.error.detail}`).toBe(true);
      if (!result.ok) return;
      expect(reports.map((r) => `${r.step}:${r.status}`)).toEqual(
        EXCHANGE_STEPS.flatMap((step) => [`${step}:running`, `${step}:passed`]),
      );
      expect(result.value).toMatchObject({
        ewsUrl: `https://${host}/EWS/Exchange.asmx`,
        urlSource: 'input',
        address: '127.0.0.1',
        auth: { scheme: 'basic', username: 'jane@corp.example' },
        server: { product },
        smtpAddress: 'jane@corp.example',
        testEmail: { to: LOG, from: 'jane@corp.example' },
      });
      // The first request carries no credentials: the 401 says how to sign in.
      expect(requests[0]!.authorization).toBeUndefined();
      expect(
        requests
          .filter((r) => r.authorization?.startsWith('Basic '))
          .every((r) => r.authenticatedAs === 'jane@corp.example'),
      ).toBe(true);
      const sent = server.sentMessages.at(-1)!;
      expect(sent).toMatchObject({
        from: 'jane@corp.example',
        to: [LOG],
        disposition: 'SendAndSaveCopy',
        subject: 'Inlet connection test',
      });
      expect(sent.internetHeaders['Auto-Submitted']).toBe('auto-generated');
    },
  );

  it.each([
    ['2013', 'ntlm2013.corp.example'],
    ['2016', 'ntlm2016.corp.example'],
    ['2019', 'ntlm2019.corp.example'],
  ] as const)(
    'connects to Exchange %s offering only NTLM and Negotiate, with NTLM through @ewsjs/xhr',
    async (version, host) => {
      const server = s[`ntlm${version}` as 'ntlm2013' | 'ntlm2016' | 'ntlm2019'];
      const { value: outcome, requests } = await requestsDuring(server, () =>
        check({ exchangeUrl: host, username: 'CORP\\jane' }),
      );
      const { result } = outcome;
      expect(result.ok, result.ok ? '' : `${result.error.code}: ${result.error.detail}`).toBe(true);
      if (!result.ok) return;
      expect(result.value.auth).toMatchObject({
        scheme: 'ntlm',
        username: 'CORP\\jane',
        offered: ['Negotiate', 'NTLM'],
      });
      expect(result.value.folders.inbox.displayName).toBe('Inbox');
      // Type 1 then type 3 on the same connection; the server checked the NTLMv2 proof against the password.
      expect(
        requests.some(
          (r) =>
            r.authorization?.startsWith('NTLM ') &&
            r.authenticatedAs === 'jane@corp.example' &&
            r.operation === 'CreateItem',
        ),
      ).toBe(true);
      expect(requests.some((r) => r.authorization?.startsWith('Basic '))).toBe(false);
    },
  );

  it('signs in with NTLM using the email address as the user principal name', async () => {
    const { result } = await check({ exchangeUrl: 'ntlm2019.corp.example' });
    expect(result.ok && result.value.auth).toMatchObject({
      scheme: 'ntlm',
      username: 'jane@corp.example',
    });
  });

  it('accepts Exchange 2010 SP2, the oldest supported release', async () => {
    const { result } = await check({ exchangeUrl: 'mail2010sp2.corp.example' });
    expect(result.ok && result.value.server.product).toBe('Exchange 2010 SP2 (14.2)');
  });

  it('uses the domain settings URL when none is typed, and skips the test email without a logging address', async () => {
    const { result, final } = await check(
      {},
      {
        domainSettingsExchangeUrl: 'https://mail2016.corp.example/EWS/Exchange.asmx',
        testRecipient: undefined,
      },
    );
    expect(result.ok && result.value.urlSource).toBe('domain-settings');
    expect(result.ok && result.value.testEmail).toBeUndefined();
    expect(final('test-email')).toBe('skipped');
  });
});

describe('verifyExchangeAccount: the Exchange URL', () => {
  it.each([
    'mail2016.corp.example',
    'https://mail2016.corp.example',
    'https://Mail2016.Corp.Example/',
    '  HTTPS://mail2016.corp.example/ews/exchange.asmx?wsdl#top  ',
    'mail2016.corp.example/EWS/Services.wsdl',
  ])('normalises %j to the EWS endpoint and accepts it after the SOAP probe', async (typed) => {
    const { result } = await check({ exchangeUrl: typed });
    expect(result.ok && result.value.ewsUrl).toBe(
      'https://mail2016.corp.example/EWS/Exchange.asmx',
    );
  });

  it.each([
    ['an Outlook on the web URL', 'https://mail2016.corp.example/owa/#path=/mail'],
    [
      'the OWA sign-in page',
      'https://mail2016.corp.example/owa/auth/logon.aspx?replaceCurrent=1&url=x',
    ],
    ['an admin center URL', 'mail2016.corp.example/ecp/'],
  ])('refuses %s without contacting the server and suggests the EWS URL', async (_what, typed) => {
    const { value: outcome, requests } = await requestsDuring(s.ex2016, () =>
      check({ exchangeUrl: typed }),
    );
    const error = failure(outcome.result);
    expect(error).toMatchObject({
      code: 'EXCHANGE_URL_INVALID',
      step: 'discovery',
      field: 'exchangeUrl',
    });
    expect(suggestedExchangeUrl(error)).toBe('https://mail2016.corp.example/EWS/Exchange.asmx');
    expect(error.detail).toContain('https://mail2016.corp.example/EWS/Exchange.asmx');
    expect(requests).toHaveLength(0);
  });

  it('refuses a URL that redirects (302) to Outlook on the web and suggests the EWS URL', async () => {
    const error = failure(
      (await check({ exchangeUrl: 'https://webmail.corp.example/mail' })).result,
    );
    expect(error).toMatchObject({ code: 'EXCHANGE_URL_INVALID', step: 'tls' });
    expect(suggestedExchangeUrl(error)).toBe('https://webmail.corp.example/EWS/Exchange.asmx');
    expect(error.detail).toContain('Outlook on the web');
  });

  it('refuses an EWS URL that the site redirects to /owa (HTTP redirect on the whole IIS site)', async () => {
    const { value: outcome, requests } = await requestsDuring(s.owaSite, () =>
      check({ exchangeUrl: 'owa.corp.example' }),
    );
    const error = failure(outcome.result);
    expect(error.code).toBe('EXCHANGE_URL_INVALID');
    expect(error.detail).toMatch(/redirects \(HTTP 302\) to https:\/\/owa\.corp\.example\/owa\//);
    expect(requests.every((r) => r.authorization === undefined)).toBe(true);
  });

  it('refuses a path that does not exist (404) with the suggested URL', async () => {
    const error = failure(
      (await check({ exchangeUrl: 'https://webmail.corp.example/exchweb/ews' })).result,
    );
    expect(error.code).toBe('EXCHANGE_URL_INVALID');
    expect(suggestedExchangeUrl(error)).toBe('https://webmail.corp.example/EWS/Exchange.asmx');
  });

  it('refuses plain http, suggesting https', async () => {
    const error = failure(
      (await check({ exchangeUrl: 'http://mail2016.corp.example/EWS/Exchange.asmx' })).result,
    );
    expect(error.code).toBe('EXCHANGE_URL_INVALID');
    expect(suggestedExchangeUrl(error)).toBe('https://mail2016.corp.example/EWS/Exchange.asmx');
  });

  it('reports a closed port as EXCHANGE_CONNECTION_FAILED with what was seen', async () => {
    const error = failure(
      (await check({ exchangeUrl: 'https://mail2016.corp.example:1/EWS/Exchange.asmx' })).result,
    );
    expect(error).toMatchObject({
      code: 'EXCHANGE_CONNECTION_FAILED',
      step: 'tls',
      field: 'exchangeUrl',
    });
    expect(error.detail).toContain('ECONNREFUSED');
  });

  it('refuses a certificate that is not trusted', async () => {
    const error = failure(
      (await check({ exchangeUrl: 'mail2016.corp.example' }, { ca: undefined })).result,
    );
    expect(error).toMatchObject({ code: 'EXCHANGE_CONNECTION_FAILED', step: 'tls' });
    expect(error.detail).toMatch(
      /certificate was refused \((SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT)\)/,
    );
  });

  it('reports a certificate issued for other names as CERTIFICATE_NAME_MISMATCH, naming them', async () => {
    const error = failure((await check({ exchangeUrl: 'legacy.corp.example' })).result);
    expect(error).toMatchObject({
      code: 'CERTIFICATE_NAME_MISMATCH',
      step: 'tls',
      field: 'exchangeUrl',
    });
    expect(error.detail).toMatch(
      /^The certificate is for .*mail2016\.corp\.example.*, not legacy\.corp\.example\.$/,
    );
  });

  it('goes through the SSRF guard: a loopback address is refused unless allowed', async () => {
    const { value: outcome, requests } = await requestsDuring(s.ex2016, () =>
      check(
        { exchangeUrl: 'mail2016.corp.example' },
        {
          vet: (host, port) =>
            resolveAndVet(host, { port, allowPrivate: () => false, lookup: net.lookup }),
        },
      ),
    );
    expect(failure(outcome.result)).toMatchObject({
      code: 'HOST_NOT_ALLOWED',
      step: 'tls',
      field: 'exchangeUrl',
    });
    expect(requests).toHaveLength(0);
  });
});

describe('verifyExchangeAccount: Exchange Online never gets the password', () => {
  it('refuses outlook.office365.com before sending anything', async () => {
    const { value: outcome, requests } = await requestsDuring(s.office365, () =>
      check({ exchangeUrl: 'https://outlook.office365.com/EWS/Exchange.asmx' }),
    );
    expect(failure(outcome.result)).toMatchObject({ code: 'USE_MICROSOFT_365', step: 'discovery' });
    expect(requests).toHaveLength(0);
  });

  it('recognises Exchange Online behind another name from its 401 (OAuth only, no Windows sign-in)', async () => {
    const { value: outcome, requests } = await requestsDuring(s.online, () =>
      check({ exchangeUrl: 'ews.cloudcorp.example' }),
    );
    expect(failure(outcome.result)).toMatchObject({ code: 'USE_MICROSOFT_365', step: 'tls' });
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((r) => r.authorization === undefined)).toBe(true);
  });

  it('still refuses a server whose ServerVersionInfo says Exchange Online (15.20), before any mailbox work', async () => {
    const { value: outcome, requests } = await requestsDuring(s.onlineVersion, () =>
      check({ exchangeUrl: 'cloudversion.corp.example' }),
    );
    const error = failure(outcome.result);
    expect(error).toMatchObject({ code: 'USE_MICROSOFT_365', step: 'login' });
    expect(error.detail).toContain('Exchange Online (15.20.7452.50)');
    expect(requests.map((r) => r.operation).filter(Boolean)).toEqual(['GetFolder']);
  });
});

describe('verifyExchangeAccount: failures', () => {
  it('refuses Exchange 2010 SP1, naming the version found', async () => {
    const error = failure((await check({ exchangeUrl: 'mail2010sp1.corp.example' })).result);
    expect(error).toMatchObject({ code: 'EXCHANGE_VERSION_UNSUPPORTED', step: 'login' });
    expect(error.detail).toContain('Exchange 2010 SP1 (14.1)');
  });

  it('refuses Exchange 2007, which answers the probe with ErrorInvalidServerVersion', async () => {
    const { value: outcome, requests } = await requestsDuring(s.ex2007, () =>
      check({ exchangeUrl: 'mail2007.corp.example' }),
    );
    const error = failure(outcome.result);
    expect(error).toMatchObject({ code: 'EXCHANGE_VERSION_UNSUPPORTED' });
    expect(error.detail).toContain('ErrorInvalidServerVersion');
    expect(requests.some((r) => r.requestServerVersion === 'Exchange2007_SP1')).toBe(true);
  });

  it('says so when the server offers only Negotiate (Kerberos), without sending the password', async () => {
    const { value: outcome, requests } = await requestsDuring(s.kerberos, () =>
      check({ exchangeUrl: 'kerberos.corp.example' }),
    );
    const error = failure(outcome.result);
    expect(error).toMatchObject({ code: 'EXCHANGE_AUTH_UNSUPPORTED', step: 'tls' });
    expect(error.detail).toContain('Negotiate');
    expect(requests.every((r) => r.authorization === undefined)).toBe(true);
  });

  it('fails authentication after at most two user name forms, with the DOMAIN\\username and app password hint', async () => {
    const before = s.ex2016.failedLogons.get('jane@corp.example') ?? 0;
    const { value: outcome, requests } = await requestsDuring(s.ex2016, () =>
      check({ exchangeUrl: 'mail2016.corp.example', password: 'wrong' }),
    );
    const error = failure(outcome.result);
    expect(error).toMatchObject({
      code: 'AUTHENTICATION_FAILED',
      step: 'login',
      field: 'password',
    });
    expect(error.hint).toContain('DOMAIN\\username');
    expect(error.hint).toContain('app password');
    expect(error.detail).toContain('jane@corp.example and jane');
    expect(requests.filter((r) => r.authorization !== undefined)).toHaveLength(2);
    expect(s.ex2016.failedLogons.get('jane@corp.example')).toBe(before + 2);
  });

  it('fails NTLM with a wrong password: the server checks the NTLMv2 response', async () => {
    const before = s.ntlm2016.failedLogons.get('jane@corp.example') ?? 0;
    const error = failure(
      (
        await check({
          exchangeUrl: 'ntlm2016.corp.example',
          username: 'CORP\\jane',
          password: 'wrong',
        })
      ).result,
    );
    expect(error.code).toBe('AUTHENTICATION_FAILED');
    expect(error.detail).toContain('CORP\\jane and jane@corp.example');
    expect(s.ntlm2016.failedLogons.get('jane@corp.example')).toBe(before + 2);
  });

  it('tries the alternative user name form once: bob@corp.example is refused, bob (default domain) works', async () => {
    const { result } = await check({
      exchangeUrl: 'mail2016.corp.example',
      email: 'bob@corp.example',
      password: bob.password,
    });
    expect(result.ok && result.value.auth.username).toBe('bob');
    expect(s.ex2016.failedLogons.get('?')).toBeGreaterThanOrEqual(1);
  });

  it('refuses a mailbox without an SMTP address', async () => {
    const error = failure(
      (
        await check({
          exchangeUrl: 'nosmtp.corp.example',
          email: 'svc@corp.example',
          password: noSmtp.password,
        })
      ).result,
    );
    expect(error).toMatchObject({ code: 'EXCHANGE_NO_SMTP_ADDRESS', field: 'email' });
  });

  it('reports ErrorSendAsDenied as TEST_EMAIL_FAILED with the Send As hint', async () => {
    const { result, final } = await check({
      exchangeUrl: 'mail2016.corp.example',
      email: 'shared@corp.example',
      username: 'CORP\\jane',
    });
    const error = failure(result);
    expect(error).toMatchObject({ code: 'TEST_EMAIL_FAILED', step: 'test-email' });
    expect(error.hint).toContain('Send As');
    expect(error.detail).toContain('ErrorSendAsDenied');
    expect(final('folders')).toBe('passed');
    expect(final('test-email')).toBe('failed');
  });

  it('reports ErrorAccessDenied as EXCHANGE_CONNECTION_FAILED with the response code', async () => {
    const error = failure((await check({ exchangeUrl: 'denied.corp.example' })).result);
    expect(error).toMatchObject({ code: 'EXCHANGE_CONNECTION_FAILED', step: 'login' });
    expect(error.detail).toContain('ErrorAccessDenied');
  });

  it('reports ErrorServerBusy as RATE_LIMITED', async () => {
    const error = failure((await check({ exchangeUrl: 'busy.corp.example' })).result);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', step: 'login' });
    expect(error.detail).toContain('ErrorServerBusy');
  });
});
