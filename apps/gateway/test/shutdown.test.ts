import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startDovecot, type DovecotServer } from '@inlet/providers/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayClient } from './testkit/client.js';
import { engines } from './testkit/databases.js';
import { ADMIN, startTestGateway, TEST_KEY_ENTRY, type TestGateway } from './testkit/gateway.js';
import { exitWithin, spawnProcess, type Spawned } from './testkit/processes.js';
import { redisUrl } from './testkit/redis.js';
import { servicesAvailable } from './testkit/requirements.js';
import { insertBenchUser, insertImapConnection } from './testkit/seed.js';

/** Far longer than a clean shutdown takes; a process still running then is stuck. */
const EXIT_BOUND_MS = 20_000;

async function until<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  what: string,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.each(engines)('shutdown with live sessions on %s', (engine) => {
  const account = { user: `shutdown-${engine}@shutdown.test`, password: 'shutdown-pass-1' };
  let dovecot: DovecotServer;
  let seeder: TestGateway;
  let env: Record<string, string>;
  const spawned: Spawned[] = [];

  const imapSessions = async () =>
    (await dovecot.doveadm(['who', '-1']))
      .split('\n')
      .filter((line) => line.startsWith(account.user)).length;

  beforeAll(async () => {
    dovecot = await startDovecot({ users: [account] });
    seeder = await startTestGateway(engine);
    const databaseUrl = seeder.services.config.databaseUrl;
    const caDir = mkdtempSync(join(tmpdir(), 'inlet-shutdown-ca-'));
    writeFileSync(join(caDir, 'ca.pem'), dovecot.ca);
    env = {
      DATABASE_URL: databaseUrl,
      INLET_ENCRYPTION_KEYS: TEST_KEY_ENTRY,
      INLET_ALLOW_PRIVATE_HOSTS: `127.0.0.1:${dovecot.imapsPort}`,
      INLET_EXTRA_CA_FILE: join(caDir, 'ca.pem'),
      INLET_ISPDB_URL: 'off',
      INLET_CONSOLE_DIR: join(tmpdir(), 'inlet-no-console'),
      LOG_LEVEL: 'info',
    };
    const owner = await insertBenchUser(seeder.services, `owner-${engine}@shutdown.test`);
    await insertImapConnection(
      seeder.services,
      owner,
      account.user,
      account.password,
      dovecot.imapsPort,
    );
  }, 60_000);

  afterAll(async () => {
    for (const p of spawned) p.child.kill('SIGKILL');
    await seeder?.close();
    await dovecot?.stop();
  });

  const connected = () =>
    seeder.services.db
      .selectFrom('connections')
      .select('status')
      .where('email', '=', account.user)
      .executeTakeFirstOrThrow();

  it('the gateway closes its IMAP sessions and subscriptions and exits on SIGTERM', async () => {
    const port = await freePort();
    const gateway = spawnProcess('src/main.ts', {
      ...env,
      PORT: String(port),
      INLET_SYNC: 'embedded',
    });
    spawned.push(gateway);
    await until(connected, (row) => row.status === 'CONNECTED', 'the gateway to connect the inbox');
    expect(await imapSessions()).toBeGreaterThan(0);

    const client = gatewayClient(`http://127.0.0.1:${port}`);
    const cookie = await client.signIn(ADMIN.email, ADMIN.password);
    const ws = client.wsClient({ cookie });
    const opened = new Promise<void>((resolve) => ws.on('connected', () => resolve()));
    const ended = new Promise<void>((resolve) =>
      ws.subscribe(
        { query: 'subscription { connectionStatusChanged(scope: ALL) { id } }' },
        { next: () => undefined, error: () => resolve(), complete: () => resolve() },
      ),
    );
    await opened;

    gateway.child.kill('SIGTERM');
    expect(await exitWithin(gateway, EXIT_BOUND_MS)).toBe(0);
    await ended; // the subscription was ended by the server, not left hanging
    await ws.dispose();
    expect(gateway.output.join('')).toContain('shutting down');
    await until(imapSessions, (n) => n === 0, 'Dovecot to see the sessions closed', 10_000);
  });

  it('in production mode (where Apollo would handle signals itself) the gateway exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const gateway = spawnProcess('src/main.ts', {
      ...env,
      NODE_ENV: 'production',
      PORT: String(port),
      INLET_SYNC: 'embedded',
    });
    spawned.push(gateway);
    await until(
      async () => gateway.output.join(''),
      (out) => out.includes('Inlet is running'),
      'the gateway to start',
      20_000,
    );
    gateway.child.kill('SIGTERM');
    expect(await exitWithin(gateway, EXIT_BOUND_MS)).toBe(0);
    expect(gateway.output.join('')).not.toContain('grace period');
  }, 60_000);

  it.runIf(engine === 'postgres' && servicesAvailable({ postgres: true, redis: true }))(
    'a sync worker closes its IMAP sessions and exits on SIGTERM',
    async () => {
      const worker = spawnProcess('src/worker.ts', {
        ...env,
        REDIS_URL: redisUrl,
        INLET_REDIS_PREFIX: `inlet-test-${randomBytes(4).toString('hex')}`,
      });
      spawned.push(worker);
      await seeder.services.db
        .updateTable('connections')
        .set({ status: 'CONNECTING' })
        .where('email', '=', account.user)
        .execute();
      await until(imapSessions, (n) => n > 0, 'the worker to open the IMAP sessions');
      worker.child.kill('SIGTERM');
      expect(await exitWithin(worker, EXIT_BOUND_MS)).toBe(0);
      await until(imapSessions, (n) => n === 0, 'Dovecot to see the sessions closed', 10_000);
    },
  );

  it('a gateway restarted after kill -9 on the same port takes its connections back at once, not after the lease', async () => {
    const port = await freePort();
    // A lease far longer than the wait below: only taking its own leases back can make this pass.
    const gatewayEnv = {
      ...env,
      PORT: String(port),
      INLET_SYNC: 'embedded',
      INLET_SYNC_LEASE_SECONDS: '120',
    };
    await seeder.services.db
      .updateTable('connections')
      .set({ status: 'CONNECTING' })
      .where('email', '=', account.user)
      .execute();
    const first = spawnProcess('src/main.ts', gatewayEnv);
    spawned.push(first);
    await until(imapSessions, (n) => n > 0, 'the first gateway to open the IMAP sessions');
    first.child.kill('SIGKILL');
    await first.exit;
    await until(imapSessions, (n) => n === 0, 'Dovecot to see the killed sessions go', 10_000);

    const second = spawnProcess('src/main.ts', gatewayEnv);
    spawned.push(second);
    await until(
      imapSessions,
      (n) => n > 0,
      'the restarted gateway to open the IMAP sessions',
      60_000,
    );
    second.child.kill('SIGTERM');
    expect(await exitWithin(second, EXIT_BOUND_MS)).toBe(0);
  }, 150_000);
});
