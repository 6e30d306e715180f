import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/env.js';
import { MAX_DEPTH } from '../src/graphql-limits.js';
import { redactPaths } from '../src/logger.js';
import { graphql } from './gql/index.js';
import { startTestGateway, type TestGateway } from './testkit/gateway.js';
import { insertBenchUser, insertImapConnection } from './testkit/seed.js';

const ServerInfo = graphql(`
  query OperabilityServerInfo {
    serverInfo {
      version
      database
      needsFirstAdmin
    }
  }
`);

/** A selection nested `depth` levels deep; the depth rule counts the document's nesting before fields are resolved. */
function nestedQuery(depth: number): string {
  let selection = 'id';
  for (let i = 0; i < depth; i++) selection = `n${i} { ${selection} }`;
  return `query Deep { ${selection} }`;
}

describe('operability', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway('sqlite');
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('answers /healthz and /readyz', async () => {
    expect(await (await fetch(`${gw.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${gw.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', database: 'SQLITE' });
  });

  it('serves Prometheus metrics: connections by provider and status, outbox, workers, process; no addresses', async () => {
    const owner = await insertBenchUser(gw.services, 'metrics-owner@example.com');
    await insertImapConnection(
      gw.services,
      owner,
      'private.person@metrics.test',
      'secret-password-1',
      993,
      'CONNECTED',
    );
    await insertImapConnection(
      gw.services,
      owner,
      'other.person@metrics.test',
      'secret-password-2',
      993,
      'NEEDS_REAUTH',
    );
    const res = await fetch(`${gw.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(
      /^inlet_connections\{provider="IMAP",status="CONNECTED",role="gateway"\} 1$/m,
    );
    expect(text).toMatch(
      /^inlet_connections\{provider="IMAP",status="NEEDS_REAUTH",role="gateway"\} 1$/m,
    );
    // The CONNECTED one is active but no sync process runs here, so nobody owns it.
    expect(text).toMatch(/^inlet_sync_connections_unowned\{role="gateway"\} 1$/m);
    expect(text).toMatch(/^inlet_sync_workers_live\{role="gateway"\} 0$/m);
    expect(text).toMatch(/^inlet_pubsub_connected\{role="gateway"\} 1$/m);
    expect(text).toMatch(/^inlet_process_cpu_seconds_total/m);
    expect(text).not.toMatch(/metrics\.test|secret-password|private\.person/);
  });

  it('serves public server info', async () => {
    const res = await gw.execute(ServerInfo, {});
    expect(res.data?.serverInfo).toEqual({
      version: expect.any(String),
      database: 'SQLITE',
      needsFirstAdmin: false,
    });
  });

  it('blocks requests a browser could send cross-site (CSRF)', async () => {
    const cookie = await gw.signIn();
    const get = await fetch(
      `${gw.url}/graphql?query=${encodeURIComponent('{ viewer { user { email } } }')}`,
      { headers: { cookie } },
    );
    expect(get.status).toBe(400);
    const form = await fetch(`${gw.url}/graphql`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'text/plain' },
      body: JSON.stringify({ query: 'mutation { signOut }' }),
    });
    expect(form.status).toBe(400);
    expect(JSON.stringify(await form.json())).not.toContain('"signOut":true');
  });

  it('refuses graphql-ws connections from a foreign origin', async () => {
    const cookie = await gw.signIn();
    const client = gw.wsClient({ cookie, origin: 'https://evil.example' });
    const outcome = await new Promise<unknown>((resolve) => {
      client.subscribe(
        { query: 'subscription { domainSettingsChanged { domain } }' },
        { next: resolve, error: resolve, complete: () => resolve('complete') },
      );
    });
    expect((outcome as { code?: number }).code).toBe(4403);

    const sameOrigin = gw.wsClient({ cookie, origin: gw.url });
    const query = await new Promise<unknown>((resolve) => {
      sameOrigin.subscribe(
        { query: '{ viewer { user { email } } }' },
        { next: resolve, error: resolve, complete: () => undefined },
      );
    });
    expect(query).toEqual({ data: { viewer: { user: { email: 'admin@example.com' } } } });
  });

  it('limits query depth on HTTP and graphql-ws alike', async () => {
    const cookie = await gw.signIn();
    const tooDeep = nestedQuery(MAX_DEPTH + 2);
    const http = await fetch(`${gw.url}/graphql`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ query: tooDeep }),
    });
    const body = (await http.json()) as {
      errors?: { message: string; extensions?: { code?: string } }[];
    };
    expect(
      body.errors?.some(
        (e) => /depth limit/i.test(e.message) && e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED',
      ),
    ).toBe(true);

    const client = gw.wsClient({ cookie });
    const ws = await new Promise<unknown>((resolve) => {
      client.subscribe(
        { query: tooDeep },
        { next: resolve, error: resolve, complete: () => undefined },
      );
    });
    expect(JSON.stringify(ws)).toMatch(/depth limit/i);
  });

  it('answers malformed requests with a stable code and no stack trace', async () => {
    const res = await fetch(`${gw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).not.toMatch(/at .*\.(js|ts):\d+/);
    expect(JSON.parse(text)).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });

    const unknownField = await fetch(`${gw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ nope }' }),
    });
    const parsed = (await unknownField.json()) as {
      errors: { extensions: Record<string, unknown> }[];
    };
    expect(parsed.errors[0]?.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
  });
});

describe('configuration', () => {
  it('names every invalid variable at start-up', () => {
    expect(() => loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud' })).toThrow(
      /PORT[\s\S]*LOG_LEVEL|LOG_LEVEL[\s\S]*PORT/,
    );
    expect(() => loadConfig({ INLET_ADMIN_EMAIL: 'a@example.com' })).toThrow(
      /INLET_ADMIN_PASSWORD/,
    );
  });

  it('defaults to an embedded SQLite file in the data folder', () => {
    expect(loadConfig({}).databaseUrl).toMatch(/data\/inlet\.sqlite$/);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/inlet' }).databaseUrl).toBe(
      'postgres://db/inlet',
    );
  });
});

describe('logging', () => {
  it('redacts secrets', async () => {
    let out = '';
    const sink = new Writable({ write: (chunk, _enc, cb) => ((out += chunk.toString()), cb()) });
    const logger = pino({ redact: { paths: redactPaths, censor: '[redacted]' } }, sink);
    logger.info(
      {
        req: { headers: { authorization: 'Bearer inlet_secret', cookie: 'inlet_session=s_abc' } },
        input: { password: 'hunter2hunter2' },
      },
      'request',
    );
    expect(out).not.toContain('inlet_secret');
    expect(out).not.toContain('s_abc');
    expect(out).not.toContain('hunter2hunter2');
    expect(out).toContain('[redacted]');
  });
});
