import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  freePort,
  startDovecot,
  withTestMailbox,
  type DovecotServer,
} from '@inlet/providers/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSync, type RunningSync } from '../src/engine/start-sync.js';
import { createTestDatabase, engines, type TestDatabase } from './testkit/databases.js';
import { Disconnect, MessageSynced } from './testkit/documents.js';
import { startTestGateway, TEST_KEY_ENTRY, type TestGateway } from './testkit/gateway.js';
import { caFile } from './testkit/mail-servers.js';
import { redisUrl } from './testkit/redis.js';
import { describeNeeding } from './testkit/requirements.js';
import { insertBenchUser, insertImapConnection } from './testkit/seed.js';
import { subscribeTo } from './testkit/subscriptions.js';
import { until } from './testkit/wait.js';

const gatewayDir = fileURLToPath(new URL('..', import.meta.url));
const ACCOUNTS = 30;
const LEASE_SECONDS = 6;

interface WorkerProcess {
  child: ChildProcess;
  output: string[];
  exited: Promise<void>;
}

// PostgreSQL holds the leases and Redis carries events: on CI a missing one fails the suite.
const describeScale = describeNeeding({ postgres: true, redis: true });

describeScale(
  'scale-out: sync workers own connections through leases, events cross replicas through Redis',
  () => {
    const users = Array.from({ length: ACCOUNTS }, (_, i) => ({
      user: `u${i}@scale.test`,
      password: `scale-pass-${i}`,
    }));
    let dovecot: DovecotServer;
    let database: TestDatabase;
    let env: Record<string, string>;
    let replicaA: TestGateway;
    let replicaB: TestGateway | undefined;
    let syncB: RunningSync | undefined;
    const workers: WorkerProcess[] = [];
    const connectionOf = new Map<string, string>(); // email -> connection id

    const db = () => replicaA.services.db;
    const leases = () =>
      db().selectFrom('sync_leases').select(['connection_id', 'worker_id']).execute();
    const ownersBy = (rows: { worker_id: string }[]) =>
      rows.reduce(
        (m, r) => m.set(r.worker_id, (m.get(r.worker_id) ?? 0) + 1),
        new Map<string, number>(),
      );

    /** IMAP connections per user as Dovecot sees them: two per account (INBOX and Sent) when each has one session. */
    async function imapConnectionsPerUser(): Promise<Map<string, number>> {
      const out = await dovecot.doveadm(['who', '-1']);
      const counts = new Map<string, number>();
      for (const line of out.split('\n').slice(1)) {
        const [user, proto] = line.trim().split(/\s+/);
        if (user && proto === 'imap') counts.set(user, (counts.get(user) ?? 0) + 1);
      }
      return counts;
    }
    const eachHasOneSession = (counts: Map<string, number>) =>
      users.every((u) => counts.get(u.user) === 2) && counts.size === users.length;

    function startWorker(extra: Record<string, string> = {}): WorkerProcess {
      const child = spawn(
        process.execPath,
        ['--conditions=@inlet/source', '--import', 'tsx', 'src/worker.ts'],
        {
          cwd: gatewayDir,
          env: { ...process.env, ...env, ...extra },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const output: string[] = [];
      child.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
      child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const worker = { child, output, exited };
      workers.push(worker);
      return worker;
    }

    async function append(
      user: { user: string; password: string },
      subject: string,
    ): Promise<void> {
      const raw = `From: Bob <bob@customer.test>\r\nTo: ${user.user}\r\nSubject: ${subject}\r\nMessage-ID: <${randomUUID()}@customer.test>\r\nDate: ${new Date().toUTCString()}\r\n\r\nHello\r\n`;
      await withTestMailbox(dovecot, user, (client) => client.append('INBOX', raw));
    }

    beforeAll(async () => {
      dovecot = await startDovecot({ users });
      database = await createTestDatabase('postgres');
      env = {
        DATABASE_URL: database.url,
        REDIS_URL: redisUrl,
        INLET_REDIS_PREFIX: `inlet-test-${randomBytes(4).toString('hex')}`, // this run's channels only
        INLET_ENCRYPTION_KEYS: TEST_KEY_ENTRY,
        INLET_ALLOW_PRIVATE_HOSTS: `127.0.0.1:${dovecot.imapsPort}`,
        INLET_EXTRA_CA_FILE: caFile(dovecot.ca),
        INLET_ISPDB_URL: 'off',
        INLET_SYNC_LEASE_SECONDS: String(LEASE_SECONDS),
        LOG_LEVEL: 'warn',
      };
      replicaA = await startTestGateway('postgres', {
        databaseUrl: database.url,
        env: { ...env, INLET_SYNC: 'off' },
      });
      const owner = await insertBenchUser(replicaA.services, 'owner@scale.test');
      for (const u of users)
        connectionOf.set(
          u.user,
          (
            await insertImapConnection(
              replicaA.services,
              owner,
              u.user,
              u.password,
              dovecot.imapsPort,
            )
          ).id,
        );
    }, 60_000);

    afterAll(async () => {
      for (const w of workers) w.child.kill('SIGKILL');
      await Promise.all(workers.map((w) => w.exited));
      await syncB?.stop();
      await replicaB?.close();
      await replicaA?.close();
      await dovecot?.stop();
      await database?.drop();
    }, 60_000);

    it('three worker processes share 30 connections, each connection owned by exactly one', async () => {
      const httpPort = await freePort();
      startWorker();
      startWorker({ INLET_WORKER_PORT: String(httpPort) }); // this one also serves /readyz and /metrics
      startWorker();
      const balanced = await until(
        async () => ({
          leases: await leases(),
          connected: await db()
            .selectFrom('connections')
            .select('id')
            .where('status', '=', 'CONNECTED')
            .execute(),
          who: await imapConnectionsPerUser(),
        }),
        (s) =>
          s.leases.length === ACCOUNTS &&
          [...ownersBy(s.leases).values()].join() === '10,10,10' &&
          s.connected.length === ACCOUNTS &&
          eachHasOneSession(s.who),
        120_000,
        200,
      );
      if (balanced.leases.length !== ACCOUNTS)
        console.error(workers.map((w) => w.output.join('')).join('\n---\n'));
      expect([...ownersBy(balanced.leases).values()]).toEqual([10, 10, 10]);
      expect(new Set(balanced.leases.map((l) => l.connection_id)).size).toBe(ACCOUNTS);
      expect(balanced.connected).toHaveLength(ACCOUNTS);
      // One session per account across all processes: Dovecot sees exactly INBOX + Sent for each user.
      expect([...balanced.who.values()]).toEqual(Array(ACCOUNTS).fill(2));

      expect((await fetch(`http://127.0.0.1:${httpPort}/readyz`)).status).toBe(200);
      const metrics = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
      expect(metrics).toMatch(/^inlet_sync_sessions\{role="worker"\} 10$/m);
      expect(metrics).toMatch(/^inlet_sync_server_connections\{role="worker"\} 20$/m);
      expect(metrics).toMatch(/^inlet_sync_workers_live\{role="worker"\} 3$/m);
      expect(metrics).toMatch(/^inlet_sync_connections_unowned\{role="worker"\} 0$/m);
    }, 150_000);

    it('kill -9 of a worker: its connections are taken over within the lease time, nothing lost or duplicated', async () => {
      const victim = workers[0]!;
      const victimRow = await db()
        .selectFrom('sync_workers')
        .select('id')
        .where('pid', '=', victim.child.pid!)
        .executeTakeFirstOrThrow();
      const orphaned = (await leases())
        .filter((l) => l.worker_id === victimRow.id)
        .map((l) => l.connection_id);
      expect(orphaned).toHaveLength(10);
      const orphanedUsers = users.filter((u) => orphaned.includes(connectionOf.get(u.user)!));

      victim.child.kill('SIGKILL');
      const killedAt = Date.now();
      await victim.exited;
      // Mail that arrives while nobody runs these mailboxes.
      for (const u of orphanedUsers.slice(0, 3)) await append(u, `While orphaned ${u.user}`);

      const takenOver = await until(
        leases,
        (rows) => rows.length === ACCOUNTS && rows.every((l) => l.worker_id !== victimRow.id),
        60_000,
      );
      const takeoverMs = Date.now() - killedAt;
      console.info(
        `takeover of ${orphaned.length} connections after kill -9: ${takeoverMs} ms (lease ${LEASE_SECONDS} s)`,
      );
      expect(takenOver.every((l) => l.worker_id !== victimRow.id)).toBe(true);
      // The lease time plus one heartbeat and a reconnect; far below it would mean leases were not honoured.
      expect(takeoverMs).toBeLessThan(3 * LEASE_SECONDS * 1000);
      expect([...ownersBy(takenOver).values()].sort()).toEqual([15, 15]);

      const messages = () =>
        db()
          .selectFrom('messages')
          .select(['connection_id', 'subject', 'message_id'])
          .where('subject', 'like', 'While orphaned %')
          .execute();
      const arrived = await until(messages, (rows) => rows.length >= 3, 30_000);
      expect(arrived.map((m) => m.subject).sort()).toEqual(
        orphanedUsers
          .slice(0, 3)
          .map((u) => `While orphaned ${u.user}`)
          .sort(),
      );
      expect(await until(imapConnectionsPerUser, eachHasOneSession, 30_000, 200)).toSatisfy(
        eachHasOneSession,
      );
      const duplicates = await db()
        .selectFrom('messages')
        .select(['connection_id', 'message_id', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy(['connection_id', 'folder', 'message_id'])
        .having((eb) => eb.fn.countAll(), '>', 1)
        .execute();
      expect(duplicates).toEqual([]);
    }, 120_000);

    it('a subscription on replica A receives a message synced by the worker inside replica B', async () => {
      replicaB = await startTestGateway('postgres', {
        databaseUrl: database.url,
        env: { ...env, INLET_SYNC: 'embedded' },
      });
      const joinedAt = new Date().toISOString();
      syncB = await startSync(replicaB.services);
      const workerB = syncB.supervisor.worker.id;
      // B joins as a third worker: the two survivors give back 5 each and B claims them, then catches up.
      const ownedByB = await until(
        async () =>
          db()
            .selectFrom('sync_leases')
            .innerJoin('connections', 'connections.id', 'sync_leases.connection_id')
            .select(['connections.id', 'connections.email'])
            .where('sync_leases.worker_id', '=', workerB)
            .where('connections.last_synced_at', '>', joinedAt)
            .execute(),
        (rows) => rows.length > 0,
        60_000,
      );
      expect(ownedByB.length).toBeGreaterThan(0);
      const target = ownedByB[0]!;

      const cookie = await replicaA.signIn();
      const synced = subscribeTo(replicaA.wsClient({ cookie }), MessageSynced, {
        connectionId: target.id,
      });
      await new Promise((r) => setTimeout(r, 500)); // the subscription reaches replica A's pub/sub
      await append(
        users.find((u) => u.user === target.email)!,
        'Across replicas',
      );
      const received = await until(
        async () => synced.events.map((e) => e.messageSynced.subject),
        (r) => r.includes('Across replicas'),
        20_000,
      );
      expect(received).toContain('Across replicas');
      synced.stop();
    }, 120_000);

    it('a command given to replica A reaches the worker process that owns the connection', async () => {
      const cookie = await replicaA.signIn();
      const workerIds = (await db().selectFrom('sync_workers').select(['id', 'pid']).execute())
        .filter((w) => w.pid !== process.pid)
        .map((w) => w.id);
      const owned = (await leases()).find((l) => workerIds.includes(l.worker_id))!;
      const email = [...connectionOf].find(([, id]) => id === owned.connection_id)![0];
      const res = await replicaA.execute(Disconnect, { id: owned.connection_id }, { cookie });
      expect(res.data?.disconnect.__typename).toBe('ConnectionRemoved');
      // The owner stopped the session: Dovecot no longer sees the account.
      const who = await until(imapConnectionsPerUser, (c) => !c.has(email), 20_000, 200);
      expect(who.has(email)).toBe(false);
    }, 60_000);
  },
);
