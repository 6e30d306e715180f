import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { redisPubSub, type PubSub } from '../../src/pubsub.js';
import { graphql } from '../gql/index.js';
import { MessageSynced } from '../testkit/documents.js';
import { startTestGateway, type TestGateway } from '../testkit/gateway.js';
import { startPrivateRedis, type PrivateRedis } from '../testkit/private-redis.js';
import { insertBenchUser, insertImapConnection } from '../testkit/seed.js';
import { subscribeTo } from '../testkit/subscriptions.js';
import { waitFor } from '../testkit/wait.js';

const CheckNow = graphql(`
  mutation OutageCheckNow($id: ID!) {
    checkConnectionNow(id: $id) {
      __typename
    }
  }
`);

describe('events across replicas when Redis goes away', () => {
  let redis: PrivateRedis;
  let gw: TestGateway;
  let worker: PubSub;
  let connectionId: string;
  let owner: string;
  let prefix: string;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    prefix = `inlet-outage-${randomBytes(4).toString('hex')}`;
    gw = await startTestGateway('sqlite', {
      env: { REDIS_URL: redis.url, INLET_REDIS_PREFIX: prefix, INLET_SYNC: 'off' },
    });
    // Another process's events (a sync worker): its own connection to Redis.
    worker = await redisPubSub(redis.url, prefix, createLogger('silent'));
    owner = await insertBenchUser(gw.services, `outage-${randomUUID().slice(0, 8)}@outage.test`);
    connectionId = (
      await insertImapConnection(
        gw.services,
        owner,
        `box-${randomUUID().slice(0, 8)}@outage.test`,
        'pw',
        1,
        'ERROR',
      )
    ).id;
  }, 60_000);
  afterAll(async () => {
    await worker?.close();
    await gw?.close();
    await redis?.stop();
  });

  /** Subscribes to the connection's synced messages; once this resolves, the gateway listens for them. */
  const subscribeSubjects = async (cookie: string) => {
    const ws = gw.wsClient({ cookie });
    const synced = subscribeTo(ws, MessageSynced, { connectionId });
    await waitFor(
      () => gw.services.pubsub.listenerCount('messageSynced') === 1,
      'the subscription',
    );
    return { ws, received: () => synced.events.map((e) => e.messageSynced.subject) };
  };
  const publish = (subject: string) =>
    worker.publish('messageSynced', { connectionId, userId: owner, message: { subject } as never });

  it('delivers what was published during the outage once Redis is back, in order, once; commands are refused meanwhile', async () => {
    const cookie = await gw.signIn();
    const { ws, received } = await subscribeSubjects(cookie);

    for (let i = 0; i < 5; i++) publish(`before ${i}`);
    await waitFor(() => received().length === 5, 'the events before the outage');

    await redis.stop();
    await waitFor(() => !gw.services.pubsub.connected(), 'the gateway to notice the outage');
    for (let i = 0; i < 5; i++) publish(`during ${i}`);
    const refused = await gw.execute(CheckNow, { id: connectionId }, { cookie });
    expect(refused.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');

    await redis.start();
    await waitFor(() => gw.services.pubsub.connected(), 'the gateway to reconnect');
    publish('after');
    await waitFor(() => received().length >= 11, 'every event', 30_000);
    await new Promise((r) => setTimeout(r, 300)); // nothing arrives twice
    expect(received()).toEqual([
      ...[0, 1, 2, 3, 4].map((i) => `before ${i}`),
      ...[0, 1, 2, 3, 4].map((i) => `during ${i}`),
      'after',
    ]);
    await ws.dispose();
  }, 90_000);

  it('loses nothing when the link from a replica to Redis drops while others keep publishing', async () => {
    const cookie = await gw.signIn();
    const { received } = await subscribeSubjects(cookie);
    publish('first');
    await waitFor(() => received().includes('first'), 'the first event');

    // Drop the connections that read events (as a network blip would), then publish at once.
    const admin = new Redis(redis.url);
    try {
      const clients = (await admin.call('CLIENT', 'LIST')) as string;
      for (const line of clients.split('\n')) {
        const id = /\bid=(\d+)/.exec(line)?.[1];
        if (id && line.includes(`name=${prefix}:reader`))
          await admin.call('CLIENT', 'KILL', 'ID', id);
      }
    } finally {
      admin.disconnect();
    }
    for (let i = 0; i < 3; i++) publish(`blip ${i}`);
    await waitFor(() => received().length >= 4, 'the events published during the blip');
    expect(received()).toEqual(['first', 'blip 0', 'blip 1', 'blip 2']);
  }, 60_000);

  it('closes while Redis is unreachable (shutdown does not wait for a link that is being re-established)', async () => {
    const other = await redisPubSub(redis.url, `${prefix}-closing`, createLogger('silent'));
    await redis.stop();
    try {
      await waitFor(() => !other.connected(), 'the outage to be noticed');
      await other.close();
    } finally {
      await redis.start();
    }
  }, 30_000);
});
