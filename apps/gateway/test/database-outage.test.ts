import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncSupervisor } from '../src/engine/supervisor.js';
import type { SyncSessionFactory } from '../src/engine/sync-session.js';
import { createTestDatabase, engines, type TestDatabase } from './testkit/databases.js';
import { startTestGateway, type TestGateway } from './testkit/gateway.js';
import { startOutageProxy, type OutageProxy } from './testkit/outage-proxy.js';
import { insertBenchUser, insertImapConnection } from './testkit/seed.js';

async function until(
  check: () => Promise<boolean> | boolean,
  what: string,
  ms = 30_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.runIf(engines.includes('postgres'))('a sync worker cut off from PostgreSQL', () => {
  let database: TestDatabase;
  let proxy: OutageProxy;
  let direct: TestGateway;
  let worker: TestGateway;
  let supervisor: SyncSupervisor | undefined;
  const ids: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    direct = await startTestGateway('postgres', { databaseUrl: database.url });
    const url = new URL(database.url);
    proxy = await startOutageProxy(url.hostname, Number(url.port || 5432));
    url.host = `127.0.0.1:${proxy.port}`;
    worker = await startTestGateway('postgres', { databaseUrl: url.toString() });
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
    await database?.drop();
  });

  it("stops its sessions while the database is unreachable and tells each connection's history once it is back", async () => {
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
    await until(() => ids.every((id) => running.has(id)), 'both sessions to run');

    await proxy.cut();
    await until(() => running.size === 0, 'the sessions to stop before their leases run out');
    await proxy.restore();

    const paused = async () => {
      const rows = await direct.services.db
        .selectFrom('connection_events')
        .select(['connection_id', 'message'])
        .where('connection_id', 'in', ids)
        .execute();
      return ids.every((id) =>
        rows.some(
          (r) =>
            r.connection_id === id &&
            /Sync paused .*database was unavailable/.test(r.message ?? ''),
        ),
      );
    };
    await until(paused, 'the pause in each history');
    expect(await paused()).toBe(true);
    await until(() => ids.every((id) => running.has(id)), 'the sessions to run again');
  }, 90_000);
});
