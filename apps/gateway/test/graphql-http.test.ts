import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientIpOf, requestedOverTls } from '../src/graphql-http.js';
import { startTestGateway, type TestGateway } from './testkit/gateway.js';

/** A request as Node's server would hand it over, from `remote` with these headers. */
function requestFrom(remote: string, headers: Record<string, string>): IncomingMessage {
  const socket = new Socket();
  Object.defineProperty(socket, 'remoteAddress', { value: remote });
  const req = new IncomingMessage(socket);
  req.headers = headers;
  return req;
}

describe('the GraphQL endpoint over HTTP', () => {
  let gw: TestGateway;
  let cookie: string;
  beforeAll(async () => {
    gw = await startTestGateway('sqlite');
    cookie = await gw.signIn();
  });
  afterAll(async () => {
    await gw?.close();
  });

  it("is answered with Node's own request and response objects, not express's (issue #15: they kept each request alive a scavenge longer)", async () => {
    const seen: [IncomingMessage, ServerResponse][] = [];
    const record = (req: IncomingMessage, res: ServerResponse) => seen.push([req, res]);
    gw.server.prependListener('request', record);
    try {
      const res = await fetch(`${gw.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
    } finally {
      gw.server.removeListener('request', record);
    }
    expect(seen).toHaveLength(1);
    const [req, res] = seen[0]!;
    expect(Object.getPrototypeOf(req)).toBe(IncomingMessage.prototype);
    expect(Object.getPrototypeOf(res)).toBe(ServerResponse.prototype);
  });

  it('carries the security headers, and answers GET queries', async () => {
    const post = await fetch(`${gw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(post.status).toBe(200);
    expect(post.headers.get('x-content-type-options')).toBe('nosniff');
    expect(post.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(post.headers.get('content-type')).toMatch(/^application\/(graphql-response\+)?json/);
    expect(Number(post.headers.get('content-length'))).toBe(Buffer.byteLength(await post.text()));

    // A GET is a query only, and CSRF prevention asks a preflight-forcing header of it.
    const get = await fetch(`${gw.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { cookie, 'apollo-require-preflight': 'true' },
    });
    expect(get.status).toBe(200);
    expect(await get.json()).toEqual({ data: { __typename: 'Query' } });
    const unsafeGet = await fetch(
      `${gw.url}/graphql?query=${encodeURIComponent('{ __typename }')}`,
    );
    expect(unsafeGet.status).toBe(400);
  });

  it('refuses a body over 1 MB with 413 and a stable code, and malformed JSON with 400, security headers included', async () => {
    const big = await fetch(`${gw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(1_100_000) } }),
    });
    expect(big.status).toBe(413);
    expect(big.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await big.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });

    const malformed = await fetch(`${gw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query"',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await malformed.json()).toMatchObject({
      errors: [{ message: 'The request could not be read.', extensions: { code: 'BAD_REQUEST' } }],
    });
  });

  it('leaves paths under /graphql to the rest of the server', async () => {
    const sdl = await fetch(`${gw.url}/graphql/schema.graphql`, { headers: { cookie } });
    expect(sdl.status).toBe(200);
    expect(await sdl.text()).toContain('type Query');
  });
});

describe('who a request comes from', () => {
  it('believes X-Forwarded-For and X-Forwarded-Proto from a proxy on the same host only', () => {
    const viaLocalProxy = requestFrom('127.0.0.1', {
      'x-forwarded-for': '203.0.113.7',
      'x-forwarded-proto': 'https, http',
    });
    expect(clientIpOf(viaLocalProxy)).toBe('203.0.113.7');
    expect(requestedOverTls(viaLocalProxy)).toBe(true);

    const fromOutside = requestFrom('198.51.100.4', {
      'x-forwarded-for': '203.0.113.7',
      'x-forwarded-proto': 'https',
    });
    expect(clientIpOf(fromOutside)).toBe('198.51.100.4');
    expect(requestedOverTls(fromOutside)).toBe(false);

    expect(requestedOverTls(requestFrom('::1', { 'x-forwarded-proto': 'http' }))).toBe(false);
    expect(requestedOverTls(requestFrom('::1', {}))).toBe(false);
  });
});
