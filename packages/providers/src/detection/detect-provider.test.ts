import { Resolver } from 'node:dns/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpsFetcher } from '../transport/fetch-text.js';
import type { FetchText } from '../transport/fetch-text.js';
import { createHostAllowList } from '../transport/host-allow-list.js';
import { startHttpsTestServer } from '../testing/https-test-server.js';
import type { HttpsTestServer } from '../testing/https-test-server.js';
import { createResolverLookup } from '../transport/vet-address.js';
import { detectProvider } from './detect-provider.js';
import { startDnsTestServer, startSilentDnsServer } from '../testing/dns-test-server.js';
import type { DnsTestServer } from '../testing/dns-test-server.js';
import type { DetectionDeps, DetectionResult } from './types.js';

const LOOPBACK = ['127.0.0.1'];

const serverXml = (
  tag: string,
  type: string,
  host: string,
  port: number,
  socketType: string,
  username = '%EMAILADDRESS%',
): string =>
  `<${tag} type="${type}">
     <hostname>${host}</hostname><port>${port}</port><socketType>${socketType}</socketType>
     <username>${username}</username><authentication>password-cleartext</authentication>
   </${tag}>`;
const configXml = (
  domain: string,
  ...servers: string[]
): string => `<?xml version="1.0" encoding="UTF-8"?>
<!-- served by the detection test -->
<clientConfig version="1.1">
  <emailProvider id="${domain}">
    <domain>${domain}</domain>
    <displayName>Test &amp; Co</displayName>
    ${servers.join('\n    ')}
  </emailProvider>
</clientConfig>`;

// Every document the loopback HTTPS server serves, by "host path".
const documents: Record<string, string> = {
  'autoconfig.acme.test /mail/config-v1.1.xml': configXml(
    'acme.test',
    serverXml('incomingServer', 'pop3', 'pop.acme.test', 995, 'SSL'),
    serverXml('incomingServer', 'imap', 'imap.acme.test', 993, 'SSL'),
    serverXml('outgoingServer', 'smtp', 'smtp.acme.test', 587, 'STARTTLS'),
  ),
  'wellknown.test /.well-known/autoconfig/mail/config-v1.1.xml': configXml(
    'wellknown.test',
    serverXml('incomingServer', 'imap', 'mail.%EMAILDOMAIN%', 143, 'STARTTLS', '%EMAILLOCALPART%'),
    serverXml('outgoingServer', 'smtp', 'mail.%EMAILDOMAIN%', 465, 'SSL', '%EMAILLOCALPART%'),
  ),
  'autoconfig.plainonly.test /mail/config-v1.1.xml': configXml(
    'plainonly.test',
    serverXml('incomingServer', 'imap', 'mail.plainonly.test', 143, 'plain'),
    serverXml('outgoingServer', 'smtp', 'mail.plainonly.test', 25, 'plain'),
  ),
  'autoconfig.exchco.test /mail/config-v1.1.xml': configXml(
    'exchco.test',
    '<incomingServer type="exchange"><hostname>mail.exchco.test</hostname><ewsURL>https://mail.exchco.test/EWS/Exchange.asmx</ewsURL></incomingServer>',
  ),
  'ispdb.test /v1.1/listed.test': configXml(
    'listed.test',
    serverXml('incomingServer', 'imap', 'imap.listedmail.test', 993, 'SSL'),
    serverXml('outgoingServer', 'smtp', 'smtp.listedmail.test', 465, 'SSL'),
  ),
  'ispdb.test /v1.1/hostingco.test': configXml(
    'hostingco.test',
    serverXml('incomingServer', 'imap', 'imap.hostingco.test', 993, 'SSL'),
    serverXml('outgoingServer', 'smtp', 'smtp.hostingco.test', 465, 'SSL'),
  ),
};

const httpsNames = [
  'autoconfig.acme.test',
  'wellknown.test',
  'autoconfig.plainonly.test',
  'autoconfig.exchco.test',
  'autoconfig.hugeconfig.test',
  'autoconfig.slowauto.test',
  'ispdb.test',
];

