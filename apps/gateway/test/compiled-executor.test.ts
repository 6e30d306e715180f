import { execute, parse, type ExecutionResult } from 'graphql';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApolloServer } from '@apollo/server';
import { compiledExecutor, compiledGateway } from '../src/compiled-executor.js';
import { buildContext, type GatewayContext } from '../src/context.js';
import { createErrorFormatter } from '../src/graphql-errors.js';
import { createLogger } from '../src/logger.js';
import { buildSchema } from '../src/schema.js';
import type { ConnectionStatus } from '../src/db/tables/connection.table.js';
import { ADMIN, startTestGateway, type TestGateway } from './testkit/gateway.js';
import { insertConnection } from './testkit/seed.js';

const PAGE = `query Page($filter: ConnectedEmailsFilter, $first: Int, $after: String) {
  connectedEmails(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges {
      cursor
      node {
        __typename id updatedAt createdAt email provider status lastSyncedAt
        owner { id name email }
        lastError { code message hint firstSeenAt count }
        ... on Connection { alias: email }
      }
    }
  }
}`;

const SKIPS = `query Skips($withOwner: Boolean!, $noError: Boolean!) {
  connectedEmails(first: 3) {
    edges { node { email owner @include(if: $withOwner) { email } lastError @skip(if: $noError) { code } } }
  }
  viewer { __typename email role }
}`;

/**
 * The compiled executor (graphql-jit) must answer exactly as graphql-js does: the same data, and the
 * same errors once formatted as the gateway formats them, for the admin list and for failures
 * (a forbidden field, a bad argument, a bad variable).
 */
