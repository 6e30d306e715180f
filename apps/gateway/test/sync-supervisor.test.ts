import { ProviderError } from '@inlet/providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionRow } from '../src/db/tables/connection.table.js';
import { SyncSupervisor } from '../src/engine/supervisor.js';
import type { RunnerEvents, SyncSession, SyncSessionFactory } from '../src/engine/sync-session.js';
import { readStoredError } from '../src/stored-error.js';
import { startTestGateway, type TestGateway } from './testkit/gateway.js';
import { insertConnection } from './testkit/seed.js';
import { until } from './testkit/wait.js';

/**
 * The runner's state machine against a scripted session: each start consumes the next scripted
 * outcome. (The real IMAP session is exercised against Dovecot in sync-imap.test.ts.)
 */
type Outcome = 'ok' | ProviderError;

function scriptedFactory(
  script: Map<string, Outcome[]>,
  starts: Map<string, number>,
): SyncSessionFactory {
  return async (connection: ConnectionRow, { events }: { events: RunnerEvents }) => {
    starts.set(connection.id, (starts.get(connection.id) ?? 0) + 1);
    const outcome = script.get(connection.id)?.shift() ?? 'ok';
    const session: SyncSession = {
      connectionsInUse: 2,
      async start() {
        if (outcome === 'ok') {
          events.progress({ folder: 'INBOX', done: 1, total: 2 });
          events.upToDate();
        } else {
          events.failed(outcome);
        }
      },
      checkNow: () => events.upToDate(),
      async stop() {},
    };
    return session;
  };
}

/** `count` CONNECTING IMAP connections of the first user, named <prefix><i>@acme.test. */
async function seedConnections(gw: TestGateway, count: number, prefix: string): Promise<string[]> {
  const user = await gw.services.db.selectFrom('users').select('id').executeTakeFirstOrThrow();
  const ids: string[] = [];
  for (let i = 0; i < count; i++)
    ids.push((await insertConnection(gw.services, user.id, `${prefix}${i}@acme.test`)).id);
  return ids;
}