let dns: DnsTestServer;
let https: HttpsTestServer;
let resolver: Resolver;
let fetchText: FetchText;

beforeAll(async () => {
  dns = await startDnsTestServer({
    A: Object.fromEntries(httpsNames.map((name) => [name, LOOPBACK])),
    MX: {
      'settings.test': [{ exchange: 'aspmx.l.google.com', priority: 1 }],
      'gworkspace.test': [
        { exchange: 'alt1.aspmx.l.google.com', priority: 5 },
        { exchange: 'aspmx.l.google.com', priority: 1 },
      ],
      'contoso.test': [{ exchange: 'contoso-test.mail.protection.outlook.com', priority: 0 }],
      'sesco.test': [{ exchange: 'inbound-smtp.us-east-1.amazonaws.com', priority: 10 }],
      'acme.test': [{ exchange: 'mx.acme.test', priority: 10 }],
      'customer.test': [{ exchange: 'mx1.mail.hostingco.test', priority: 10 }],
    },
    SRV: {
      '_imaps._tcp.acme.test': [{ target: 'srv-imap.acme.test', port: 993 }],
      '_imaps._tcp.srvmail.test': [
        { target: 'backup.srvmail.test', port: 993, priority: 20 },
        { target: 'imap.srvmail.test', port: 993, priority: 10 },
      ],
      '_imap._tcp.srvmail.test': [{ target: 'mail.srvmail.test', port: 143 }],
      '_submissions._tcp.srvmail.test': [{ target: '.', port: 0 }],
      '_submission._tcp.srvmail.test': [{ target: 'smtp.srvmail.test', port: 587 }],
      '_imaps._tcp.slowauto.test': [{ target: 'imap.slowauto.test', port: 993 }],
    },
  });

  https = await startHttpsTestServer(httpsNames, (_request, response, url) => {
    if (url.hostname === 'autoconfig.slowauto.test') return; // never answers
    if (url.hostname === 'autoconfig.hugeconfig.test') {
      response
        .writeHead(200, { 'content-type': 'text/xml' })
        .end(`<clientConfig>${' '.repeat(1024 * 1024)}</clientConfig>`);
      return;
    }
    const body = documents[`${url.hostname} ${url.pathname}`];
    if (body) response.writeHead(200, { 'content-type': 'text/xml' }).end(body);
    else response.writeHead(404).end();
  });

  resolver = new Resolver({ timeout: 1000, tries: 1 });
  resolver.setServers([dns.server]);
  // Autoconfig fetches still go through resolveAndVet: loopback is allowed here by address, on the test server's port.
  fetchText = createHttpsFetcher({
    allowPrivate: createHostAllowList([`127.0.0.1:${https.port}`]),
    lookup: createResolverLookup(resolver),
    ca: https.ca,
    defaultPortOverride: https.port,
  });
});

afterAll(async () => {
  resolver?.cancel();
  await Promise.all([dns?.close(), https?.close()]);
});

const deps = (extra: Partial<DetectionDeps> = {}): DetectionDeps => ({
  resolver,
  fetchText,
  ispdbBaseUrl: 'https://ispdb.test/v1.1',
  timeoutMs: 2000,
  totalTimeoutMs: 5000,
  ...extra,
});

const queriesFor = (domain: string): string[] => dns.queries.filter((q) => q.endsWith(domain));
const requestsFor = (domain: string): string[] =>
  https.requests.filter((r) => r.split(' ')[0]!.endsWith(domain));

