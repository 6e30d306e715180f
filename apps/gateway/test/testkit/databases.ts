import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export type Engine = 'sqlite' | 'postgres';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** The PostgreSQL server the suite and the benchmarks create their databases on. */
export const POSTGRES_URL =
  process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** Set on CI (where PostgreSQL runs): an unreachable server fails the suite instead of skipping it. */
const postgresRequired = process.env.INLET_REQUIRE_POSTGRES === '1';

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch (err) {
    if (postgresRequired) {
      throw new Error(
        `INLET_REQUIRE_POSTGRES=1 but PostgreSQL at ${POSTGRES_URL} is unreachable: ${(err as Error).message}`,
      );
    }
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Engines the gateway suite (and the benchmarks) run on: SQLite always, PostgreSQL when reachable (always on CI). */
export const engines: Engine[] = (await postgresReachable()) ? ['sqlite', 'postgres'] : ['sqlite'];
if (!engines.includes('postgres')) {
  console.warn(`PostgreSQL at ${POSTGRES_URL} is unreachable: running on SQLite only.`);
}

async function asAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A fresh, empty database: a temp SQLite file, or a new PostgreSQL database. drop() first waits for the
 * database's sessions to go away (a pool's end() resolves before its sockets are closed, and forcing
 * the drop then kills a connection the pool still listens to), and forces it only after 5 s.
 */
export async function createTestDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'inlet-test-'));
    return {
      url: join(dir, 'inlet.sqlite'),
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `inlet_test_${randomBytes(6).toString('hex')}`;
  await asAdmin((c) => c.query(`create database ${name}`));
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      asAdmin(async (c) => {
        for (let i = 0; i < 50; i++) {
          const { rows } = await c.query<{ n: string }>(
            'select count(*) as n from pg_stat_activity where datname = $1',
            [name],
          );
          if (Number(rows[0]?.n ?? 0) === 0) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        await c.query(`drop database if exists ${name} with (force)`);
      }),
  };
}
