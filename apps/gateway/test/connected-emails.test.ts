import { randomUUID } from 'node:crypto';
import { print } from 'graphql';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../src/db/tables/connection.table.js';
import { LIST_ROW_COLUMNS } from '../src/modules/sync/connection-list-columns.js';
import { graphql } from './gql/index.js';
import type { ConnectedEmailsTestQuery } from './gql/graphql.js';
import { engines } from './testkit/databases.js';
import { startTestGateway, type TestGateway } from './testkit/gateway.js';
import { QueryLog } from './testkit/query-log.js';
import { insertConnection } from './testkit/seed.js';
import { subscribeTo } from './testkit/subscriptions.js';

const ConnectedEmails = graphql(`
  query ConnectedEmailsTest($filter: ConnectedEmailsFilter, $first: Int, $after: String) {
    connectedEmails(filter: $filter, first: $first, after: $after) {
      totalCount
      edges {
        node {
          email
          status
          owner {
            email
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const OneConnection = graphql(`
  query OneConnectionTest($id: ID!) {
    connection(id: $id) {
      email
      history {
        status
        message
      }
    }
  }
`);

const StatusChanged = graphql(`
  subscription StatusChangedTest($scope: ConnectionScope) {
    connectionStatusChanged(scope: $scope) {
      email
      status
    }
  }
`);

describe.each(engines)('connected emails (admin health view) on %s', (engine) => {
  let gw: TestGateway;
  let admin: string;
  let user: { cookie: string; email: string };
  const ids: Record<string, string> = {};

  async function seed(
    ownerEmail: string,
    email: string,
    status: ConnectionStatus,
    createdAt: string,
  ) {
    const { id } = await insertConnection(gw.services, await gw.userId(ownerEmail), email, {
      status,
      created_at: createdAt,
      updated_at: createdAt,
    });
    ids[email] = id;
    await gw.services.db
      .insertInto('connection_events')
      .values({
        id: randomUUID(),
        connection_id: id,
        at: createdAt,
        status,
        code: null,
        message: `became ${status}`,
        step: null,
      })
      .execute();
  }

  beforeAll(async () => {
    gw = await startTestGateway(engine);
    admin = await gw.signIn();
    user = await gw.userSession('USER');
    await seed('admin@example.com', 'boss@acme.test', 'CONNECTED', '2026-11-01T00:00:00.000Z');
    await seed(user.email, 'jo@acme.test', 'ERROR', '2026-11-02T00:00:00.000Z');
    await seed(user.email, 'jo@other.test', 'NEEDS_REAUTH', '2026-11-03T00:00:00.000Z');
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('lists every connection newest first and filters by status, domain and search', async () => {
    const all = await gw.execute(ConnectedEmails, {}, { cookie: admin });
    expect(all.data?.connectedEmails.edges.map((e) => e.node.email)).toEqual([
      'jo@other.test',
      'jo@acme.test',
      'boss@acme.test',
    ]);
    const failing = await gw.execute(
      ConnectedEmails,
      { filter: { status: ['ERROR', 'NEEDS_REAUTH'] } },
      { cookie: admin },
    );
    expect(failing.data?.connectedEmails.totalCount).toBe(2);
    const acme = await gw.execute(
      ConnectedEmails,
      { filter: { domain: 'ACME.test' } },
      { cookie: admin },
    );
    expect(acme.data?.connectedEmails.edges.map((e) => e.node.email)).toEqual([
      'jo@acme.test',
      'boss@acme.test',
    ]);
    const byOwner = await gw.execute(
      ConnectedEmails,
      { filter: { search: user.email.split('@')[0] } },
      { cookie: admin },
    );
    expect(
      byOwner.data?.connectedEmails.edges.every((e) => e.node.owner.email === user.email),
    ).toBe(true);
  });

  it('pages with a stable cursor', async () => {
    const first = await gw.execute(ConnectedEmails, { first: 2 }, { cookie: admin });
    const next = await gw.execute(
      ConnectedEmails,
      { first: 2, after: first.data?.connectedEmails.pageInfo.endCursor },
      { cookie: admin },
    );
    expect(first.data?.connectedEmails.pageInfo.hasNextPage).toBe(true);
    expect(next.data?.connectedEmails.edges.map((e) => e.node.email)).toEqual(['boss@acme.test']);
  });

  it('is refused to users, who see only their own connection details', async () => {
    const res = await gw.execute(ConnectedEmails, {}, { cookie: user.cookie });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const own = await gw.execute(
      OneConnection,
      { id: ids['jo@acme.test']! },
      { cookie: user.cookie },
    );
    expect(own.data?.connection).toEqual({
      email: 'jo@acme.test',
      history: [{ status: 'ERROR', message: 'became ERROR' }],
    });
    const foreign = await gw.execute(
      OneConnection,
      { id: ids['boss@acme.test']! },
      { cookie: user.cookie },
    );
    expect(foreign.data?.connection).toBeNull();
  });

  it('pushes status changes to the owner (MINE) and to admins (ALL), and refuses ALL to users', async () => {
    const { events: userEvents } = subscribeTo(
      gw.wsClient({ cookie: user.cookie }),
      StatusChanged,
      { scope: 'MINE' },
    );
    const { events: adminEvents } = subscribeTo(gw.wsClient({ cookie: admin }), StatusChanged, {
      scope: 'ALL',
    });
    const refused = await new Promise<unknown>((resolve) => {
      gw.wsClient({ cookie: user.cookie }).subscribe(
        { query: print(StatusChanged), variables: { scope: 'ALL' } },
        { next: resolve, error: resolve, complete: () => resolve('complete') },
      );
    });
    expect(JSON.stringify(refused)).toContain('FORBIDDEN');

    const adminId = await gw.userId();
    // Each socket subscribes on its own schedule: publish until both have seen what they should.
    const seen = (events: unknown[], email: string) =>
      events.some((e) => JSON.stringify(e).includes(email));
    for (
      let i = 0;
      i < 50 &&
      !(
        seen(adminEvents, 'boss@acme.test') &&
        seen(adminEvents, 'jo@acme.test') &&
        seen(userEvents, 'jo@acme.test')
      );
      i++
    ) {
      gw.services.pubsub.publish('connectionChanged', {
        connectionId: ids['jo@acme.test']!,
        userId: (
          await gw.services.db
            .selectFrom('connections')
            .select('user_id')
            .where('id', '=', ids['jo@acme.test']!)
            .executeTakeFirstOrThrow()
        ).user_id,
      });
      gw.services.pubsub.publish('connectionChanged', {
        connectionId: ids['boss@acme.test']!,
        userId: adminId,
      });
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(adminEvents).toContainEqual({
      connectionStatusChanged: { email: 'boss@acme.test', status: 'CONNECTED' },
    });
    expect(adminEvents).toContainEqual({
      connectionStatusChanged: { email: 'jo@acme.test', status: 'ERROR' },
    });
    expect(userEvents).toContainEqual({
      connectionStatusChanged: { email: 'jo@acme.test', status: 'ERROR' },
    });
    expect(userEvents).not.toContainEqual({
      connectionStatusChanged: { email: 'boss@acme.test', status: 'CONNECTED' },
    });
  });
});

describe.each(engines)('connected emails at page size on %s', (engine) => {
  const CONNECTIONS = 60;
  let gw: TestGateway;
  let admin: string;
  const ownerOf = new Map<string, string>();

  beforeAll(async () => {
    gw = await startTestGateway(engine);
    admin = await gw.signIn();
    const owners = [
      { email: 'admin@example.com' },
      await gw.userSession('USER'),
      await gw.userSession('ADMIN'),
    ];
    const users = await gw.services.db.selectFrom('users').select(['id', 'email']).execute();
    const idOf = new Map(users.map((u) => [u.email, u.id]));
    // Four connections per timestamp: pages must split ties by id, exactly.
    for (let i = 0; i < CONNECTIONS; i++) {
      const at = new Date(Date.UTC(2026, 10, 1) + Math.floor(i / 4) * 60_000).toISOString();
      const email = `box${i}@page.test`;
      const owner = owners[i % owners.length]!.email;
      ownerOf.set(email, owner);
      const status: ConnectionStatus = i % 3 === 0 ? 'ERROR' : 'CONNECTED';
      const error =
        status === 'ERROR'
          ? JSON.stringify({
              code: 'AUTHENTICATION_FAILED',
              message: 'refused',
              hint: 'Check the password.',
              step: 'login',
              firstSeenAt: at,
              count: 1,
            })
          : null;
      await insertConnection(gw.services, idOf.get(owner)!, email, {
        status,
        last_error_json: error,
        created_at: at,
        updated_at: at,
      });
    }
  });
  afterAll(async () => {
    await gw?.close();
  });

  /** Runs `fn` with every query of the gateway's database recorded. */
  async function recording<T>(fn: () => Promise<T>): Promise<{ result: T; tables: string[] }> {
    const plain = gw.services.db;
    const log = new QueryLog();
    gw.services.db = plain.withPlugin(log);
    try {
      return { result: await fn(), tables: log.tables };
    } finally {
      gw.services.db = plain;
    }
  }

  it('reads the owners of a page with the page, whatever the page size', async () => {
    // A session records its last use at most once a minute: this request takes that write, if due.
    await gw.execute(ConnectedEmails, { first: 1 }, { cookie: admin });
    const small = await recording(() =>
      gw.execute(ConnectedEmails, { first: 5 }, { cookie: admin }),
    );
    const page = await recording(() =>
      gw.execute(ConnectedEmails, { first: 50 }, { cookie: admin }),
    );
    const edges = page.result.data?.connectedEmails.edges ?? [];
    expect(edges).toHaveLength(50);
    expect(page.result.data?.connectedEmails.totalCount).toBe(CONNECTIONS);
    for (const { node } of edges) expect(node.owner.email).toBe(ownerOf.get(node.email));
    expect(new Set(edges.map((e) => e.node.owner.email)).size).toBe(3);
    // The session (unless verified within the last second), the page joined with its owners, its
    // count: no query per row, none for the owners.
    expect(page.tables.filter((t) => t === 'users')).toHaveLength(0);
    expect(page.tables.length).toBeLessThanOrEqual(3);
    expect(page.tables.length).toBe(small.tables.length);
  });

  it("answers every owner field from the page's join as the user itself reads", async () => {
    const fields = 'id email name role seat createdAt deactivatedAt connectionCount';
    const res = await gw.request(
      `query { connectedEmails(first: 60) { edges { node { owner { ${fields} } } } } }`,
      {},
      { cookie: admin },
    );
    expect(res.errors).toBeUndefined();
    const data = res.data as {
      connectedEmails: { edges: { node: { owner: Record<string, unknown> } }[] };
    };
    const owners = new Map(data.connectedEmails.edges.map((e) => [e.node.owner.id, e.node.owner]));
    expect(owners.size).toBe(3);
    for (const [id, owner] of owners) {
      const user = await gw.services.db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', id as string)
        .executeTakeFirstOrThrow();
      expect(owner).toEqual({
        id: user.id,
        email: user.email,
        name: user.name,
        role: user.role,
        seat: user.seat,
        createdAt: new Date(user.created_at).toISOString(),
        deactivatedAt: null,
        connectionCount: CONNECTIONS / 3,
      });
    }
  });

  it('shows an owner as they are now, not as an earlier page read them', async () => {
    const read = async () =>
      (await gw.execute(ConnectedEmails, { first: 60 }, { cookie: admin })).data?.connectedEmails
        .edges;
    const renamed = (await read())![0]!.node.owner.email;
    const rename = (email: string) =>
      gw.services.db.updateTable('users').set({ email }).where('email', '=', renamed).execute();
    await rename('renamed@example.com');
    try {
      const edges = (await read())!;
      const theirs = edges.filter((e) => ownerOf.get(e.node.email) === renamed);
      expect(theirs.length).toBeGreaterThan(0);
      for (const e of theirs) expect(e.node.owner.email).toBe('renamed@example.com');
    } finally {
      await gw.services.db
        .updateTable('users')
        .set({ email: renamed })
        .where('email', '=', 'renamed@example.com')
        .execute();
    }
  });

  it("builds a filter's page statement once for all its cursors, each page still its own rows", async () => {
    const filter = { status: ['CONNECTED' as const] };
    const whole = await gw.execute(ConnectedEmails, { filter, first: 30 }, { cookie: admin });
    const expected = whole.data?.connectedEmails.edges.map((e) => e.node.email) ?? [];
    // One Kysely instance (with its query log) for the whole walk: the statements it compiles are logged.
    const walk = await recording(async () => {
      const walked: string[] = [];
      let after: string | null | undefined = null;
      for (let i = 0; i < 6; i++) {
        const res = await gw.execute(
          ConnectedEmails,
          { filter, first: 5, after },
          { cookie: admin },
        );
        const conn: ConnectedEmailsTestQuery['connectedEmails'] = res.data!.connectedEmails;
        walked.push(...conn.edges.map((e) => e.node.email));
        after = conn.pageInfo.endCursor;
      }
      return walked;
    });
    expect(walk.result).toEqual(expected);
    // The first page's statement and the one after a cursor (and at most one count): not one per page.
    expect(walk.tables.filter((t) => t === 'connections').length).toBeLessThanOrEqual(3);
  });

  it('pages through ties and a status filter exactly as one long page lists them', async () => {
    for (const filter of [
      undefined,
      { status: ['CONNECTED' as const] },
      { status: ['ERROR' as const, 'CONNECTED' as const] },
    ]) {
      const whole = await gw.execute(ConnectedEmails, { filter, first: 200 }, { cookie: admin });
      const expected = whole.data?.connectedEmails.edges.map((e) => e.node.email) ?? [];
      expect(expected.length).toBe(whole.data?.connectedEmails.totalCount);
      const walked: string[] = [];
      let after: string | null | undefined = null;
      for (let i = 0; i < 20; i++) {
        const res = await gw.execute(
          ConnectedEmails,
          { filter, first: 7, after },
          { cookie: admin },
        );
        const conn: ConnectedEmailsTestQuery['connectedEmails'] = res.data!.connectedEmails;
        expect(conn.totalCount).toBe(expected.length);
        walked.push(...conn.edges.map((e) => e.node.email));
        if (!conn.pageInfo.hasNextPage) break;
        after = conn.pageInfo.endCursor;
      }
      expect(walked).toEqual(expected);
    }
  });

  it.runIf(engine === 'sqlite')(
    'on SQLite, reads a page after a cursor from its index alone, which holds every column a list row reads (issue #15)',
    async () => {
      const indexed = await sql<{
        name: string | null;
      }>`select name from pragma_index_info('connections_list_covering')`.execute(gw.services.db);
      const names = indexed.rows.map((r) => r.name);
      expect(names.slice(0, 2)).toEqual(['created_at', 'id']);
      for (const column of LIST_ROW_COLUMNS) expect(names, column).toContain(column);

      // The page statement's shape (modules/sync/resolvers/Query/connectedEmails.ts), owners joined.
      const plan = await sql<{ detail: string }>`explain query plan
      select ${sql.join(LIST_ROW_COLUMNS.map((c) => sql.ref(`connections.${c}`)))}, owner.name
      from connections inner join users as owner on owner.id = connections.user_id
      where (connections.created_at, connections.id) < (${'2026-12-01'}, ${'x'})
      order by connections.created_at desc, connections.id desc limit ${51}`.execute(
        gw.services.db,
      );
      expect(plan.rows.map((r) => r.detail).join(' | ')).toMatch(
        /SEARCH connections USING COVERING INDEX connections_list_covering/,
      );
    },
  );
});
