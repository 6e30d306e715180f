import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { consoleDir, gatewayDir } from './paths.js';

// A real gateway (apps/gateway, on SQLite in a temp dir or on a fresh PostgreSQL database) as a child
// process, for the browser tests.

/** The database a gateway under test runs on. */
export type Engine = 'sqlite' | 'postgres';

/**
 * The engines a browser test file runs its journeys on: SQLite always, PostgreSQL (127.0.0.1:5432,
 * or TEST_POSTGRES_URL) when it is reachable. With INLET_REQUIRE_POSTGRES=1 (CI) an unreachable
 * PostgreSQL fails the file instead. The gateway suite's rule and probe, loaded only when asked.
 */
export async function testEngines(): Promise<Engine[]> {
  const { engines } = await import('../../../gateway/test/testkit/databases.js');
  return engines;
}

export interface RunningGateway {
  url: string;
  dataDir: string;
  engine: Engine;
  /** The last lines the gateway printed, for failure reports. */
  log(): string;
  stop(): Promise<void>;
}

/** Each running gateway, with what its stop leaves to do (drop its PostgreSQL database). */
const running = new Map<ChildProcess, () => Promise<void>>();

// Belt and braces: never leave a gateway behind, even if the worker dies before afterAll.
const killOnExit = () => {
  for (const child of running.keys()) child.kill('SIGKILL');
};

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('could not find a free port');
  return address.port;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  const cleanUp = running.get(child);
  running.delete(child);
  if (running.size === 0) process.off('exit', killOnExit);
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const graceful = await Promise.race([
      exited.then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), 5000)),
    ]);
    if (!graceful) {
      child.kill('SIGKILL');
      await exited;
    }
  }
  await cleanUp?.();
}

/**
 * A database of its own for one gateway: a fresh PostgreSQL database (dropped when the gateway
 * stops), or none for SQLite (the gateway's file in its data dir).
 */
async function databaseFor(
  engine: Engine,
): Promise<{ env: Record<string, string>; drop: () => Promise<void> }> {
  if (engine === 'sqlite') return { env: {}, drop: async () => {} };
  const { createTestDatabase } = await import('../../../gateway/test/testkit/databases.js');
  const database = await createTestDatabase('postgres');
  return { env: { DATABASE_URL: database.url }, drop: () => database.drop() };
}

/** No DATABASE_URL (CI points it at Postgres; the engine option chooses), no REDIS_URL and no operator INLET_* settings leak into the gateway under test. */
export function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => key !== 'DATABASE_URL' && key !== 'REDIS_URL' && !key.startsWith('INLET_'),
    ),
  );
}

/**
 * Starts apps/gateway on a free port with its own data dir (`<parentDir>/<name>`) and database (SQLite
 * in that dir by default; `engine: 'postgres'` for a fresh PostgreSQL database), and waits (bounded)
 * for /healthz. `settings` are extra environment variables (INLET_ADMIN_EMAIL, ..., PORT to choose the port).
 */
export async function startGateway(
  parentDir: string,
  name: string,
  settings: Record<string, string>,
  { engine = 'sqlite' }: { engine?: Engine } = {},
): Promise<RunningGateway> {
  const dataDir = join(parentDir, name);
  await mkdir(dataDir);
  const database = await databaseFor(engine);
  // A fixed PORT (for a redirect URI registered before the gateway starts), or a free one.
  const port = settings.PORT ? Number(settings.PORT) : await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    ['--conditions=@inlet/source', '--import', 'tsx', join(gatewayDir, 'src/main.ts')],
    {
      cwd: gatewayDir,
      env: {
        ...cleanEnv(),
        HOST: '127.0.0.1',
        PORT: String(port),
        INLET_DATA_DIR: dataDir,
        INLET_CONSOLE_DIR: consoleDir,
        LOG_LEVEL: 'warn',
        ...database.env,
        ...settings,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  if (running.size === 0) process.once('exit', killOnExit);
  running.set(child, database.drop);
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const log = () => output.join('').split('\n').slice(-60).join('\n');

  // Generous: on a loaded shared machine a tsx start with migrations alone has taken 18 s and more.
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stopProcess(child);
      throw new Error(`The gateway exited with code ${child.exitCode}:\n${log()}`);
    }
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stopProcess(child);
      throw new Error(`The gateway did not answer /healthz within 90 s:\n${log()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, dataDir, engine, log, stop: () => stopProcess(child) };
}

/** Stops every gateway startGateway() started and has not been stopped yet (for afterAll). */
export async function stopAllGateways(): Promise<void> {
  await Promise.all([...running.keys()].map(stopProcess));
}

/**
 * The operator allow-list that lets the gateway reach the loopback test servers (its SSRF guard refuses them otherwise),
 * on any port: the test servers' ports are random.
 */
export const loopbackAllowed = { INLET_ALLOW_PRIVATE_HOSTS: '127.0.0.1:*,localhost:*' };

export interface TestGatewayOptions {
  admin: { email: string; password: string };
  caFile: string;
  settings?: Record<string, string>;
  engine?: Engine;
  /** The data dir's name under `dir`, when one file starts several gateways. */
  name?: string;
}

/**
 * The gateway of a browser test (`<dir>/gateway`): `admin` is its first admin, it trusts `caFile`
 * and looks up no ISPDB; `settings` add to or override that.
 */
export function startTestGateway(
  dir: string,
  { admin, caFile, settings = {}, engine, name = 'gateway' }: TestGatewayOptions,
): Promise<RunningGateway> {
  return startGateway(
    dir,
    name,
    {
      INLET_ADMIN_EMAIL: admin.email,
      INLET_ADMIN_PASSWORD: admin.password,
      INLET_EXTRA_CA_FILE: caFile,
      INLET_ISPDB_URL: 'off',
      ...settings,
    },
    { engine },
  );
}
