import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpsFetcher, FetchTextError } from './fetch-text.js';
import type { FetchText } from './fetch-text.js';
import { createHostAllowList } from './host-allow-list.js';
import { startHttpsTestServer } from '../testing/https-test-server.js';
import type { HttpsTestServer } from '../testing/https-test-server.js';
import type { LookupFn } from './vet-address.js';

// Names the test server's certificate covers; the fake lookup sends them all to loopback.
const names = ['docs.example.test', 'other.example.test'];
const lookup: LookupFn = async (host) => {
  if (names.includes(host) || host === 'wrong.example.test')
    return [{ address: '127.0.0.1', family: 4 }];
  if (host === 'public.example.test') return [{ address: '93.184.215.14', family: 4 }];
  throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
};

let server: HttpsTestServer;
let fetchText: FetchText;

beforeAll(async () => {
  server = await startHttpsTestServer(names, (_request, response, url) => {
    const hop = (location: string): void => {
      response.writeHead(302, { location }).end();
    };
    switch (url.pathname) {
      case '/doc':
        response.writeHead(200, { 'content-type': 'text/plain' }).end(`hello from ${url.hostname}`);
        break;
      case '/redirect-once':
        hop(`https://other.example.test/doc`);
        break;
      case '/chain': {
        const left = Number(url.searchParams.get('n'));
        hop(left > 0 ? `/chain?n=${left - 1}` : '/doc');
        break;
      }
      case '/to-http':
        hop('http://docs.example.test/doc');
        break;
      case '/huge':
        // No content-length: the limit must hold on the streamed body too.
        response.writeHead(200);
        response.write('x'.repeat(600 * 1024));
        response.end('x'.repeat(600 * 1024));
        break;
      case '/hang':
        break;
      default:
        response.writeHead(404).end();
    }
  });
  fetchText = createHttpsFetcher({
    allowPrivate: createHostAllowList([`127.0.0.1:${server.port}`]),
    lookup,
    ca: server.ca,
    defaultPortOverride: server.port,
  });
});

afterAll(async () => {
  await server?.close();
});

async function failure(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return 'OK';
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
}

describe('createHttpsFetcher', () => {
  it('fetches through the vetted address with the name for TLS and Host', async () => {
    const result = await fetchText('https://docs.example.test/doc', { timeoutMs: 2000 });
    expect(result).toEqual({
      status: 200,
      body: 'hello from docs.example.test',
      url: 'https://docs.example.test/doc',
    });
  });

  it('returns the status and no body for a 404', async () => {
    expect(await fetchText('https://docs.example.test/missing', { timeoutMs: 2000 })).toMatchObject(
      { status: 404, body: '' },
    );
  });

  it('follows up to 3 https redirects, vetting each hop', async () => {
    expect(
      await fetchText('https://docs.example.test/redirect-once', { timeoutMs: 2000 }),
    ).toMatchObject({
      body: 'hello from other.example.test',
      url: 'https://other.example.test/doc',
    });
    expect(
      await fetchText('https://docs.example.test/chain?n=2', { timeoutMs: 2000 }),
    ).toMatchObject({ status: 200 });
    expect(
      await failure(fetchText('https://docs.example.test/chain?n=3', { timeoutMs: 2000 })),
    ).toBe('TOO_MANY_REDIRECTS');
  });

  it('refuses http URLs and redirects to http', async () => {
    expect(await failure(fetchText('http://docs.example.test/doc', { timeoutMs: 2000 }))).toBe(
      'NOT_HTTPS',
    );
    expect(await failure(fetchText('https://docs.example.test/to-http', { timeoutMs: 2000 }))).toBe(
      'NOT_HTTPS',
    );
  });

  it('refuses bodies over 1 MB', async () => {
    const err = await fetchText('https://docs.example.test/huge', { timeoutMs: 2000 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(FetchTextError);
    expect(err).toMatchObject({ code: 'TOO_LARGE' });
  });

  it('gives up on a server that never answers', async () => {
    const started = Date.now();
    expect(await failure(fetchText('https://docs.example.test/hang', { timeoutMs: 300 }))).toBe(
      'TIMEOUT',
    );
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('refuses loopback unless the allow-list names it', async () => {
    const strict = createHttpsFetcher({
      allowPrivate: () => false,
      lookup,
      ca: server.ca,
      defaultPortOverride: server.port,
    });
    expect(await failure(strict('https://docs.example.test/doc', { timeoutMs: 2000 }))).toBe(
      'HOST_NOT_ALLOWED',
    );
    expect(await failure(strict('https://127.0.0.1/doc', { timeoutMs: 2000 }))).toBe(
      'HOST_NOT_ALLOWED',
    );
    expect(await failure(strict('https://[::1]/doc', { timeoutMs: 2000 }))).toBe(
      'HOST_NOT_ALLOWED',
    );
    expect(await failure(strict('https://nowhere.example.test/doc', { timeoutMs: 2000 }))).toBe(
      'HOST_NOT_FOUND',
    );
  });

  it('checks the certificate against the name', async () => {
    const untrusting = createHttpsFetcher({
      allowPrivate: () => true,
      lookup,
      defaultPortOverride: server.port,
    });
    expect(await failure(untrusting('https://docs.example.test/doc', { timeoutMs: 2000 }))).toMatch(
      /SELF_SIGNED|UNABLE_TO_VERIFY|CERT/,
    );
    const trusting = createHttpsFetcher({
      allowPrivate: () => true,
      lookup,
      ca: server.ca,
      defaultPortOverride: server.port,
    });
    expect(await failure(trusting('https://wrong.example.test/doc', { timeoutMs: 2000 }))).toBe(
      'ERR_TLS_CERT_ALTNAME_INVALID',
    );
    // The certificate also covers 127.0.0.1: an IP URL is checked against the address.
    expect(await trusting('https://127.0.0.1/doc', { timeoutMs: 2000 })).toMatchObject({
      status: 200,
    });
  });
});
