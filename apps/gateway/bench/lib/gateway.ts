import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import pg from 'pg';
import WebSocket from 'ws';
import { closeServices, createServices, ensureFirstAdmin } from '../../src/bootstrap.js';
import type { GatewayServices } from '../../src/gateway-services.js';
import { loadConfig } from '../../src/env.js';
import { createLogger } from '../../src/logger.js';
import { createGateway } from '../../src/server.js';
import { generateKeyEntry } from '../../src/vault/keyring.js';
import { sleep } from './stats.js';

export type Engine = 'sqlite' | 'postgres';

export const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const ADMIN = { email: 'bench-admin@example.com', password: 'bench-admin-password' };

export interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Engines this machine offers: SQLite always, PostgreSQL when it answers. */
export async function availableEngines(): Promise<Engine[]> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return ['sqlite', 'postgres'];
  } catch {
    return ['sqlite'];
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
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
 * A fresh database: a temp SQLite file, or a new PostgreSQL database. drop() first waits for the
 * database's sessions to go away (a pool's end() resolves before its sockets are closed, and forcing
 * the drop then kills a connection the pool still listens to), and forces it only after 5 s.
 */
export async function createBenchDatabase(engine: Engine): Promise<BenchDatabase> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'inlet-bench-db-'));
    return { url: join(dir, 'inlet.sqlite'), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `inlet_bench_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`create database ${name}`));
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      admin(async (c) => {
        for (let i = 0; i < 50; i++) {
          const { rows } = await c.query<{ n: string }>('select count(*) as n from pg_stat_activity where datname = $1', [name]);
          if (Number(rows[0]?.n ?? 0) === 0) break;
          await sleep(100);
        }
        await c.query(`drop database if exists ${name} with (force)`);
      }),
  };
}

export interface BenchGateway {
  url: string;
  services: GatewayServices;
  execute(document: TypedDocumentNode<any, any> | string, variables: Record<string, unknown>, cookie?: string): Promise<{ status: number; data?: any; errors?: unknown[]; headers: Headers }>;
  /** Signs the super admin in; returns the session cookie. */
  signIn(): Promise<string>;
  wsClient(cookie: string): Client;
  close(): Promise<void>;
}

/** A real gateway (HTTP + graphql-ws, the production createGateway) on 127.0.0.1 with a fresh database. */
export async function startBenchGateway(engine: Engine, env: Record<string, string> = {}): Promise<BenchGateway> {
  const database = await createBenchDatabase(engine);
  const config = loadConfig({
    PORT: '0',
    DATABASE_URL: database.url,
    INLET_ADMIN_EMAIL: ADMIN.email,
    INLET_ADMIN_PASSWORD: ADMIN.password,
    INLET_CONSOLE_DIR: join(tmpdir(), 'inlet-no-console'),
    INLET_ENCRYPTION_KEYS: generateKeyEntry('bench1'),
    LOG_LEVEL: 'silent',
    ...env,
  });
  const services = await createServices(config, createLogger('silent'));
  await ensureFirstAdmin(services);
  const gateway = await createGateway(services);
  const url = await gateway.listen();
  const sockets: Client[] = [];
  const execute: BenchGateway['execute'] = async (document, variables, cookie) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (cookie) headers.cookie = cookie;
    const query = typeof document === 'string' ? document : print(document);
    const res = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { data?: unknown; errors?: unknown[] };
    return { ...body, status: res.status, headers: res.headers };
  };
  return {
    url,
    services,
    execute,
    async signIn() {
      const res = await execute(
        'mutation BenchSignIn($email: String!, $password: String!) { signIn(email: $email, password: $password) { __typename } }',
        ADMIN,
      );
      const cookie = res.headers.get('set-cookie');
      if (res.data?.signIn?.__typename !== 'Viewer' || !cookie) throw new Error(`sign-in failed: ${JSON.stringify(res.data ?? res.errors)}`);
      return cookie.split(';')[0]!;
    },
    wsClient(cookie) {
      class CookieWebSocket extends WebSocket {
        constructor(address: string, protocols?: string | string[]) {
          super(address, protocols, { headers: { cookie } });
        }
      }
      const client = createClient({ url: `${url.replace('http', 'ws')}/graphql`, webSocketImpl: CookieWebSocket, retryAttempts: 0, lazy: true });
      sockets.push(client);
      return client;
    },
    async close() {
      await Promise.all(sockets.map((s) => s.dispose()));
      await gateway.close();
      await closeServices(services);
      await database.drop();
    },
  };
}
