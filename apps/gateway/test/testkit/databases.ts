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

const adminUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** Set on CI (where PostgreSQL runs): an unreachable server fails the suite instead of skipping it. */
const postgresRequired = process.env.INLET_REQUIRE_POSTGRES === '1';

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch (err) {
    if (postgresRequired) {
      throw new Error(`INLET_REQUIRE_POSTGRES=1 but PostgreSQL at ${adminUrl} is unreachable: ${(err as Error).message}`);
    }
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Engines the gateway suite runs on: SQLite always, PostgreSQL when reachable (always on CI). */
export const engines: Engine[] = (await postgresReachable()) ? ['sqlite', 'postgres'] : ['sqlite'];
if (!engines.includes('postgres')) {
  console.warn(`PostgreSQL at ${adminUrl} is unreachable: the gateway suite runs on SQLite only.`);
}

/** A fresh, empty database: a temp SQLite file, or a new PostgreSQL database dropped afterwards. */
export async function createTestDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'inlet-test-'));
    return { url: join(dir, 'inlet.sqlite'), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `inlet_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
