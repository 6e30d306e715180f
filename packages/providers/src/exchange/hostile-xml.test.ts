import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchAutoconfig } from '../detection/autoconfig.js';
import { EXCHANGE_PROFILES } from '../testing/ews/exchange-profiles.js';
import {
  envelope,
  folderXml,
  responseMessage,
  responseMessages,
} from '../testing/ews/ews-responses.js';
import { createEwsTestCertificate } from '../testing/ews/ews-test-certificate.js';
import { ExchangeTestNetwork } from '../testing/ews/exchange-test-network.js';
import {
  startEwsTestServer,
  TEST_EXCHANGE_ACCOUNT,
  type EwsTestServer,
} from '../testing/ews/ews-test-server.js';
import { createEwsClient } from './ews-client.js';
import { classifyExchangeError, EwsCallError } from './ews-errors.js';
import { getFolders } from './ews-operations.js';
import { getStreamingEventsXml } from './ews-streaming-operations.js';

/*
 * Answers that declare entities: a billion laughs (&lol9; is 10^9 "lol"s when expanded) and an
 * external entity pointing at a listener that counts connections. Both must end as a classified
 * "not SOAP" / "not an autoconfig document" outcome, quickly, with nothing expanded or fetched.
 *
 * Checked against a parser with entities on: with the DOCTYPE handler in detection/xml.ts swapped
 * for one that loads the declared entities into saxes's entity table (expansion capped at 10^6
 * characters to spare the machine), the four hostile cases failed (the documents parsed, the folder
 * and the IMAP server came back) while the control passed.
 */
const laughs = (): string => {
  let decl = '<!ENTITY lol "lol">';
  for (let i = 1; i <= 9; i++)
    decl += `<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`;
  return decl;
};

let listener: Server;
let fetches = 0;
let net: ExchangeTestNetwork;
const servers: EwsTestServer[] = [];

type Payload = 'a billion laughs' | 'an external entity';
/** The host whose EWS answers carry each payload. */
const HOSTS: Record<Payload, string> = {
  'a billion laughs': 'laughs.corp.example',
  'an external entity': 'xxe.corp.example',
};

function payload(name: Payload): { doctype: string; reference: string } {
  if (name === 'a billion laughs')
    return { doctype: `<!DOCTYPE r [${laughs()}]>`, reference: '&lol9;' };
  const { port } = listener.address() as { port: number };
  return {
    doctype: `<!DOCTYPE r [<!ENTITY xxe SYSTEM "http://127.0.0.1:${port}/xxe">]>`,
    reference: '&xxe;',
  };
}

/** The answer with a DOCTYPE after its XML declaration and `reference` in place of `marker`. */
function withEntities(
  document: string,
  marker: string,
  doctype: string,
  reference: string,
): string {
  return document
    .replace(/^(<\?xml[^>]*\?>)?/, (decl) => `${decl}${doctype}`)
    .replace(marker, reference);
}

const MARKER = 'MARKER-TEXT';
const folderAnswer = envelope(
  EXCHANGE_PROFILES['2016'],
  responseMessages('GetFolder', [
    responseMessage(
      'GetFolder',
      undefined,
      `<m:Folders>${folderXml({ id: 'inbox-id', displayName: MARKER, totalCount: 1, unreadCount: 0 }, 'Default')}</m:Folders>`,
    ),
  ]),
);
const configAnswer = `<?xml version="1.0"?><clientConfig version="1.1"><emailProvider id="corp.example"><domain>corp.example</domain><incomingServer type="imap"><hostname>${MARKER}</hostname><port>993</port><socketType>SSL</socketType></incomingServer></emailProvider></clientConfig>`;

beforeAll(async () => {
  listener = createServer((socket) => {
    fetches += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const certificate = await createEwsTestCertificate([
    ...Object.values(HOSTS),
    'plain.corp.example',
  ]);
  net = await ExchangeTestNetwork.create();
  for (const [name, host] of Object.entries(HOSTS)) {
    const { doctype, reference } = payload(name as Payload);
    const body = withEntities(folderAnswer, MARKER, doctype, reference);
    servers.push(
      await startEwsTestServer({
        certificate,
        rawAnswers: { GetFolder: body, GetStreamingEvents: body },
      }),
    );
    net.add(servers.at(-1)!, [host]);
  }
  servers.push(await startEwsTestServer({ certificate, rawAnswers: { GetFolder: folderAnswer } }));
  net.add(servers.at(-1)!, ['plain.corp.example']);
}, 30_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await new Promise((resolve) => listener.close(resolve));
});

const client = (host: string) =>
  createEwsClient(
    {
      url: `https://${host}/EWS/Exchange.asmx`,
      scheme: 'basic',
      username: TEST_EXCHANGE_ACCOUNT.upn,
      password: TEST_EXCHANGE_ACCOUNT.password,
    },
    net.deps(),
  );

describe('answers that declare entities', () => {
  it('control: the same answers without a DOCTYPE are read', async () => {
    const [folder] = await getFolders(
      client('plain.corp.example'),
      [{ distinguished: 'inbox' }],
      AbortSignal.timeout(5_000),
    );
    expect(folder).toMatchObject({ ok: true, folder: { displayName: MARKER } });
    const answer = await fetchAutoconfig(
      'autoconfig',
      'https://autoconfig.corp.example/mail/config-v1.1.xml',
      autoconfigContext(configAnswer),
    );
    expect(answer.choice?.imap).toEqual({
      host: MARKER.toLowerCase(),
      port: 993,
      security: 'SSL_TLS',
    });
  });

  it.each(Object.keys(HOSTS) as Payload[])(
    'EWS: %s in an answer is refused as not SOAP, expanding and fetching nothing',
    async (name) => {
      const host = HOSTS[name];
      const started = Date.now();
      const err = await getFolders(
        client(host),
        [{ distinguished: 'inbox' }],
        AbortSignal.timeout(5_000),
      ).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EwsCallError);
      expect((err as EwsCallError).kind).toBe('not-soap');
      expect(classifyExchangeError(err, 'folders').code).toBe('EXCHANGE_CONNECTION_FAILED');
      expect(String((err as Error).message)).not.toMatch(/lollol/);

      const envelopes: unknown[] = [];
      const streamErr = await client(host)
        .stream(
          'GetStreamingEvents',
          getStreamingEventsXml('sub-1', 1),
          'Exchange2010_SP2',
          AbortSignal.timeout(5_000),
          (doc) => envelopes.push(doc),
        )
        .catch((e: unknown) => e);
      expect(streamErr).toMatchObject({ kind: 'not-soap' });
      expect(envelopes).toEqual([]);
      expect(fetches).toBe(0);
      expect(Date.now() - started).toBeLessThan(3_000);
    },
  );

  it.each(Object.keys(HOSTS) as Payload[])(
    'autoconfig: %s is not an autoconfig document',
    async (name) => {
      const { doctype, reference } = payload(name);
      const answer = await fetchAutoconfig(
        'autoconfig',
        'https://autoconfig.corp.example/mail/config-v1.1.xml',
        autoconfigContext(withEntities(configAnswer, MARKER, doctype, reference)),
      );
      expect(answer).toEqual({
        log: 'autoconfig https://autoconfig.corp.example/mail/config-v1.1.xml: not an autoconfig document',
      });
      expect(fetches).toBe(0);
    },
  );
});

function autoconfigContext(body: string) {
  return {
    email: { localPart: 'jane', domain: 'corp.example' },
    fetchText: async (url: string) => ({ status: 200, body, url }),
    timeoutMs: 5_000,
    signal: AbortSignal.timeout(5_000),
  };
}
