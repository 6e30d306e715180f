import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpsTestServer, type HttpsTestServer } from '../testing/https-test-server.js';
import {
  consumeBody,
  openVettedRequest,
  readBody,
  responseTo,
  vettedConnectOptions,
  type VettedTarget,
} from './vetted-https.js';

let server: HttpsTestServer;

beforeAll(async () => {
  server = await startHttpsTestServer(['docs.example.test'], (request, response, url) => {
    switch (url.pathname) {
      case '/hello':
        response.writeHead(200, { 'x-seen-host': request.headers.host ?? '' }).end('hello');
        break;
      case '/declared-large':
        response.writeHead(200, { 'content-length': '5000' }).end('x'.repeat(5000));
        break;
      case '/streamed-large':
        response.writeHead(200);
        response.write('x'.repeat(3000));
        response.end('x'.repeat(3000));
        break;
      case '/broken':
        response.writeHead(200, { 'content-length': '100' });
        response.write('only part');
        setTimeout(() => response.socket?.destroy(), 20);
        break;
      default:
        response.writeHead(404).end();
    }
  });
});

afterAll(async () => {
  await server?.close();
});

function target(path: string, host = 'docs.example.test'): VettedTarget {
  return { url: new URL(`https://${host}${path}`), host, address: '127.0.0.1', port: server.port };
}

async function get(path: string, options: { host?: string; ca?: string } = {}) {
  return responseTo(
    openVettedRequest(target(path, options.host), {
      method: 'GET',
      ca: 'ca' in options ? options.ca : server.ca,
    }),
  );
}

describe('vetted HTTPS requests', () => {
  it('connect to the vetted address with the URL host as Host and TLS name', async () => {
    const response = await get('/hello');
    expect(response.headers['x-seen-host']).toBe('docs.example.test');
    expect(await readBody(response, 100)).toBe('hello');
  });

  it('check the certificate against the URL host, with `ca` added to the roots', async () => {
    await expect(get('/hello', { host: 'other.example.test' })).rejects.toMatchObject({
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
    });
    await expect(get('/hello', { ca: undefined })).rejects.toMatchObject({
      code: expect.stringMatching(/SELF_SIGNED|UNABLE_TO_VERIFY/),
    });
  });

  it('refuse an address that was not vetted (a name)', () => {
    expect(() =>
      vettedConnectOptions({ ...target('/hello'), address: 'docs.example.test' }),
    ).toThrow(expect.objectContaining({ code: 'ERR_INLET_NOT_VETTED' }));
  });
});

describe('readBody', () => {
  it('refuses a body over the bound, declared or streamed', async () => {
    await expect(readBody(await get('/declared-large'), 1000)).rejects.toMatchObject({
      kind: 'too-large',
      code: 'ERR_INLET_TOO_LARGE',
    });
    await expect(readBody(await get('/streamed-large'), 4000)).rejects.toMatchObject({
      kind: 'too-large',
    });
    expect(await readBody(await get('/streamed-large'), 6000)).toHaveLength(6000);
  });

  it('reports an answer that breaks off and one that is aborted', async () => {
    await expect(readBody(await get('/broken'), 1000)).rejects.toMatchObject({
      kind: 'failed',
      code: 'ECONNRESET',
    });
    const aborted = AbortSignal.abort(new Error('stop'));
    await expect(readBody(await get('/hello'), 1000, aborted)).rejects.toMatchObject({
      kind: 'aborted',
      cause: { message: 'stop' },
    });
  });
});

describe('consumeBody', () => {
  it('rejects with what the consumer threw and drops the connection', async () => {
    const response = await get('/streamed-large');
    const refusal = new Error('not this');
    await expect(
      consumeBody(response, undefined, () => {
        throw refusal;
      }),
    ).rejects.toBe(refusal);
    expect(response.destroyed).toBe(true);
  });
});
