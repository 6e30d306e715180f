import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderError } from '../core/provider-error.js';
import { startAll, stopAll, type Stoppable } from '../testing/start-all.js';
import {
  createEwsTestCertificate,
  type EwsTestCertificate,
} from '../testing/ews/ews-test-certificate.js';
import { ExchangeTestNetwork } from '../testing/ews/exchange-test-network.js';
import {
  startEwsTestServer,
  type EwsRecordedRequest,
  type EwsTestAccount,
  type EwsTestServerOptions,
} from '../testing/ews/ews-test-server.js';
import { MAX_REDIRECT_HOPS } from './autodiscover.js';
import { verifyExchangeAccount, type ExchangeVerifyDeps } from './verify-exchange-account.js';

const PASSWORD = 'Autumn-2025!';

/** jane@<domain>, signing in as CORP\jane or jane@<domain>. */
function janeAt(domain: string): EwsTestAccount {
  return {
    samAccountName: 'jane',
    domain: 'CORP',
    upn: `jane@${domain}`,
    password: PASSWORD,
    smtpAddress: `jane@${domain}`,
    displayName: 'Jane Doe',
  };
}

const hopNames = ['hop1', 'hop2', 'hop3', 'hop4'].map((h) => `${h}.hopcorp.example`);
const threeHopNames = ['a1', 'a2', 'a3'].map((h) => `${h}.threehop.example`);

const started: Stoppable[] = [];
let net: ExchangeTestNetwork;
let s: Awaited<ReturnType<typeof startServers>>;

function startServers(certificate: EwsTestCertificate) {
  const server = (domain: string, options: EwsTestServerOptions) =>
    startEwsTestServer({ certificate, accounts: [janeAt(domain)], ...options });
  return startAll(
    {
      pox: server('poxcorp.example', { autodiscover: { pox: true } }),
      soap: server('soapcorp.example', { profile: '2019', autodiscover: { soap: true } }),
      json: server('jsoncorp.example', {
        profile: '2013',
        autodiscover: { json: true, ewsUrl: 'https://mail.jsoncorp.example/EWS/Exchange.asmx' },
      }),
      httpProbe: server('httpcorp.example', {
        http: true,
        autodiscover: { pox: true, hosts: ['mail.httpcorp.example'] },
        redirects: [
          {
            protocol: 'http',
            host: 'autodiscover.httpcorp.example',
            location: 'https://mail.httpcorp.example/autodiscover/autodiscover.xml',
          },
        ],
      }),
      srv: server('srvcorp.example', { autodiscover: { pox: true } }),
      hops: server('hopcorp.example', {
        autodiscover: { pox: true, soap: true, json: true },
        redirects: [
          {
            host: 'autodiscover.hopcorp.example',
            path: '/autodiscover',
            location: 'https://hop1.hopcorp.example/autodiscover/autodiscover.xml',
          },
          {
            host: 'hop1.hopcorp.example',
            location: 'https://hop2.hopcorp.example/autodiscover/autodiscover.xml',
          },
          {
            host: 'hop2.hopcorp.example',
            location: 'https://hop3.hopcorp.example/autodiscover/autodiscover.xml',
          },
          {
            host: 'hop3.hopcorp.example',
            location: 'https://hop4.hopcorp.example/autodiscover/autodiscover.xml',
          },
        ],
      }),
      threeHops: server('threehop.example', {
        autodiscover: { pox: true, hosts: ['a3.threehop.example'] },
        redirects: [
          {
            host: 'autodiscover.threehop.example',
            path: '/autodiscover/autodiscover.xml',
            location: 'https://a1.threehop.example/autodiscover/autodiscover.xml',
          },
          {
            host: 'a1.threehop.example',
            location: 'https://a2.threehop.example/autodiscover/autodiscover.xml',
          },
          {
            host: 'a2.threehop.example',
            location: 'https://a3.threehop.example/autodiscover/autodiscover.xml',
          },
        ],
      }),
      redirector: server('foreigncorp.example', {
        redirects: [
          {
            host: 'autodiscover.foreigncorp.example',
            path: '/autodiscover',
            location: 'https://autodiscover.hoster.example/autodiscover/autodiscover.xml',
          },
        ],
      }),
      foreign: server('foreigncorp.example', {
        autodiscover: { pox: true, soap: true, json: true },
      }),
      m365Json: server('m365corp.example', {
        autodiscover: { json: true, pox: true, microsoftOnline: true },
      }),
      m365Pox: server('m365pox.example', {
        autodiscover: { pox: true, soap: true, microsoftOnline: true },
      }),
      hybrid: server('hybrid.example', {
        redirects: [
          {
            host: 'autodiscover.hybrid.example',
            path: '/autodiscover',
            location: 'https://autodiscover-s.outlook.com/autodiscover/autodiscover.xml',
          },
        ],
      }),
      redirectAddr: server('routed.example', {
        autodiscover: { pox: true, redirectAddress: 'jane@routed.mail.onmicrosoft.com' },
      }),
      badPassword: server('lockcorp.example', { autodiscover: { pox: true } }),
      nothing: server('emptycorp.example', {}),
      foreignEws: server('outsourced.example', {
        autodiscover: { pox: true, ewsUrl: 'https://mail.hoster.example/EWS/Exchange.asmx' },
      }),
    },
    started,
  );
}

