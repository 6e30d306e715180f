import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordSyncPause } from '../../src/engine/connection-health.js';
import { SyncSupervisor } from '../../src/engine/supervisor.js';
import type { SyncSessionFactory } from '../../src/engine/sync-session.js';
import { graphql } from '../gql/index.js';
import { createTestDatabase, engines, type TestDatabase } from '../testkit/databases.js';
import { ADMIN, startTestGateway, type TestGateway } from '../testkit/gateway.js';
import { startOutageProxy, type OutageProxy } from '../testkit/outage-proxy.js';
import { QueryLog } from '../testkit/query-log.js';
import { startPrivateRedis, type PrivateRedis } from '../testkit/private-redis.js';
import { insertBenchUser, insertImapConnection } from '../testkit/seed.js';
import { waitFor } from '../testkit/wait.js';

const ConnectionPause = graphql(`
  query DatabaseOutageConnectionPause($id: ID!) {
    connection(id: $id) {
      status
      syncPause {
        reason
        message
        since
      }
      history(first: 5) {
        message
      }
    }
  }
`);

describe.each(engines)('the history of a sync pause on %s', (engine) => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway(engine);
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('records one entry per connection with how long the pause lasted, reading their statuses at once', async () => {
    const owner = await insertBenchUser(gw.services, `pause-${engine}@outage.test`);
    const rows = [];
    for (let i = 0; i < 3; i++)
      rows.push(
        // ERROR: parked, so the gateway's own supervisor leaves them (and their history) alone.
        await insertImapConnection(
          gw.services,
          owner,
          `p${i}-${engine}@outage.test`,
          'pw',
          993,
          'ERROR',
        ),
      );
    const log = new QueryLog();
    const from = new Date('2026-12-07T01:00:00.000Z');
    const to = new Date('2026-12-07T01:02:05.000Z');
    await recordSyncPause(
      { db: gw.services.db.withPlugin(log), pubsub: gw.services.pubsub },
      rows.map((r) => ({ id: r.id, user_id: owner })),
      from,
      to,
    );
    expect(log.reads('connections')).toBe(1);
    const events = await gw.services.db
      .selectFrom('connection_events')
      .select(['connection_id', 'message', 'at'])
      .where(
        'connection_id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    expect(events).toHaveLength(3);
    for (const event of events) {
      expect(event.at).toBe(to.toISOString());
      expect(event.message).toBe(
        'Sync paused for 2 min 5 s (2026-12-07T01:00:00.000Z to 2026-12-07T01:02:05.000Z): the database was unavailable.',
      );
    }
  });
});

describe.runIf(engines.includes('postgres'))('a sync worker cut off from PostgreSQL', () => {
  let database: TestDatabase;
  let redis: PrivateRedis;
  let proxy: OutageProxy;
  let direct: TestGateway;
  let worker: TestGateway;
  let supervisor: SyncSupervisor | undefined;
  const ids: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    // One event service for both, as at scale: the worker's pause notice reaches the API's process.
    redis = await startPrivateRedis();
    const env = {
      INLET_SYNC: 'off',
      REDIS_URL: redis.url,
      INLET_REDIS_PREFIX: `inlet-outage-${randomBytes(4).toString('hex')}`,
    };
    direct = await startTestGateway('postgres', { databaseUrl: database.url, env });
    const url = new URL(database.url);
    proxy = await startOutageProxy(url.hostname, Number(url.port || 5432));
    url.host = `127.0.0.1:${proxy.port}`;
    worker = await startTestGateway('postgres', { databaseUrl: url.toString(), env });
    const owner = await insertBenchUser(direct.services, 'owner@outage.test');
    for (let i = 0; i < 2; i++)
      ids.push(
        (await insertImapConnection(direct.services, owner, `pg${i}@outage.test`, 'pw', 993)).id,
      );
  }, 60_000);
  afterAll(async () => {
    await supervisor?.stop().catch(() => undefined);
    await worker?.close().catch(() => undefined);
    await proxy?.stop();
    await direct?.close();
    await redis?.stop();
    await database?.drop();
  });

  it('says "sync paused: database unavailable" while it lasts, and records the pause in each history once it is back', async () => {
    const running = new Set<string>();
    const openSession: SyncSessionFactory = async (row, { events }) => ({
      connectionsInUse: 1,
      start: async () => {
        running.add(row.id);
        events.upToDate();
      },
      checkNow: () => undefined,
      stop: async () => void running.delete(row.id),
    });
    supervisor = new SyncSupervisor(worker.services, {
      openSession,
      kinds: ['IMAP'],
      staggerMs: 1,
      lease: { ttlMs: 3_000, heartbeatMs: 300 },
    });
    await supervisor.start();
    await waitFor(() => ids.every((id) => running.has(id)), 'both sessions to run', 30_000);
    const cookie = await direct.signIn(ADMIN.email, ADMIN.password);
    const read = async (id: string) => {
      const { data, errors } = await direct.execute(ConnectionPause, { id }, { cookie });
      expect(errors).toBeUndefined();
      return data!.connection!;
    };
    for (const id of ids) expect((await read(id)).syncPause).toBeNull();

    const cutAt = Date.now();
    await proxy.cut();
    await waitFor(
      () => running.size === 0,
      'the sessions to stop before their leases run out',
      30_000,
    );
    // The API (whose own database link works) says why each connection stands still.
    await waitFor(
      async () => (await Promise.all(ids.map(read))).every((c) => c.syncPause !== null),
      'the pause to be told by the API',
      10_000,
    );
    for (const id of ids) {
      const { syncPause, status } = await read(id);
      expect(status).toBe('CONNECTED'); // the last status the worker could record
      expect(syncPause).toMatchObject({
        reason: 'DATABASE_UNAVAILABLE',
        message: 'Sync paused: database unavailable',
      });
      expect(Date.parse(syncPause!.since)).toBeGreaterThanOrEqual(cutAt);
    }
    await proxy.restore();

    await waitFor(
      async () =>
        (await Promise.all(ids.map(read))).every(
          (c) =>
            c.syncPause === null &&
            c.history.some((h) =>
              /^Sync paused for \d+ s \(.* to .*\): the database was unavailable\.$/.test(
                h.message ?? '',
              ),
            ),
        ),
      'the pause to end and be in each history',
      30_000,
    );
    await waitFor(() => ids.every((id) => running.has(id)), 'the sessions to run again', 30_000);
  }, 90_000);
});
