import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ALIASES, MAX_COST, MAX_DIRECTIVES, MAX_TOKENS } from '../src/graphql-limits.js';
import { loadConfig } from '../src/env.js';
import { firstAnswer } from './testkit/client.js';
import { engines } from './testkit/databases.js';
import { startTestGateway, type TestGateway } from './testkit/gateway.js';
import { captureLogs } from './testkit/logs.js';

interface Answer {
  status?: number;
  data?: unknown;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

function overHttp(
  gw: TestGateway,
  query: string,
  variables: Record<string, unknown> = {},
  cookie?: string,
): Promise<Answer> {
  return gw.request(query, variables, { cookie });
}

/** The same operation over graphql-ws, answered as `{ data?, errors? }` like HTTP. */
async function overWs(
  gw: TestGateway,
  query: string,
  variables: Record<string, unknown> = {},
  cookie?: string,
): Promise<Answer> {
  const answer = await firstAnswer(gw.wsClient(cookie ? { cookie } : {}), query, variables);
  return Array.isArray(answer) ? { errors: answer } : (answer as Answer);
}

const transports = [
  ['HTTP', overHttp],
  ['graphql-ws', overWs],
] as const;

const repeat = (n: number, part: (i: number) => string) =>
  Array.from({ length: n }, (_, i) => part(i)).join(' ');

describe('operation limits', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway('sqlite');
  });
  afterAll(async () => {
    await gw?.close();
  });

  describe.each(transports)('over %s', (_name, send) => {
    it(`refuses more than ${MAX_ALIASES} aliases (one request cannot run signIn or detectProvider hundreds of times)`, async () => {
      const atLimit = await send(gw, `{ ${repeat(MAX_ALIASES, (i) => `a${i}: __typename`)} }`);
      expect(atLimit.errors).toBeUndefined();
      const signIns = `mutation { ${repeat(MAX_ALIASES + 1, (i) => `a${i}: signIn(email: "victim@example.com", password: "guess-${i}") { __typename }`)} }`;
      const over = await send(gw, signIns);
      expect(over.data ?? null).toBeNull();
      expect(over.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/aliases/i),
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      });
    });

    it('accepts an ordinary nested integration query and refuses the same shape at abusive page sizes', async () => {
      const cookie = await gw.signIn();
      const nested = (
        contacts: string,
        timeline: string,
      ) => `query ${contacts === '$n' ? '($n: Int)' : ''} {
        contacts(first: ${contacts}) { pageInfo { endCursor hasNextPage } edges { node {
          id email name
          timeline(first: ${timeline}) { totalCount edges { cursor node {
            id type subject snippet occurredAt messageId contact { id email } } } }
        } } }
      }`;
      const ordinary = await send(gw, nested('5', '20'), {}, cookie);
      expect(ordinary.errors).toBeUndefined();
      expect(ordinary.data).toEqual({
        contacts: { pageInfo: { endCursor: null, hasNextPage: false }, edges: [] },
      });
      const refusal = {
        message: expect.stringMatching(new RegExp(`more than the limit of ${MAX_COST}`)),
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      };
      for (const [contacts, timeline] of [
        ['200', '200'],
        ['50', '50'],
        // A variable's value is unknown while validating: counted as the largest page.
        ['$n', '$n'],
      ] as const) {
        const variables = contacts === '$n' ? { n: 1 } : {};
        const abusive = await send(gw, nested(contacts, timeline), variables, cookie);
        expect(abusive.data ?? null).toBeNull();
        expect(abusive.errors?.[0]).toMatchObject(refusal);
      }
    });

    it(`refuses more than ${MAX_DIRECTIVES} directives`, async () => {
      const over = await send(
        gw,
        `{ __typename ${repeat(MAX_DIRECTIVES + 1, () => '@include(if: true)')} }`,
      );
      expect(over.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/directives/i),
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      });
    });

    it(`stops parsing a document past ${MAX_TOKENS} tokens`, async () => {
      const over = await send(gw, `{ ${repeat(MAX_TOKENS, () => '__typename')} }`);
      expect(over.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/tokens/i),
        extensions: { code: 'GRAPHQL_PARSE_FAILED' },
      });
    });
  });
});

