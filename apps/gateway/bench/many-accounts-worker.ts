/**
 * One measurement of "many accounts on one worker", in a process of its own so its memory is only
 * this: a gateway (SQLite) whose SyncSupervisor syncs N IMAP accounts on the bench Dovecot.
 * Started by many-accounts.ts; prints one JSON line (prefixed RESULT) on stdout.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from 'node:inspector/promises';
import { createProviderRegistry } from '@inlet/providers';
import { SyncSupervisor } from '../src/engine/supervisor.js';
import { startTestGateway } from '../test/testkit/gateway.js';
import { until } from '../test/testkit/wait.js';
import { insertBenchUser, insertImapConnection, PRODUCTION_ENV } from './lib/services.js';
import { collectGarbage, sleep } from './lib/stats.js';

/** Tells the parent where we are and waits for its "go" (it samples Dovecot's processes meanwhile). */
const lines = (async function* () {
  let buffer = '';
  for await (const chunk of process.stdin) {
    buffer += String(chunk);
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      yield buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
    }
  }
})();
async function handshake(marker: string): Promise<void> {
  process.stdout.write(`${marker}\n`);
  await lines.next();
}

export interface WorkerInput {
  accounts: number;
  port: number;
  ca: string;
  userPrefix: string;
  password: string;
  staggerMs: number;
  idleSeconds: number;
  rampTimeoutMs: number;
  /**
   * How the test CA is trusted. 'node-store': NODE_EXTRA_CA_CERTS (set by the parent), like a server with a
   * publicly trusted certificate: no per-connection `ca`. 'extra-ca-file': INLET_EXTRA_CA_FILE, the
   * deployment option for a company CA: every connection gets its own `ca` list (the roots plus the CA).
   */
  trust: 'node-store' | 'extra-ca-file';
  /**
   * The safety-net poll of a folder its connection IDLEs on (production: 15 min). The idle benchmark
   * sets the plain poll interval (5 min) so every folder's poll falls inside a 5-minute window.
   */
  idlePollIntervalMs?: number;
}

export interface WorkerOutput {
  accounts: number;
  connected: number;
  imapConnections: number;
  rampSeconds: number;
  rssBefore: number;
  rssAfter: number;
  heapBefore: number;
  heapAfter: number;
  externalAfter: number;
  idleCpuPercent: number;
  idleSeconds: number;
  eventLoopMaxMs: number;
  stopSeconds: number;
  statuses: Record<string, number>;
  /** Accounts whose last_synced_at moved inside the idle window: their safety-net poll ran in it. */
  polledInWindow: number;
}

const input = JSON.parse(process.env.BENCH_WORKER_INPUT ?? '{}') as WorkerInput;
const caDir = mkdtempSync(join(tmpdir(), 'inlet-bench-ca-'));
writeFileSync(join(caDir, 'ca.pem'), input.ca);
const t00 = performance.now();
const progress = (what: string) =>
  process.stderr.write(
    `[worker ${input.accounts}] ${what} at ${((performance.now() - t00) / 1000).toFixed(1)} s\n`,
  );
const gw = await startTestGateway('sqlite', {
  env: {
    ...(input.trust === 'extra-ca-file' ? { INLET_EXTRA_CA_FILE: join(caDir, 'ca.pem') } : {}),
    INLET_ALLOW_PRIVATE_HOSTS: '127.0.0.1:*',
    INLET_ISPDB_URL: 'off',
    ...PRODUCTION_ENV,
  },
});
progress('gateway started');
const { services } = gw;
const supervisor = new SyncSupervisor(services, {
  kinds: ['IMAP'], // production timing: the process's own registry, unless the poll is set
  ...(input.idlePollIntervalMs
    ? {
        providers: createProviderRegistry({
          imap: {
            timing: { idlePollIntervalMs: input.idlePollIntervalMs },
            uidValidity: { maxRebuilds: services.config.uidValidityRebuildsPerHour },
          },
        }),
      }
    : {}),
  staggerMs: input.staggerMs,
  // perHostLimit: the default (concurrent connects per mail host); every account here is on one host.
});

