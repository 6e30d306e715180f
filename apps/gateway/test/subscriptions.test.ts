import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from './testkit/databases.js';
import { startTestGateway, type TestGateway } from './testkit/gateway.js';
import { insertImapConnection } from './testkit/seed.js';
import { waitFor } from './testkit/wait.js';

const TOPICS = ['messageSynced', 'syncProgress', 'connectionChanged', 'activityLogged', 'connectionCheck'] as const;

describe.each(engines)('subscriptions on %s', (engine) => {
  let gw: TestGateway;
  let user: { cookie: string; email: string };
  let connectionId: string;
  const listeners = () => TOPICS.reduce((sum, topic) => sum + gw.services.pubsub.listenerCount(topic), 0);

  beforeAll(async () => {
    gw = await startTestGateway(engine);
    user = await gw.userSession('USER', 'VIEW_ONLY');
    const owner = await gw.services.db.selectFrom('users').select('id').where('email', '=', user.email).executeTakeFirstOrThrow();
    connectionId = (await insertImapConnection(gw.services, owner.id, `quiet-${randomUUID().slice(0, 8)}@example.test`, 'pw', 1, 'ERROR')).id;
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
  });

  it('release their listeners as soon as the socket closes, even when no event ever matched', async () => {
    const client = gw.wsClient({ cookie: user.cookie });
    const perKind = 20;
    const queries = [
      ['subscription($id: ID!) { messageSynced(connectionId: $id) { id } }', { id: connectionId }],
      ['subscription($id: ID!) { syncProgress(connectionId: $id) { done } }', { id: connectionId }],
      ['subscription($id: ID!) { connectionStatusChanged(connectionId: $id) { id } }', { id: connectionId }],
      ['subscription { activityLogged { id } }', {}],
      ['subscription($checkId: ID!) { connectionCheck(checkId: $checkId) { step } }', { checkId: randomUUID() }],
    ] as const;
    for (const [query, variables] of queries) {
      for (let i = 0; i < perKind; i++) client.subscribe({ query, variables }, { next: () => undefined, error: () => undefined, complete: () => undefined });
    }
    await waitFor(() => listeners() === perKind * queries.length, 'every subscription to listen');

    // Events nobody is waiting for must not wake them, nor keep them alive.
    gw.services.pubsub.publish('messageSynced', { connectionId: randomUUID(), userId: randomUUID(), message: {} as never });
    await client.dispose();
    await waitFor(() => listeners() === 0, 'every listener to be removed');
    expect(listeners()).toBe(0);
  });
});
