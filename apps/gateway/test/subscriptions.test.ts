import { randomUUID } from 'node:crypto';
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SUBSCRIPTIONS_PER_SOCKET, MAX_SUBSCRIPTIONS_PER_USER } from '../src/live-sockets.js';
import { engines } from './testkit/databases.js';
import { startTestGateway, type TestGateway } from './testkit/gateway.js';
import { QueryLog } from './testkit/query-log.js';
import { insertImapConnection } from './testkit/seed.js';
import { waitFor } from './testkit/wait.js';

const TOPICS = [
  'messageSynced',
  'syncProgress',
  'connectionChanged',
  'activityLogged',
  'connectionCheck',
] as const;

describe.each(engines)('subscriptions on %s', (engine) => {
  let gw: TestGateway;
  let user: { cookie: string; email: string; id: string };
  let connectionId: string;
  const listeners = () =>
    TOPICS.reduce((sum, topic) => sum + gw.services.pubsub.listenerCount(topic), 0);

  beforeAll(async () => {
    gw = await startTestGateway(engine);
    user = await gw.userSession('USER', 'VIEW_ONLY');
    connectionId = (
      await insertImapConnection(
        gw.services,
        user.id,
        `quiet-${randomUUID().slice(0, 8)}@example.test`,
        'pw',
        1,
        'ERROR',
      )
    ).id;
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
      [
        'subscription($id: ID!) { connectionStatusChanged(connectionId: $id) { id } }',
        { id: connectionId },
      ],
      ['subscription { activityLogged { id } }', {}],
      [
        'subscription($checkId: ID!) { connectionCheck(checkId: $checkId) { step } }',
        { checkId: randomUUID() },
      ],
    ] as const;
    for (const [query, variables] of queries) {
      for (let i = 0; i < perKind; i++)
        client.subscribe(
          { query, variables },
          { next: () => undefined, error: () => undefined, complete: () => undefined },
        );
    }
    await waitFor(() => listeners() === perKind * queries.length, 'every subscription to listen');

    // Events nobody is waiting for must not wake them, nor keep them alive.
    gw.services.pubsub.publish('messageSynced', {
      connectionId: randomUUID(),
      userId: randomUUID(),
      message: {} as never,
    });
    await client.dispose();
    await waitFor(() => listeners() === 0, 'every listener to be removed');
    expect(listeners()).toBe(0);
  });

  it('read the database once per event, whatever the number of subscribers', async () => {
    const plain = gw.services.db;
    const log = new QueryLog();
    // Subscriptions keep the context (and its db) they started with: record from before they start.
    gw.services.db = plain.withPlugin(log);
    const client = gw.wsClient({ cookie: user.cookie });
    const received: unknown[] = [];
    try {
      const subscribers = 20;
      for (let i = 0; i < subscribers; i++) {
        client.subscribe(
          { query: 'subscription { connectionStatusChanged { id } }' },
          { next: (m) => void received.push(m), error: () => undefined, complete: () => undefined },
        );
      }
      await waitFor(
        () => gw.services.pubsub.listenerCount('connectionChanged') === subscribers,
        'every subscriber',
      );
      const owner = await plain
        .selectFrom('users')
        .select('id')
        .where('email', '=', user.email)
        .executeTakeFirstOrThrow();
      const before = log.reads('connections');
      gw.services.pubsub.publish('connectionChanged', { connectionId, userId: owner.id });
      await waitFor(() => received.length === subscribers, 'every subscriber to get the event');
      expect(log.reads('connections') - before).toBe(1);
    } finally {
      gw.services.db = plain;
      await client.dispose();
    }
    await waitFor(() => listeners() === 0, 'every listener to be removed');
  });

  it(`caps live subscriptions: ${MAX_SUBSCRIPTIONS_PER_SOCKET} per socket, ${MAX_SUBSCRIPTIONS_PER_USER} per user, with a clear error`, async () => {
    const live = () => gw.services.pubsub.listenerCount('activityLogged');
    /** Starts `n` subscriptions on `client`; resolves with the errors of the first that was refused, if any. */
    const start = (client: Client, n: number) =>
      new Promise<unknown>((resolve) => {
        for (let i = 0; i < n; i++) {
          client.subscribe(
            { query: 'subscription { activityLogged { id } }' },
            { next: () => undefined, error: resolve, complete: () => undefined },
          );
        }
      });
    const refusal = (errors: unknown) =>
      (errors as { message: string; extensions: { code: string } }[])[0];

    const first = gw.wsClient({ cookie: user.cookie });
    void start(first, MAX_SUBSCRIPTIONS_PER_SOCKET);
    await waitFor(() => live() === MAX_SUBSCRIPTIONS_PER_SOCKET, 'the first socket to be full');
    expect(refusal(await start(first, 1))).toMatchObject({
      extensions: { code: 'RATE_LIMITED' },
      message: expect.stringMatching(/live subscriptions, the most one connection may hold/),
    });

    const others = Array.from(
      { length: MAX_SUBSCRIPTIONS_PER_USER / MAX_SUBSCRIPTIONS_PER_SOCKET - 1 },
      () => gw.wsClient({ cookie: user.cookie }),
    );
    for (const client of others) void start(client, MAX_SUBSCRIPTIONS_PER_SOCKET);
    await waitFor(
      () => live() === MAX_SUBSCRIPTIONS_PER_USER,
      "the user's subscriptions to reach the cap",
    );
    const another = gw.wsClient({ cookie: user.cookie });
    expect(refusal(await start(another, 1))).toMatchObject({
      extensions: { code: 'RATE_LIMITED' },
      message: expect.stringMatching(/the most one user may hold/),
    });
    // Another user is not affected.
    const admin = gw.wsClient({ cookie: await gw.signIn() });
    void start(admin, 1);
    await waitFor(() => live() === MAX_SUBSCRIPTIONS_PER_USER + 1, "another user's subscription");

    await first.dispose();
    await waitFor(
      () => live() === MAX_SUBSCRIPTIONS_PER_USER + 1 - MAX_SUBSCRIPTIONS_PER_SOCKET,
      'the closed socket to release its subscriptions',
    );
    void start(another, 1);
    await waitFor(
      () => live() === MAX_SUBSCRIPTIONS_PER_USER + 2 - MAX_SUBSCRIPTIONS_PER_SOCKET,
      'room for a new subscription',
    );
    await Promise.all([...others, another, admin].map((c) => c.dispose()));
    await waitFor(() => listeners() === 0, 'every listener to be removed');
  });
});