const CreateToken =
  'mutation ($name: String!) { createApiToken(input: { name: $name, scope: READ }) { __typename } }';

describe.each(engines)('errors on %s', (engine) => {
  let gw: TestGateway;
  let cookie: string;
  const logs = captureLogs();
  beforeAll(async () => {
    gw = await startTestGateway(engine, { logger: logs.logger });
    cookie = await gw.signIn();
  });
  afterAll(async () => {
    await gw?.close();
  });

  describe.each(transports)('over %s', (name, send) => {
    it('refuses NUL characters in text inputs, in variables and in the document, before anything is stored', async () => {
      const inVariable = await send(gw, CreateToken, { name: `nul-${name}\u0000` }, cookie);
      expect(inVariable.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'name' });
      if (inVariable.status !== undefined) expect(inVariable.status).toBe(400);
      const inLiteral = await send(
        gw,
        'mutation { createApiToken(input: { name: "nul\\u0000", scope: READ }) { __typename } }',
        {},
        cookie,
      );
      expect(inLiteral.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input' });
      const stored = await gw.services.db
        .selectFrom('api_tokens')
        .select('name')
        .where('name', 'like', 'nul%')
        .execute();
      expect(stored).toEqual([]);
    });
  });

  it('masks an unexpected failure on both transports, and logs it with the id the client gets', async () => {
    // A database that fails under the gateway: what the client sees must not be the driver's words.
    await sql`alter table api_tokens rename to api_tokens_gone`.execute(gw.services.db);
    try {
      for (const [, send] of transports) {
        const res = await send(gw, '{ apiTokens { id } }', {}, cookie);
        const error = res.errors?.[0];
        expect(error?.extensions).toEqual({
          code: 'INTERNAL_SERVER_ERROR',
          errorId: expect.any(String),
        });
        expect(JSON.stringify(res)).not.toMatch(/api_tokens|relation|table/i);
        const logged = logs.entries().find((e) => e.errorId === error?.extensions?.errorId);
        expect(logged).toMatchObject({ level: 50, msg: 'unexpected GraphQL error' });
        expect(JSON.stringify(logged)).toMatch(/api_tokens/);
      }
    } finally {
      await sql`alter table api_tokens_gone rename to api_tokens`.execute(gw.services.db);
    }
  });
});

describe('schema exposure', () => {
  const introspect = '{ __schema { queryType { name } } }';
  const typo = '{ viewr { authMethod } }';
  let production: TestGateway;
  let development: TestGateway;
  beforeAll(async () => {
    production = await startTestGateway('sqlite', { env: { NODE_ENV: 'production' } });
    development = await startTestGateway('sqlite', { env: { NODE_ENV: 'development' } });
  });
  afterAll(async () => {
    await production?.close();
    await development?.close();
  });

  describe.each(transports)('over %s', (_name, send) => {
    it('in production: no introspection and no "Did you mean" suggestions', async () => {
      const schema = await send(production, introspect);
      expect(schema.data ?? null).toBeNull();
      expect(schema.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      const wrongField = await send(production, typo);
      expect(wrongField.errors?.[0]?.message).toBe('Cannot query field "viewr" on type "Query".');
      const wrongEnum = await send(
        production,
        'mutation ($input: CreateApiTokenInput!) { createApiToken(input: $input) { __typename } }',
        { input: { name: 'x', scope: 'REED' } },
      );
      expect(wrongEnum.errors?.[0]).toMatchObject({
        message: expect.stringContaining('"REED" does not exist'),
        extensions: { code: 'BAD_USER_INPUT' },
      });
      expect(JSON.stringify(wrongEnum)).not.toMatch(/did you mean/i);
    });

    it('in development: both, for building internal tools', async () => {
      expect((await send(development, introspect)).data).toEqual({
        __schema: { queryType: { name: 'Query' } },
      });
      expect((await send(development, typo)).errors?.[0]?.message).toMatch(
        /Did you mean "viewer"\?/,
      );
    });
  });

  it('INLET_INTROSPECTION=on turns introspection back on in production', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).introspection).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', INLET_INTROSPECTION: 'on' }).introspection).toBe(
      true,
    );
    expect(loadConfig({}).introspection).toBe(true);
  });
});
