/**
 * The gateway as production runs it, for benchmarks: compiled JS (`node dist/main.js`, what `npm start`
 * runs) in its own process with NODE_ENV=production. Under tsx every `require` goes through tsx's
 * hook, and Apollo requires `crypto` per request (@apollo/utils.createhash), so a gateway measured
 * from its TypeScript sources pays a cost production does not. BENCH_GATEWAY_NODE_ARGS adds Node flags
 * to the gateway process (a profiler: the profile is written when the bench stops the gateway).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { closeServices, createServices, ensureFirstAdmin } from '../../src/bootstrap.js';
import type { GatewayServices } from '../../src/gateway-services.js';
import { loadConfig } from '../../src/env.js';
import { SHUTDOWN_GRACE_MS } from '../../src/process-lifecycle.js';
import { createLogger } from '../../src/logger.js';
import { generateKeyEntry } from '../../src/vault/keyring.js';
import { ADMIN, gatewayClient } from '../../test/testkit/client.js';
import { createTestDatabase, type Engine } from '../../test/testkit/databases.js';

/** This checkout's apps/gateway. */
export const GATEWAY_DIR = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Builds the gateway of `gatewayDir` (an apps/gateway folder) and the packages it imports, as
 * `npm start` does; turbo replays its cache when nothing changed, so a fresh dist costs seconds.
 */
export function buildGateway(gatewayDir = GATEWAY_DIR): void {
  const res = spawnSync(
    'npx',
    ['turbo', 'run', 'build', '--filter=@inlet/gateway', '--output-logs=errors-only'],
    { cwd: join(gatewayDir, '../..'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (res.status !== 0)
    throw new Error(
      `building the gateway in ${gatewayDir} failed (exit ${res.status}):\n${`${res.stdout}${res.stderr}`.slice(-4000)}`,
    );
}

export interface CompiledGatewayEnv {
  DATABASE_URL: string;
  INLET_ENCRYPTION_KEYS: string;
  INLET_ADMIN_EMAIL: string;
  INLET_ADMIN_PASSWORD: string;
  [name: string]: string;
}

export interface CompiledGateway {
  /** http://127.0.0.1:<port> */
  url: string;
  pid: number;
  /** Stops the process (SIGTERM; SIGKILL 5 s after its shutdown grace) and waits until it is gone. */
  stop(): Promise<void>;
}

/** User and system CPU seconds a process has used so far (Linux: /proc/<pid>/stat, utime + stime). */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after "(comm) ": state is field 3, utime 14 and stime 15 (1-based); comm may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}
/** USER_HZ: 100 on every Linux Node supports. */
const CLOCK_TICKS = 100;

const running = new Set<ChildProcess>();
// A bench that throws or exits early must not leave a gateway behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** The Redis the API-only layout needs (the suite's; TEST_REDIS_URL). */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Starts `node dist/main.js` of `gatewayDir` on a free port of 127.0.0.1 and resolves once it serves.
 * It runs as an API-only replica (INLET_SYNC=off with Redis, the scale-out layout where `npm run
 * worker` processes sync): the benchmarks seed connections to mail servers that do not exist, and an
 * embedded sync would spend the measured CPU failing to reach them. Redis carries no work of a query
 * (events, sync commands and sign-in limits only); each gateway gets its own key prefix. The console
 * is not served (its static files play no part in POST /graphql).
 */
export async function startCompiledGateway(
  env: CompiledGatewayEnv,
  gatewayDir = GATEWAY_DIR,
): Promise<CompiledGateway> {
  // e.g. BENCH_GATEWAY_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" (Node refuses it in NODE_OPTIONS).
  const nodeArgs = (process.env.BENCH_GATEWAY_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, 'dist/main.js'], {
    cwd: gatewayDir,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      INLET_SYNC: 'off',
      REDIS_URL,
      INLET_REDIS_PREFIX: `bench-${randomBytes(6).toString('hex')}`,
      INLET_CONSOLE_DIR: join(tmpdir(), 'inlet-no-console'),
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      running.delete(child);
      resolve();
    }),
  );
  const output: string[] = [];
  const keep = (text: string) => output.push(text) > 50 && output.shift();
  child.stderr!.on('data', (d: Buffer) => keep(d.toString()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      // Past the gateway's own grace period: it exits by itself then, writing a --cpu-prof profile.
      const killer = setTimeout(() => child.kill('SIGKILL'), SHUTDOWN_GRACE_MS + 5000);
      await exited;
      clearTimeout(killer);
    }
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('the compiled gateway did not start in 60 s')),
        60_000,
      );
      const lines = createInterface({ input: child.stdout! });
      lines.on('line', (line) => {
        keep(line);
        // pino JSON; main.ts logs { url } once it listens.
        if (!line.includes('"url"')) return;
        const { url } = JSON.parse(line) as { url?: string };
        if (url) {
          clearTimeout(timer);
          resolve(url);
        }
      });
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`the compiled gateway exited (${child.exitCode ?? child.signalCode})`));
      });
    });
    return { url, pid: child.pid!, stop };
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}:\n${output.slice(-20).join('\n')}`);
  }
}

export interface SeededCompiledGateway extends CompiledGateway {
  /** A session cookie of the super admin, signed in over HTTP. */
  cookie: string;
  /** Stops the gateway and drops its database. */
  close(): Promise<void>;
}

/**
 * A fresh database of `engine`, migrated and filled by `fill` through this checkout's services (then
 * closed), served by the compiled gateway of `gatewayDir` (whose own migrations must match), signed in
 * over HTTP as the super admin (ADMIN of the test kit).
 */
export async function startSeededCompiledGateway<T>(
  engine: Engine,
  fill: (services: GatewayServices) => Promise<T>,
  gatewayDir = GATEWAY_DIR,
): Promise<SeededCompiledGateway & { filled: T }> {
  const database = await createTestDatabase(engine);
  const env = {
    DATABASE_URL: database.url,
    INLET_ENCRYPTION_KEYS: generateKeyEntry('bench1'),
    INLET_ADMIN_EMAIL: ADMIN.email,
    INLET_ADMIN_PASSWORD: ADMIN.password,
  };
  let gateway: CompiledGateway | undefined;
  try {
    const services = await createServices(
      loadConfig({ ...env, NODE_ENV: 'production', LOG_LEVEL: 'silent' }),
      createLogger('silent'),
    );
    let filled: T;
    try {
      // First, as at a first start: the gateway creates its admin only while no user exists.
      await ensureFirstAdmin(services);
      filled = await fill(services);
    } finally {
      await closeServices(services);
    }
    gateway = await startCompiledGateway(env, gatewayDir);
    const cookie = await gatewayClient(gateway.url).signIn();
    const { url, pid, stop } = gateway;
    return {
      url,
      pid,
      stop,
      cookie,
      filled,
      async close() {
        await stop();
        await database.drop();
      },
    };
  } catch (err) {
    await gateway?.stop();
    await database.drop();
    throw err;
  }
}