describe('compiled executor (graphql-jit) against graphql-js', () => {
  let gw: TestGateway;
  let adminCookie: string;
  let userCookie: string;
  const schema = buildSchema();
  const compiled = compiledExecutor(schema);
  const format = createErrorFormatter(createLogger('silent'), { introspection: false });

  beforeAll(async () => {
    gw = await startTestGateway('sqlite');
    adminCookie = await gw.signIn();
    userCookie = (await gw.userSession('USER')).cookie;
    const admin = await gw.services.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', ADMIN.email)
      .executeTakeFirstOrThrow();
    const statuses: ConnectionStatus[] = ['CONNECTED', 'ERROR', 'RETRYING', 'DISABLED'];
    for (let i = 0; i < 12; i++)
      await insertConnection(gw.services, admin.id, `box${i}@example${i % 3}.test`, {
        status: statuses[i % statuses.length],
        // Ties on created_at, so cursors carry the id too.
        created_at: new Date(Date.UTC(2026, 0, 1 + Math.floor(i / 2))).toISOString(),
        last_error_json:
          i % 4 === 1
            ? JSON.stringify({ code: 'AUTHENTICATION_FAILED', message: 'No.', hint: 'Check.' })
            : null,
      });
  });
  afterAll(() => gw?.close());

  /** Data and formatted errors, as the client would read them (errorId is random per error). */
  const shape = (result: ExecutionResult) =>
    JSON.parse(
      JSON.stringify({
        data: result.data,
        errors: result.errors?.map((e) => {
          // Apollo reads extensions.code of every error before formatting it.
          expect(e.extensions).toBeTypeOf('object');
          const f = format(e.toJSON(), e);
          return { ...f, extensions: { ...f.extensions, errorId: undefined } };
        }),
      }),
    ) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };

  async function both(source: string, variables: Record<string, unknown>, cookie: string) {
    const document = parse(source);
    const operation = document.definitions[0]!;
    if (operation.kind !== 'OperationDefinition') throw new Error('not an operation');
    const context = () => buildContext(gw.services, { cookie }, null);
    const expected = await execute({
      schema,
      document,
      contextValue: await context(),
      variableValues: variables,
    });
    const request = {
      document,
      operation,
      operationName: operation.name?.value ?? null,
      queryHash: source,
      context: await context(),
      request: { variables },
    } as unknown as Parameters<typeof compiled>[0];
    // Twice: the first compiles, the second runs the cached compiled function.
    const first = await compiled(request);
    const second = await compiled({ ...request, context: await context() });
    return { expected: shape(expected), first: shape(first), second: shape(second) };
  }

  it.each([
    ['the first page', {}],
    ['a status filter', { filter: { status: ['CONNECTED', 'ERROR'] }, first: 2 }],
    ['a domain filter and search', { filter: { domain: 'example1.test', search: 'box' } }],
    ['an empty result', { filter: { search: 'nobody' } }],
  ])('answers the admin list (%s) identically', async (_name, variables) => {
    const r = await both(PAGE, variables, adminCookie);
    expect(r.expected.errors).toBeUndefined();
    expect(r.first).toStrictEqual(r.expected);
    expect(r.second).toStrictEqual(r.expected);
  });

  it('pages with a cursor identically', async () => {
    const start = await both(PAGE, { first: 5 }, adminCookie);
    const after = (start.expected.data as { connectedEmails: { pageInfo: { endCursor: string } } })
      .connectedEmails.pageInfo.endCursor;
    const r = await both(PAGE, { first: 5, after }, adminCookie);
    expect(r.first).toStrictEqual(r.expected);
    expect(
      (r.expected.data as { connectedEmails: { edges: unknown[] } }).connectedEmails.edges,
    ).toHaveLength(5);
  });

  it('applies @include/@skip and __typename identically', async () => {
    for (const variables of [
      { withOwner: true, noError: false },
      { withOwner: false, noError: true },
    ]) {
      const r = await both(SKIPS, variables, adminCookie);
      expect(r.first).toStrictEqual(r.expected);
      expect(r.second).toStrictEqual(r.expected);
    }
  });

  it('fails a forbidden field, a bad argument and a bad variable identically', async () => {
    const forbidden = await both(PAGE, {}, userCookie);
    expect(forbidden.expected.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(forbidden.first).toStrictEqual(forbidden.expected);

    const tooMany = await both(PAGE, { first: 500 }, adminCookie);
    expect(tooMany.expected.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(tooMany.first).toStrictEqual(tooMany.expected);

    // A failure that is not a GraphQLError (here the driver's): masked as INTERNAL_SERVER_ERROR alike.
    await sql`alter table api_tokens rename to api_tokens_gone`.execute(gw.services.db);
    try {
      const broken = await both('{ apiTokens { id } }', {}, adminCookie);
      expect(broken.expected.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(broken.first).toStrictEqual(broken.expected);
    } finally {
      await sql`alter table api_tokens_gone rename to api_tokens`.execute(gw.services.db);
    }

    const badVariable = await both(PAGE, { first: 'many' }, adminCookie);
    expect(badVariable.expected.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(badVariable.first).toStrictEqual(badVariable.expected);
  });
});

/**
 * Apollo hands a gateway executor a request whose `response.http` Inlet patches (patches/README.md):
 * unpatched, it was an object literal with its own `status` getter and setter, which under load kept
 * each request's objects alive through the next scavenge (issue #15).
 */
describe('the request Apollo hands the compiled executor (patched @apollo/server)', () => {
  it('has response.http.status on a shared prototype, reading and setting the answer’s status', async () => {
    const schema = buildSchema();
    const seen: { own: PropertyDescriptor | undefined; status: number | undefined }[] = [];
    const gateway = compiledGateway(schema);
    const apollo = new ApolloServer<GatewayContext>({
      gateway: {
        ...gateway,
        load: async (options) => {
          const { executor } = await gateway.load(options);
          return {
            executor: (request) => {
              const http = request.response!.http!;
              seen.push({
                own: Object.getOwnPropertyDescriptor(http, 'status'),
                status: http.status,
              });
              http.status = 203;
              return executor!(request);
            },
          };
        },
      },
    });
    await apollo.start();
    try {
      const res = await apollo.executeOperation({ query: '{ __typename }' });
      expect(res.http.status).toBe(203);
      expect(res.body).toEqual({ kind: 'single', singleResult: { data: { __typename: 'Query' } } });
    } finally {
      await apollo.stop();
    }
    expect(seen).toEqual([{ own: undefined, status: undefined }]);
  });
});