describe('detectProvider', () => {
  it('uses admin domain settings first, before any network lookup', async () => {
    const result = await detectProvider('jane@Settings.TEST', {
      ...deps(),
      domainSettings: (domain) =>
        domain === 'settings.test'
          ? {
              kind: 'IMAP',
              imap: { host: 'imap.internal.settings.test', port: 993, security: 'SSL_TLS' },
              smtp: { host: 'smtp.internal.settings.test', port: 587, security: 'STARTTLS' },
            }
          : undefined,
    });
    expect(result).toMatchObject({
      provider: 'IMAP',
      source: 'DOMAIN_SETTINGS',
      imap: { host: 'imap.internal.settings.test', port: 993, security: 'SSL_TLS' },
      smtp: { host: 'smtp.internal.settings.test', port: 587, security: 'STARTTLS' },
    });
    expect(result.tried).toEqual([
      'Domain settings for settings.test: IMAP imap.internal.settings.test:993 SSL/TLS, SMTP smtp.internal.settings.test:587 STARTTLS',
    ]);
    expect(queriesFor('settings.test')).toEqual([]);
  });

  it('returns an Exchange URL from domain settings', async () => {
    const result = await detectProvider('jane@exchco.test', {
      ...deps(),
      domainSettings: async () => ({
        kind: 'EXCHANGE',
        exchangeUrl: 'https://owa.exchco.test/EWS/Exchange.asmx',
      }),
    });
    expect(result).toMatchObject({
      provider: 'EXCHANGE',
      source: 'DOMAIN_SETTINGS',
      exchangeUrl: 'https://owa.exchco.test/EWS/Exchange.asmx',
    });
  });

  it('knows the big providers without touching the network', async () => {
    const noNetwork: FetchText = () => Promise.reject(new Error('no network expected'));
    const cases: [string, Partial<DetectionResult>][] = [
      [
        'jane@gmail.com',
        { provider: 'GMAIL', imap: { host: 'imap.gmail.com', port: 993, security: 'SSL_TLS' } },
      ],
      ['jane@googlemail.com', { provider: 'GMAIL' }],
      [
        'jane@hotmail.com',
        {
          provider: 'MICROSOFT_365',
          imap: { host: 'outlook.office365.com', port: 993, security: 'SSL_TLS' },
        },
      ],
      [
        'jane@yahoo.com',
        { provider: 'IMAP', imap: { host: 'imap.mail.yahoo.com', port: 993, security: 'SSL_TLS' } },
      ],
      [
        'jane@me.com',
        { provider: 'IMAP', smtp: { host: 'smtp.mail.me.com', port: 587, security: 'STARTTLS' } },
      ],
      ['jane@corp.awsapps.com', { provider: 'UNSUPPORTED' }],
    ];
    for (const [email, expected] of cases) {
      const result = await detectProvider(email, { ...deps(), fetchText: noNetwork });
      expect(result, email).toMatchObject({ ...expected, source: 'KNOWN_PROVIDER' });
    }
    expect(dns.queries.filter((q) => /gmail|hotmail|yahoo|me\.com|awsapps/.test(q))).toEqual([]);
  });

  it('recognises Google Workspace from MX', async () => {
    const result = await detectProvider('jane@gworkspace.test', deps());
    expect(result).toMatchObject({
      provider: 'GMAIL',
      source: 'MX',
      imap: { host: 'imap.gmail.com' },
    });
    expect(result.tried).toContain(
      'MX gworkspace.test: aspmx.l.google.com (1), alt1.aspmx.l.google.com (5)',
    );
  });

  it('recognises Microsoft 365 from MX', async () => {
    const result = await detectProvider('jane@contoso.test', deps());
    expect(result).toMatchObject({
      provider: 'MICROSOFT_365',
      source: 'MX',
      imap: { host: 'outlook.office365.com' },
    });
  });

  it('refuses Amazon SES / WorkMail from MX with a reason', async () => {
    const result = await detectProvider('jane@sesco.test', deps());
    expect(result).toMatchObject({
      provider: 'UNSUPPORTED',
      source: 'MX',
      reason: expect.stringMatching(/Amazon/),
    });
    expect(result.imap).toBeUndefined();
  });

  it('reads the ISP autoconfig at autoconfig.<domain>, sending the address', async () => {
    const result = await detectProvider('jane@acme.test', deps());
    expect(result).toMatchObject({
      provider: 'IMAP',
      source: 'AUTOCONFIG',
      imap: { host: 'imap.acme.test', port: 993, security: 'SSL_TLS', username: 'jane@acme.test' },
      smtp: { host: 'smtp.acme.test', port: 587, security: 'STARTTLS', username: 'jane@acme.test' },
    });
    expect(requestsFor('acme.test')).toContain(
      'autoconfig.acme.test /mail/config-v1.1.xml?emailaddress=jane%40acme.test',
    );
    // MX was looked at first and said nothing; autoconfig beat the SRV records this domain also has.
    expect(result.tried[2]).toBe('MX acme.test: mx.acme.test (10)');
    expect(result.tried[3]).toMatch(
      /^Autoconfig https:\/\/autoconfig\.acme\.test\/mail\/config-v1\.1\.xml: imap imap\.acme\.test:993 SSL\/TLS; smtp/,
    );
  });

  it('reads the well-known autoconfig location, filling %EMAILDOMAIN% and %EMAILLOCALPART%', async () => {
    const result = await detectProvider('jane.doe@wellknown.test', deps());
    expect(result).toMatchObject({
      source: 'AUTOCONFIG',
      imap: { host: 'mail.wellknown.test', port: 143, security: 'STARTTLS', username: 'jane.doe' },
      smtp: { host: 'mail.wellknown.test', port: 465, security: 'SSL_TLS', username: 'jane.doe' },
    });
    expect(
      result.tried.some(
        (line) =>
          line.startsWith('Autoconfig https://autoconfig.wellknown.test/') &&
          line.endsWith('host not found'),
      ),
    ).toBe(true);
  });

  it('reads an Exchange URL from autoconfig', async () => {
    const result = await detectProvider('jane@exchco.test', deps());
    expect(result).toMatchObject({
      provider: 'EXCHANGE',
      source: 'AUTOCONFIG',
      exchangeUrl: 'https://mail.exchco.test/EWS/Exchange.asmx',
    });
  });

  it('asks the ISPDB for the domain', async () => {
    const result = await detectProvider('jane@listed.test', deps());
    expect(result).toMatchObject({
      source: 'ISPDB',
      imap: { host: 'imap.listedmail.test', port: 993 },
      smtp: { host: 'smtp.listedmail.test', port: 465 },
    });
    expect(https.requests).toContain('ispdb.test /v1.1/listed.test');
  });

  it("asks the ISPDB for the MX host's domains", async () => {
    const result = await detectProvider('jane@customer.test', deps());
    expect(result).toMatchObject({
      provider: 'IMAP',
      source: 'ISPDB',
      imap: { host: 'imap.hostingco.test', username: 'jane@customer.test' },
    });
    expect(https.requests).toContain('ispdb.test /v1.1/mail.hostingco.test');
    expect(https.requests).toContain('ispdb.test /v1.1/hostingco.test');
    expect(result.tried).toContain(
      'ISPDB (MX mx1.mail.hostingco.test) https://ispdb.test/v1.1/mail.hostingco.test: HTTP 404',
    );
  });

  it('uses SRV records (RFC 6186/8314), preferring implicit TLS and skipping "." targets', async () => {
    const result = await detectProvider('jane@srvmail.test', deps());
    expect(result).toMatchObject({
      provider: 'IMAP',
      source: 'SRV',
      imap: { host: 'imap.srvmail.test', port: 993, security: 'SSL_TLS' },
      smtp: { host: 'smtp.srvmail.test', port: 587, security: 'STARTTLS' },
    });
    expect(result.tried).toContain('SRV _submissions._tcp.srvmail.test: service not offered');
  });

  it('guesses only when nothing else answers, and never a plaintext server', async () => {
    const result = await detectProvider('jane@nothing.test', deps());
    expect(result).toMatchObject({
      provider: 'IMAP',
      source: 'GUESS',
      imap: { host: 'imap.nothing.test', port: 993, security: 'SSL_TLS' },
      smtp: { host: 'smtp.nothing.test', port: 465, security: 'SSL_TLS' },
    });
    const all = [...result.candidates!.imap, ...result.candidates!.smtp];
    expect(all.map((c) => `${c.host}:${c.port}`)).toEqual([
      'imap.nothing.test:993',
      'mail.nothing.test:993',
      'nothing.test:993',
      'imap.nothing.test:143',
      'mail.nothing.test:143',
      'nothing.test:143',
      'smtp.nothing.test:465',
      'mail.nothing.test:465',
      'nothing.test:465',
      'smtp.nothing.test:587',
      'mail.nothing.test:587',
      'nothing.test:587',
    ]);
    expect(
      all.every((c) =>
        c.port === 993 || c.port === 465 ? c.security === 'SSL_TLS' : c.security === 'STARTTLS',
      ),
    ).toBe(true);
    // Every source was consulted, in priority order, before guessing.
    expect(result.tried.map((line) => line.split(' ')[0])).toEqual([
      'Domain',
      'nothing.test',
      'MX',
      'Autoconfig',
      'Autoconfig',
      'ISPDB',
      'SRV',
      'SRV',
      'SRV',
      'SRV',
      'Guesses:',
    ]);
  });

  it('ignores plaintext-only autoconfig entries', async () => {
    const result = await detectProvider('jane@plainonly.test', deps());
    expect(result.source).toBe('GUESS');
    expect(
      result.tried.find((line) => line.startsWith('Autoconfig https://autoconfig.plainonly.test')),
    ).toMatch(
      /skipped imap mail\.plainonly\.test:143 \(plain socket type: not encrypted\); skipped smtp mail\.plainonly\.test:25/,
    );
  });

  it('refuses an oversized autoconfig document', async () => {
    const result = await detectProvider('jane@hugeconfig.test', deps());
    expect(result.source).toBe('GUESS');
    expect(
      result.tried.find((line) => line.startsWith('Autoconfig https://autoconfig.hugeconfig.test')),
    ).toMatch(/refused \(larger than 1 MB\)$/);
  });

  it('returns what it has when the overall bound is hit (SRV answered, autoconfig hangs)', async () => {
    const started = Date.now();
    const result = await detectProvider(
      'jane@slowauto.test',
      deps({ timeoutMs: 5000, totalTimeoutMs: 700 }),
    );
    const elapsed = Date.now() - started;
    expect(result).toMatchObject({
      source: 'SRV',
      imap: { host: 'imap.slowauto.test', port: 993 },
    });
    expect(result.tried.at(-1)).toBe('Stopped waiting after 700 ms for: autoconfig');
    expect(elapsed).toBeGreaterThanOrEqual(650);
    expect(elapsed).toBeLessThan(1500);
  });

  it('stays within the bound when the DNS server never answers', async () => {
    const silent = await startSilentDnsServer();
    const deaf = new Resolver({ timeout: 5000, tries: 1 });
    deaf.setServers([silent.server]);
    try {
      const started = Date.now();
      const result = await detectProvider('jane@blackhole.test', {
        resolver: deaf,
        fetchText: createHttpsFetcher({
          allowPrivate: () => true,
          lookup: createResolverLookup(deaf),
          ca: https.ca,
          defaultPortOverride: https.port,
        }),
        ispdbBaseUrl: 'https://ispdb.test/v1.1',
        timeoutMs: 5000,
        totalTimeoutMs: 800,
      });
      const elapsed = Date.now() - started;
      expect(result.source).toBe('GUESS');
      expect(result.tried).toContain(
        'Stopped waiting after 800 ms for: MX, autoconfig, ISPDB, ISPDB for MX, SRV',
      );
      expect(elapsed).toBeLessThan(1500);

      // With a short per-lookup timeout every source gives up on its own, well before the bound.
      const quick = Date.now();
      const again = await detectProvider('jane@blackhole.test', {
        resolver: deaf,
        fetchText,
        ispdbBaseUrl: null,
        timeoutMs: 200,
        totalTimeoutMs: 5000,
      });
      expect(again.source).toBe('GUESS');
      expect(again.tried).toContain('MX blackhole.test: no answer in time');
      expect(Date.now() - quick).toBeLessThan(1500);
    } finally {
      deaf.cancel();
      await silent.close();
    }
  });

  it('rejects something that is not an email address', async () => {
    await expect(detectProvider('not-an-address', deps())).rejects.toMatchObject({
      code: 'HOST_NOT_FOUND',
      step: 'input',
      field: 'email',
    });
    await expect(detectProvider('@acme.test', deps())).rejects.toMatchObject({
      code: 'HOST_NOT_FOUND',
    });
  });
});