beforeAll(async () => {
  const names = [
    'autodiscover.poxcorp.example',
    'autodiscover.soapcorp.example',
    'autodiscover.jsoncorp.example',
    'mail.jsoncorp.example',
    'autodiscover.httpcorp.example',
    'mail.httpcorp.example',
    'exchange.srvcorp.example',
    'autodiscover.hopcorp.example',
    ...hopNames,
    'autodiscover.threehop.example',
    ...threeHopNames,
    'autodiscover.foreigncorp.example',
    'autodiscover.hoster.example',
    'autodiscover.m365corp.example',
    'autodiscover.m365pox.example',
    'autodiscover.hybrid.example',
    'autodiscover.routed.example',
    'autodiscover.lockcorp.example',
    'autodiscover.emptycorp.example',
    'emptycorp.example',
    'autodiscover.outsourced.example',
  ];
  s = await startServers(await createEwsTestCertificate(names));
  net = (await ExchangeTestNetwork.create())
    .add(s.pox, ['autodiscover.poxcorp.example'])
    .add(s.soap, ['autodiscover.soapcorp.example'])
    .add(s.json, ['autodiscover.jsoncorp.example', 'mail.jsoncorp.example'])
    .add(s.httpProbe, ['autodiscover.httpcorp.example', 'mail.httpcorp.example'])
    .add(s.srv, ['exchange.srvcorp.example'])
    .add(s.hops, ['autodiscover.hopcorp.example', ...hopNames])
    .add(s.threeHops, ['autodiscover.threehop.example', ...threeHopNames])
    .add(s.redirector, ['autodiscover.foreigncorp.example'])
    .add(s.foreign, ['autodiscover.hoster.example'])
    .add(s.m365Json, ['autodiscover.m365corp.example'])
    .add(s.m365Pox, ['autodiscover.m365pox.example'])
    .add(s.hybrid, ['autodiscover.hybrid.example'])
    .add(s.redirectAddr, ['autodiscover.routed.example'])
    .add(s.badPassword, ['autodiscover.lockcorp.example'])
    .add(s.nothing, ['autodiscover.emptycorp.example', 'emptycorp.example'])
    .add(s.foreignEws, ['autodiscover.outsourced.example'])
    .addSrv('_autodiscover._tcp.srvcorp.example', [
      { name: 'ignored.srvcorp.example', port: 8443, priority: 0, weight: 100 },
      { name: 'exchange.srvcorp.example', port: 443, priority: 10, weight: 10 },
    ]);
}, 30_000);

afterAll(() => stopAll(started), 30_000);

function run(email: string, deps: Partial<ExchangeVerifyDeps> = {}, password = PASSWORD) {
  return verifyExchangeAccount(
    { email, password },
    { ...net.deps(), timeouts: { stepMs: 10_000, totalMs: 20_000 }, ...deps },
  );
}

