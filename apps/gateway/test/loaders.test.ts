import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoaders } from '../src/loaders.js';
import { graphql } from './gql/index.js';
import { engines } from './testkit/databases.js';
import { startTestGateway, type TestGateway } from './testkit/gateway.js';
import { QueryLog } from './testkit/query-log.js';
import { insertConnection } from './testkit/seed.js';
import { subscribeTo } from './testkit/subscriptions.js';

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

describe.each(engines)('field resolver loaders on %s', (engine) => {
  let gw: TestGateway;
  let admin: string;
  const userIds: string[] = [];
  let connectionId: string;

  beforeAll(async () => {
    gw = await startTestGateway(engine);
    admin = await gw.signIn();
    for (const role of ['USER', 'USER', 'ADMIN'] as const) await gw.userSession(role);
    userIds.push(
      ...(await gw.services.db.selectFrom('users').select('id').orderBy('email').execute()).map(
        (u) => u.id,
      ),
    );
    const adminId = await gw.userId();
    connectionId = (
      await insertConnection(gw.services, adminId, 'boss@loaders.test', { status: 'CONNECTED' })
    ).id;
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('answers the loads of one tick, repeated keys included, with one query', async () => {
    const log = new QueryLog();
    const loaders = createLoaders(gw.services.db.withPlugin(log));
    const wanted = [...userIds, ...userIds];
    const users = await Promise.all(wanted.map((id) => loaders.user.load(id)));
    expect(users.map((u) => u.id)).toEqual(wanted);
    expect(log.reads('users')).toBe(1);
  });

  it('rejects only the key that was not found', async () => {
    const loaders = createLoaders(gw.services.db);
    const [found, missing] = await Promise.allSettled([
      loaders.user.load(userIds[0]!),
      loaders.user.load('nobody'),
    ]);
    expect(found.status).toBe('fulfilled');
    expect(missing).toMatchObject({ status: 'rejected', reason: new Error('no user nobody') });
  });

  it('reads again on a later tick: one loader set serves every event of a subscription', async () => {
    const log = new QueryLog();
    const loaders = createLoaders(gw.services.db.withPlugin(log));
    const id = userIds[0]!;
    await gw.services.db
      .updateTable('users')
      .set({ name: 'Before' })
      .where('id', '=', id)
      .execute();
    expect((await loaders.user.load(id)).name).toBe('Before');
    await gw.services.db.updateTable('users').set({ name: 'After' }).where('id', '=', id).execute();
    expect((await loaders.user.load(id)).name).toBe('After');
    expect(log.reads('users')).toBe(2);
  });

  it('shows each subscription event the owner as it is then, not as the first event saw it', async () => {
    const adminId = (
      await gw.services.db
        .selectFrom('connections')
        .select('user_id')
        .where('id', '=', connectionId)
        .executeTakeFirstOrThrow()
    ).user_id;
    const rename = (name: string) =>
      gw.services.db.updateTable('users').set({ name }).where('id', '=', adminId).execute();
    const client = gw.wsClient({ cookie: admin });
    const changed = subscribeTo(client, OwnerChanged, { connectionId });
    const lastName = () => changed.events.at(-1)?.connectionStatusChanged.owner.name;
    try {
      /** Publishes until an event shows the owner under `name` (the subscription may not be listening yet). */
      const until = async (name: string) => {
        for (let i = 0; i < 50 && lastName() !== name; i++) {
          gw.services.pubsub.publish('connectionChanged', { connectionId, userId: adminId });
          await new Promise((r) => setTimeout(r, 100));
        }
        expect(lastName()).toBe(name);
      };
      await rename('First name');
      await until('First name');
      await rename('Second name');
      await until('Second name');
    } finally {
      changed.stop();
      await client.dispose();
    }
  });
});