describe('sync supervisor', () => {
  let gw: TestGateway;
  let supervisor: SyncSupervisor;
  const script = new Map<string, Outcome[]>();
  const starts = new Map<string, number>();

  async function seed(
    email: string,
    status: ConnectionRow['status'] = 'CONNECTING',
  ): Promise<string> {
    const user = await gw.services.db.selectFrom('users').select('id').executeTakeFirstOrThrow();
    return (await insertConnection(gw.services, user.id, email, { status })).id;
  }
  const row = (id: string) =>
    gw.services.db
      .selectFrom('connections')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const history = (id: string) =>
    gw.services.db
      .selectFrom('connection_events')
      .select(['status', 'code'])
      .where('connection_id', '=', id)
      .orderBy('at')
      .execute();

  beforeAll(async () => {
    gw = await startTestGateway('sqlite');
    supervisor = new SyncSupervisor(gw.services, {
      openSession: scriptedFactory(script, starts),
      kinds: ['IMAP'],
      staggerMs: 10,
      backoff: { baseMs: 50, capMs: 200, stableMs: 60_000 },
      hostOf: () => 'imap.example.test',
    });
  });
  afterAll(async () => {
    await supervisor?.stop();
    await gw?.close();
  });

  it('starts active connections at boot (staggered) and marks them CONNECTED with a last sync time', async () => {
    const a = await seed('a@acme.test');
    const parked = await seed('p@acme.test', 'NEEDS_REAUTH');
    await supervisor.start();
    const connected = await until(
      () => row(a),
      (r) => r.status === 'CONNECTED',
    );
    expect(connected.last_synced_at).not.toBeNull();
    expect(starts.get(parked)).toBeUndefined();
    expect(supervisor.connectionsInUse(a)).toBe(2);
    expect((await history(a)).map((h) => h.status)).toEqual(['SYNCING', 'CONNECTED']);
  });

  it('stops retrying on an authentication failure and asks for reauth', async () => {
    const id = await seed('auth@acme.test');
    script.set(id, [new ProviderError('AUTHENTICATION_FAILED')]);
    void supervisor.ensure(id);
    const failed = await until(
      () => row(id),
      (r) => r.status === 'NEEDS_REAUTH',
    );
    expect(failed.status).toBe('NEEDS_REAUTH');
    expect(readStoredError(failed.last_error_json)).toMatchObject({
      code: 'AUTHENTICATION_FAILED',
      count: 1,
      hint: expect.stringMatching(/app password/),
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(starts.get(id)).toBe(1);
  });

  it('retries transient failures with backoff, counts repeats without flooding history, then recovers', async () => {
    const id = await seed('flaky@acme.test');
    const down = () => new ProviderError('CONNECTION_REFUSED', { step: 'tcp' });
    script.set(id, [down(), down(), down()]);
    void supervisor.ensure(id);
    const recovered = await until(
      () => row(id),
      (r) => r.status === 'CONNECTED',
    );
    expect(recovered.status).toBe('CONNECTED');
    expect(recovered.last_error_json).toBeNull();
    expect(starts.get(id)).toBe(4);
    const events = await history(id);
    expect(events.filter((e) => e.status === 'RETRYING')).toEqual([
      { status: 'RETRYING', code: 'CONNECTION_REFUSED' },
    ]);
  });

  it('keeps the first-seen time and counts a repeating error', async () => {
    const id = await seed('down@acme.test');
    script.set(
      id,
      Array.from({ length: 50 }, () => new ProviderError('CONNECTION_TIMEOUT', { step: 'tcp' })),
    );
    void supervisor.ensure(id);
    const retrying = await until(
      () => row(id),
      (r) => r.last_error_json !== null && JSON.parse(r.last_error_json).count >= 3,
    );
    const error = JSON.parse(retrying.last_error_json!);
    expect(retrying.status).toBe('RETRYING');
    expect(error.count).toBeGreaterThanOrEqual(3);
    expect(Date.parse(error.firstSeenAt)).toBeLessThanOrEqual(Date.parse(retrying.updated_at));
    await supervisor.remove(id);
  });

  it('"Check now" retries a parked connection immediately', async () => {
    const id = await seed('later@acme.test', 'NEEDS_REAUTH');
    void supervisor.checkNow(id);
    expect(
      (
        await until(
          () => row(id),
          (r) => r.status === 'CONNECTED',
        )
      ).status,
    ).toBe('CONNECTED');
  });
});

describe('per-host slots', () => {
  it('bound concurrent connects per host, not how many accounts stay connected', async () => {
    const gw = await startTestGateway('sqlite');
    const supervisor = new SyncSupervisor(gw.services, {
      openSession: scriptedFactory(new Map(), new Map()),
      kinds: ['IMAP'],
      staggerMs: 1,
      perHostLimit: 2,
      hostOf: () => 'imap.example.test',
    });
    try {
      const ids = await seedConnections(gw, 6, 'slot');
      await supervisor.start();
      const connected = await until(
        () =>
          gw.services.db
            .selectFrom('connections')
            .select('status')
            .where('id', 'in', ids)
            .execute(),
        (rows) => rows.every((r) => r.status === 'CONNECTED'),
      );
      expect(connected.every((r) => r.status === 'CONNECTED')).toBe(true);
    } finally {
      await supervisor.stop();
      await gw.close();
    }
  });
});

describe('leases between supervisors', () => {
  /** Sessions that count how many run per connection at once, across every supervisor. */
  function countingFactory(
    active: Map<string, number>,
    maxActive: Map<string, number>,
  ): SyncSessionFactory {
    return async (connection, { events }) => ({
      connectionsInUse: 2,
      async start() {
        const n = (active.get(connection.id) ?? 0) + 1;
        active.set(connection.id, n);
        maxActive.set(connection.id, Math.max(n, maxActive.get(connection.id) ?? 0));
        events.upToDate();
      },
      checkNow: () => undefined,
      async stop() {
        active.set(connection.id, (active.get(connection.id) ?? 1) - 1);
      },
    });
  }

  it('split the connections, hand them over when one stops, and a supervisor stops a session whose lease it lost', async () => {
    const gw = await startTestGateway('sqlite');
    const active = new Map<string, number>();
    const maxActive = new Map<string, number>();
    const make = () =>
      new SyncSupervisor(gw.services, {
        openSession: countingFactory(active, maxActive),
        kinds: ['IMAP'],
        staggerMs: 1,
        lease: { ttlMs: 900, heartbeatMs: 150 },
        hostOf: () => 'imap.example.test',
      });
    const first = make();
    const second = make();
    try {
      const ids = await seedConnections(gw, 6, 'lease');
      const owners = () =>
        gw.services.db.selectFrom('sync_leases').select(['connection_id', 'worker_id']).execute();
      const running = () => ids.filter((id) => (active.get(id) ?? 0) > 0).length;

      await first.start();
      await second.start();
      // The first takes everything alone, then gives half back once the second is live.
      const split = await until(
        owners,
        (rows) =>
          rows.length === 6 && rows.filter((r) => r.worker_id === second.worker.id).length === 3,
        10_000,
      );
      expect(split.filter((r) => r.worker_id === first.worker.id)).toHaveLength(3);
      await until(
        async () => running(),
        (n) => n === 6,
      );
      expect(ids.every((id) => first.owns(id) !== second.owns(id))).toBe(true);

      await first.stop(); // gives its leases back: the second takes them at once, not after the lease time
      const handedOver = await until(
        owners,
        (rows) => rows.length === 6 && rows.every((r) => r.worker_id === second.worker.id),
        5_000,
      );
      expect(handedOver.every((r) => r.worker_id === second.worker.id)).toBe(true);
      await until(
        async () => running(),
        (n) => n === 6,
      );

      // Fencing: another worker holds the lease now (as after a pause longer than the lease time).
      const stolen = ids[0]!;
      await gw.services.db
        .updateTable('sync_leases')
        .set({ worker_id: 'intruder', expires_at: new Date(Date.now() + 60_000).toISOString() })
        .where('connection_id', '=', stolen)
        .execute();
      await until(
        async () => active.get(stolen),
        (n) => n === 0,
      );
      expect(active.get(stolen)).toBe(0);
      expect(second.owns(stolen)).toBe(false);
      // Never two sessions of one connection at once, through every hand-over.
      expect(ids.map((id) => maxActive.get(id))).toEqual(Array(6).fill(1));
    } finally {
      await first.stop();
      await second.stop();
      await gw.close();
    }
  });
});