function failure(result: Awaited<ReturnType<typeof verifyExchangeAccount>>): ProviderError {
  if (result.ok) throw new Error(`expected a failure, got ${result.value.ewsUrl}`);
  return result.error;
}

const withCredentials = (requests: EwsRecordedRequest[]) =>
  requests.filter((r) => r.authorization !== undefined);

describe('autodiscover finds the EWS URL', () => {
  it('with POX (POST /autodiscover/autodiscover.xml), credentials only after the 401', async () => {
    const result = await run('jane@poxcorp.example');
    expect(result.ok, result.ok ? '' : `${result.error.code} ${result.error.detail}`).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({
      urlSource: 'autodiscover-pox',
      ewsUrl: 'https://autodiscover.poxcorp.example/EWS/Exchange.asmx',
      smtpAddress: 'jane@poxcorp.example',
    });
    const pox = s.pox.requests.filter((r) => r.operation === 'pox');
    expect(pox.map((r) => r.authorization === undefined)).toEqual([true, false]);
    // The anonymous JSON lookup came first and found nothing on this server.
    expect(result.value.discoveryLog[0]).toMatch(
      /^JSON https:\/\/autodiscover\.poxcorp\.example\/autodiscover\/autodiscover\.json: HTTP 404/,
    );
  });

  it('with SOAP (GetUserSettings on autodiscover.svc)', async () => {
    const result = await run('jane@soapcorp.example');
    expect(result.ok && result.value).toMatchObject({
      urlSource: 'autodiscover-soap',
      ewsUrl: 'https://autodiscover.soapcorp.example/EWS/Exchange.asmx',
    });
    expect(
      s.soap.requests.some(
        (r) => r.operation === 'soap' && r.authenticatedAs === 'jane@soapcorp.example',
      ),
    ).toBe(true);
  });

  it('with Autodiscover v2 JSON, anonymously', async () => {
    const result = await run('jane@jsoncorp.example');
    expect(result.ok && result.value).toMatchObject({
      urlSource: 'autodiscover-json',
      ewsUrl: 'https://mail.jsoncorp.example/EWS/Exchange.asmx',
      server: { product: 'Exchange 2013 (15.0.1497.2)' },
    });
    expect(s.json.requests.find((r) => r.operation === 'json')?.authorization).toBeUndefined();
  });

  it('with the http redirect probe: only the Location is read, credentials go over https', async () => {
    const result = await run('jane@httpcorp.example');
    expect(result.ok && result.value).toMatchObject({
      urlSource: 'autodiscover-pox',
      ewsUrl: 'https://mail.httpcorp.example/EWS/Exchange.asmx',
    });
    const overHttp = s.httpProbe.requests.filter((r) => r.protocol === 'http');
    expect(overHttp.length).toBe(1);
    expect(overHttp[0]!.authorization).toBeUndefined();
  });

  it('with the _autodiscover._tcp SRV record (port 443 only)', async () => {
    const result = await run('jane@srvcorp.example');
    expect(result.ok && result.value).toMatchObject({
      urlSource: 'autodiscover-pox',
      ewsUrl: 'https://exchange.srvcorp.example/EWS/Exchange.asmx',
    });
    expect(result.ok && result.value.discoveryLog).toContain(
      'SRV _autodiscover._tcp.srvcorp.example: exchange.srvcorp.example',
    );
  });

  it(`follows ${MAX_REDIRECT_HOPS} redirects within the user's domain`, async () => {
    const result = await run('jane@threehop.example');
    expect(result.ok && result.value.ewsUrl).toBe('https://a3.threehop.example/EWS/Exchange.asmx');
  });
});