try {
  const owner = await insertBenchUser(services, 'owner@accounts.test');
  const ids: string[] = [];
  for (let i = 0; i < input.accounts; i++) {
    const row = await insertImapConnection(
      services,
      owner,
      `${input.userPrefix}${i}@accounts.test`,
      input.password,
      input.port,
    );
    ids.push(row.id);
  }
  progress('connections inserted');
  await sleep(500);
  await collectGarbage();
  const before = process.memoryUsage();

  const t0 = performance.now();
  await supervisor.start();
  const connectedCount = async () =>
    Number(
      (
        await services.db
          .selectFrom('connections')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('status', '=', 'CONNECTED')
          .executeTakeFirstOrThrow()
      ).n,
    );
  const connected = await until(
    connectedCount,
    (n) => n >= input.accounts,
    input.rampTimeoutMs,
    250,
  );
  const rampSeconds = (performance.now() - t0) / 1000;
  progress('all CONNECTED');
  // Every session has done its initial sync; give the last ones time to enter IDLE (1 s auto-IDLE delay).
  await sleep(3000);
  await collectGarbage();
  const after = process.memoryUsage();
  const imapConnections = ids.reduce((sum, id) => sum + supervisor.connectionsInUse(id), 0);

  // Idle: nothing changes on the server; the process only keeps its sockets (IDLE) open.
  await handshake('IDLE_START');
  let eventLoopMaxMs = 0;
  let last = performance.now();
  const probe = setInterval(() => {
    const now = performance.now();
    eventLoopMaxMs = Math.max(eventLoopMaxMs, now - last - 100);
    last = now;
  }, 100);
  const windowStart = new Date().toISOString();
  // BENCH_IDLE_PROFILE=<file.cpuprofile>: a CPU profile of the idle window only (not the ramp).
  const profileFile = process.env.BENCH_IDLE_PROFILE;
  const inspector = profileFile ? new Session() : undefined;
  if (inspector) {
    inspector.connect();
    await inspector.post('Profiler.enable');
    await inspector.post('Profiler.start');
  }
  const cpu0 = process.cpuUsage();
  const w0 = performance.now();
  await sleep(input.idleSeconds * 1000);
  const cpu = process.cpuUsage(cpu0);
  const wall = (performance.now() - w0) / 1000;
  clearInterval(probe);
  if (inspector && profileFile) {
    const { profile } = await inspector.post('Profiler.stop');
    writeFileSync(profileFile, JSON.stringify(profile));
    inspector.disconnect();
  }
  await sleep(6000); // last_synced_at is written within 5 s (last-synced-writer.ts)
  const polledInWindow = Number(
    (
      await services.db
        .selectFrom('connections')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('last_synced_at', '>=', windowStart)
        .executeTakeFirstOrThrow()
    ).n,
  );
  await handshake('IDLE_END');
  const statusRows = await services.db.selectFrom('connections').select(['status']).execute();
  const statuses: Record<string, number> = {};
  for (const r of statusRows) statuses[r.status] = (statuses[r.status] ?? 0) + 1;

  const s0 = performance.now();
  await supervisor.stop();
  const stopSeconds = (performance.now() - s0) / 1000;
  progress('supervisor stopped');
  const output: WorkerOutput = {
    accounts: input.accounts,
    connected,
    imapConnections,
    rampSeconds,
    rssBefore: before.rss,
    rssAfter: after.rss,
    heapBefore: before.heapUsed,
    heapAfter: after.heapUsed,
    externalAfter: after.external,
    idleCpuPercent: ((cpu.user + cpu.system) / 1e6 / wall) * 100,
    idleSeconds: wall,
    eventLoopMaxMs,
    stopSeconds,
    statuses,
    polledInWindow,
  };
  process.stdout.write(`RESULT ${JSON.stringify(output)}\n`);
} finally {
  await supervisor.stop();
  await gw.close();
  progress('gateway closed');
  rmSync(caDir, { recursive: true, force: true });
  // stdin is still open for the handshake: without this the process would wait on it.
  process.stdin.destroy();
  setTimeout(() => process.exit(), 200).unref();
}
