import { randomUUID } from 'node:crypto';
import { print } from 'graphql';
import { SelectQueryNode, TableNode, type KyselyPlugin, type QueryResult, type RootOperationNode, type UnknownRow } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoaders } from '../src/loaders.js';
import { graphql } from './gql/index.js';
import { engines } from './testkit/databases.js';
import { startTestGateway, type TestGateway } from './testkit/gateway.js';

const OwnerChanged = graphql(`
  subscription OwnerChangedTest($connectionId: ID!) {
    connectionStatusChanged(connectionId: $connectionId) {
      email
      owner {
        name
      }
    }
  }
`);

/** Counts the queries that read the users table. */
class UserReads implements KyselyPlugin {
  count = 0;

  transformQuery({ node }: { node: RootOperationNode }): RootOperationNode {
    const from = SelectQueryNode.is(node) ? node.from?.froms[0] : undefined;
    if (from && TableNode.is(from) && from.table.identifier.name === 'users') this.count++;
    return node;
  }

  async transformResult({ result }: { result: QueryResult<UnknownRow> }): Promise<QueryResult<UnknownRow>> {
    return result;
  }
}

describe.each(engines)('field resolver loaders on %s', (engine) => {
  let gw: TestGateway;
  let admin: string;
  const userIds: string[] = [];
  let connectionId: string;

  beforeAll(async () => {
    gw = await startTestGateway(engine);
    admin = await gw.signIn();
    for (const role of ['USER', 'USER', 'ADMIN'] as const) await gw.userSession(role);
    userIds.push(...(await gw.services.db.selectFrom('users').select('id').orderBy('email').execute()).map((u) => u.id));
    const adminId = (await gw.services.db.selectFrom('users').select('id').where('email', '=', 'admin@example.com').executeTakeFirstOrThrow()).id;
    connectionId = randomUUID();
    const at = new Date().toISOString();
    await gw.services.db
      .insertInto('connections')
      .values({ id: connectionId, user_id: adminId, email: 'boss@loaders.test', kind: 'PERSONAL', provider: 'IMAP', settings_json: '{}', status: 'CONNECTED', last_error_json: null, created_at: at, updated_at: at, last_synced_at: null })
      .execute();
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('answers the loads of one tick, repeated keys included, with one query', async () => {
    const reads = new UserReads();
    const loaders = createLoaders(gw.services.db.withPlugin(reads));
    const wanted = [...userIds, ...userIds];
    const users = await Promise.all(wanted.map((id) => loaders.user.load(id)));
    expect(users.map((u) => u.id)).toEqual(wanted);
    expect(reads.count).toBe(1);
  });

  it('rejects only the key that was not found', async () => {
    const loaders = createLoaders(gw.services.db);
    const [found, missing] = await Promise.allSettled([loaders.user.load(userIds[0]!), loaders.user.load('nobody')]);
    expect(found.status).toBe('fulfilled');
    expect(missing).toMatchObject({ status: 'rejected', reason: new Error('no user nobody') });
  });

  it('reads again on a later tick: one loader set serves every event of a subscription', async () => {
    const reads = new UserReads();
    const loaders = createLoaders(gw.services.db.withPlugin(reads));
    const id = userIds[0]!;
    await gw.services.db.updateTable('users').set({ name: 'Before' }).where('id', '=', id).execute();
    expect((await loaders.user.load(id)).name).toBe('Before');
    await gw.services.db.updateTable('users').set({ name: 'After' }).where('id', '=', id).execute();
    expect((await loaders.user.load(id)).name).toBe('After');
    expect(reads.count).toBe(2);
  });

  it('shows each subscription event the owner as it is then, not as the first event saw it', async () => {
    const adminId = (await gw.services.db.selectFrom('connections').select('user_id').where('id', '=', connectionId).executeTakeFirstOrThrow()).user_id;
    const rename = (name: string) => gw.services.db.updateTable('users').set({ name }).where('id', '=', adminId).execute();
    const names: string[] = [];
    const client = gw.wsClient({ cookie: admin });
    const unsubscribe = client.subscribe(
      { query: print(OwnerChanged), variables: { connectionId } },
      { next: (m) => names.push((m.data as { connectionStatusChanged: { owner: { name: string } } }).connectionStatusChanged.owner.name), error: () => undefined, complete: () => undefined },
    );
    try {
      /** Publishes until an event shows the owner under `name` (the subscription may not be listening yet). */
      const until = async (name: string) => {
        for (let i = 0; i < 50 && names.at(-1) !== name; i++) {
          gw.services.pubsub.publish('connectionChanged', { connectionId, userId: adminId });
          await new Promise((r) => setTimeout(r, 100));
        }
        expect(names.at(-1)).toBe(name);
      };
      await rename('First name');
      await until('First name');
      await rename('Second name');
      await until('Second name');
    } finally {
      unsubscribe();
      await client.dispose();
    }
  });
});