describe('autodiscover redirect policy', () => {
  it('refuses the 4th redirect: the 4th target never gets a request', async () => {
    const error = failure(await run('jane@hopcorp.example'));
    expect(error).toMatchObject({
      code: 'EXCHANGE_AUTODISCOVER_FAILED',
      step: 'discovery',
      field: 'exchangeUrl',
    });
    expect(error.detail).toContain(`more than ${MAX_REDIRECT_HOPS} redirects`);
    expect(s.hops.requests.filter((r) => r.host === 'hop3.hopcorp.example').length).toBeGreaterThan(
      0,
    );
    expect(s.hops.requests.filter((r) => r.host === 'hop4.hopcorp.example')).toHaveLength(0);
    expect(withCredentials(s.hops.requests)).toHaveLength(0);
  });

  it("refuses a redirect to a host outside the user's domain: the foreign server receives no credentials", async () => {
    const error = failure(await run('jane@foreigncorp.example'));
    expect(error.code).toBe('EXCHANGE_AUTODISCOVER_FAILED');
    expect(error.detail).toContain('autodiscover.hoster.example is outside foreigncorp.example');
    expect(s.foreign.requests.filter((r) => r.authorization !== undefined)).toHaveLength(0);
    expect(s.foreign.requests).toHaveLength(0);
  });

  it('follows the same redirect when an administrator approved the host', async () => {
    const result = await run('jane@foreigncorp.example', { approvedHosts: ['*.hoster.example'] });
    expect(result.ok && result.value.ewsUrl).toBe(
      'https://autodiscover.hoster.example/EWS/Exchange.asmx',
    );
    expect(withCredentials(s.foreign.requests).length).toBeGreaterThan(0);
  });

  it("refuses an EWS URL on a host outside the user's domain, whatever autodiscover says", async () => {
    const error = failure(await run('jane@outsourced.example'));
    expect(error.code).toBe('EXCHANGE_AUTODISCOVER_FAILED');
    expect(error.detail).toContain(
      'returned https://mail.hoster.example/EWS/Exchange.asmx, refused: mail.hoster.example is outside outsourced.example',
    );
  });

  it('stops after the first refused password instead of trying every endpoint', async () => {
    const error = failure(await run('jane@lockcorp.example', {}, 'wrong-password'));
    expect(error).toMatchObject({ code: 'AUTHENTICATION_FAILED', step: 'discovery' });
    expect(withCredentials(s.badPassword.requests)).toHaveLength(2);
  });

  it('reports what was tried when nothing answers', async () => {
    const error = failure(await run('jane@emptycorp.example'));
    expect(error.code).toBe('EXCHANGE_AUTODISCOVER_FAILED');
    expect(error.detail).toContain(
      'POX https://emptycorp.example/autodiscover/autodiscover.xml: HTTP 404',
    );
    expect(error.detail).toContain('SRV _autodiscover._tcp.emptycorp.example: ENODATA');
  });
});

describe('autodiscover recognises Exchange Online without sending the password', () => {
  it('from the v2 JSON answer pointing at outlook.office365.com', async () => {
    const error = failure(await run('jane@m365corp.example'));
    expect(error).toMatchObject({ code: 'USE_MICROSOFT_365', step: 'discovery' });
    expect(withCredentials(s.m365Json.requests)).toHaveLength(0);
  });

  it("from Microsoft's autodiscover header on the unauthenticated 401", async () => {
    const error = failure(await run('jane@m365pox.example'));
    expect(error.code).toBe('USE_MICROSOFT_365');
    expect(error.detail).toContain('urn:federation:MicrosoftOnline');
    expect(s.m365Pox.requests.length).toBeGreaterThan(0);
    expect(withCredentials(s.m365Pox.requests)).toHaveLength(0);
  });

  it('from a redirect to autodiscover-s.outlook.com (not followed)', async () => {
    const error = failure(await run('jane@hybrid.example'));
    expect(error.code).toBe('USE_MICROSOFT_365');
    expect(error.detail).toContain('autodiscover-s.outlook.com');
    expect(withCredentials(s.hybrid.requests)).toHaveLength(0);
  });

  it('from a redirectAddr to a Microsoft 365 routing address', async () => {
    const error = failure(await run('jane@routed.example'));
    expect(error.code).toBe('USE_MICROSOFT_365');
    expect(error.detail).toContain('jane@routed.mail.onmicrosoft.com');
  });
});
