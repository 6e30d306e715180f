import { randomUUID } from 'node:crypto';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../src/db/tables/connection.table.js';
import { graphql } from './gql/index.js';
import { engines } from './testkit/databases.js';
import { startTestGateway, type TestGateway } from './testkit/gateway.js';

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

  async function seed(ownerEmail: string, email: string, status: ConnectionStatus, createdAt: string) {
    const owner = await gw.services.db.selectFrom('users').select('id').where('email', '=', ownerEmail).executeTakeFirstOrThrow();
    const id = randomUUID();
    ids[email] = id;
    await gw.services.db
      .insertInto('connections')
      .values({ id, user_id: owner.id, email, kind: 'PERSONAL', provider: 'IMAP', settings_json: '{}', status, last_error_json: null, created_at: createdAt, updated_at: createdAt, last_synced_at: null })
      .execute();
    await gw.services.db.insertInto('connection_events').values({ id: randomUUID(), connection_id: id, at: createdAt, status, code: null, message: `became ${status}`, step: null }).execute();
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
    expect(all.data?.connectedEmails.edges.map((e) => e.node.email)).toEqual(['jo@other.test', 'jo@acme.test', 'boss@acme.test']);
    const failing = await gw.execute(ConnectedEmails, { filter: { status: ['ERROR', 'NEEDS_REAUTH'] } }, { cookie: admin });
    expect(failing.data?.connectedEmails.totalCount).toBe(2);
    const acme = await gw.execute(ConnectedEmails, { filter: { domain: 'ACME.test' } }, { cookie: admin });
    expect(acme.data?.connectedEmails.edges.map((e) => e.node.email)).toEqual(['jo@acme.test', 'boss@acme.test']);
    const byOwner = await gw.execute(ConnectedEmails, { filter: { search: user.email.split('@')[0] } }, { cookie: admin });
    expect(byOwner.data?.connectedEmails.edges.every((e) => e.node.owner.email === user.email)).toBe(true);
  });

  it('pages with a stable cursor', async () => {
    const first = await gw.execute(ConnectedEmails, { first: 2 }, { cookie: admin });
    const next = await gw.execute(ConnectedEmails, { first: 2, after: first.data?.connectedEmails.pageInfo.endCursor }, { cookie: admin });
    expect(first.data?.connectedEmails.pageInfo.hasNextPage).toBe(true);
    expect(next.data?.connectedEmails.edges.map((e) => e.node.email)).toEqual(['boss@acme.test']);
  });

  it('is refused to users, who see only their own connection details', async () => {
    const res = await gw.execute(ConnectedEmails, {}, { cookie: user.cookie });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const own = await gw.execute(OneConnection, { id: ids['jo@acme.test']! }, { cookie: user.cookie });
    expect(own.data?.connection).toEqual({ email: 'jo@acme.test', history: [{ status: 'ERROR', message: 'became ERROR' }] });
    const foreign = await gw.execute(OneConnection, { id: ids['boss@acme.test']! }, { cookie: user.cookie });
    expect(foreign.data?.connection).toBeNull();
  });

  it('pushes status changes to the owner (MINE) and to admins (ALL), and refuses ALL to users', async () => {
    const userEvents: unknown[] = [];
    const adminEvents: unknown[] = [];
    const userClient = gw.wsClient({ cookie: user.cookie });
    const adminClient = gw.wsClient({ cookie: admin });
    userClient.subscribe({ query: print(StatusChanged), variables: { scope: 'MINE' } }, { next: (m) => userEvents.push(m.data), error: () => undefined, complete: () => undefined });
    adminClient.subscribe({ query: print(StatusChanged), variables: { scope: 'ALL' } }, { next: (m) => adminEvents.push(m.data), error: () => undefined, complete: () => undefined });
    const refused = await new Promise<unknown>((resolve) => {
      gw.wsClient({ cookie: user.cookie }).subscribe({ query: print(StatusChanged), variables: { scope: 'ALL' } }, { next: resolve, error: resolve, complete: () => resolve('complete') });
    });
    expect(JSON.stringify(refused)).toContain('FORBIDDEN');

    const owner = await gw.services.db.selectFrom('users').select('id').where('email', '=', 'admin@example.com').executeTakeFirstOrThrow();
    for (let i = 0; i < 50 && adminEvents.length < 2; i++) {
      gw.services.pubsub.publish('connectionChanged', { connectionId: ids['jo@acme.test']!, userId: (await gw.services.db.selectFrom('connections').select('user_id').where('id', '=', ids['jo@acme.test']!).executeTakeFirstOrThrow()).user_id });
      gw.services.pubsub.publish('connectionChanged', { connectionId: ids['boss@acme.test']!, userId: owner.id });
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(adminEvents).toContainEqual({ connectionStatusChanged: { email: 'boss@acme.test', status: 'CONNECTED' } });
    expect(adminEvents).toContainEqual({ connectionStatusChanged: { email: 'jo@acme.test', status: 'ERROR' } });
    expect(userEvents).toContainEqual({ connectionStatusChanged: { email: 'jo@acme.test', status: 'ERROR' } });
    expect(userEvents).not.toContainEqual({ connectionStatusChanged: { email: 'boss@acme.test', status: 'CONNECTED' } });
  });
});
