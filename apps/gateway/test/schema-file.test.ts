import { readFileSync } from 'node:fs';
import { schemaPath } from '@inlet/schema';
import { buildSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './testkit/gateway.js';

describe('the schema as a file', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    // As in production: introspection off, so the file is how a tool reads the schema.
    gw = await startTestGateway('sqlite', { env: { INLET_INTROSPECTION: 'off' } });
  });
  afterAll(async () => {
    await gw?.close();
  });

  const get = (headers: Record<string, string> = {}) =>
    fetch(`${gw.url}/graphql/schema.graphql`, { headers });

  it('serves the merged SDL written at build to a session and to an API token', async () => {
    const cookie = await gw.signIn();
    const bySession = await get({ cookie });
    expect(bySession.status).toBe(200);
    expect(bySession.headers.get('content-type')).toMatch(/^application\/graphql/);
    const sdl = await bySession.text();
    expect(sdl).toBe(readFileSync(schemaPath, 'utf8'));
    // A client generator can build the same schema from it.
    expect(buildSchema(sdl).getQueryType()?.getFields()).toHaveProperty('contacts');

    const created = await gw.request(
      'mutation { createApiToken(input: { name: "codegen", scope: READ }) { ... on ApiTokenCreated { secret } } }',
      {},
      { cookie },
    );
    const secret = (created.data as { createApiToken: { secret: string } }).createApiToken.secret;
    const byToken = await get({ authorization: `Bearer ${secret}` });
    expect(byToken.status).toBe(200);
    expect(await byToken.text()).toBe(sdl);
  });

  it('refuses anyone not signed in, as JSON with a stable code', async () => {
    const anonymous: Record<string, string>[] = [
      {},
      { authorization: 'Bearer not-a-token' },
      { cookie: 'inlet_session=x' },
    ];
    for (const headers of anonymous) {
      const res = await get(headers);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({
        errors: [{ message: expect.any(String), extensions: { code: 'UNAUTHENTICATED' } }],
      });
    }
  });

  it('keeps introspection off for the same signed-in user', async () => {
    const cookie = await gw.signIn();
    const res = await gw.request('{ __schema { queryType { name } } }', {}, { cookie });
    expect(gw.services.config.introspection).toBe(false);
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
